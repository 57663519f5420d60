"""Records a reviewer reads in a pull request (issue 30, items 1 and 2): on every documented
decision of tests/real_decisions, the record `decide --save` writes is at most 200 lines of
TOML and its default MADR export at most 150 lines within 80 columns (an address, or the
title that adr-tools reads from line 1, may run past); what it leaves out is recomputed on
demand; an earlier, full record keeps reading and `records upgrade` makes it concise."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from archdecide.decisions.engine.answers import check_answers
from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.meta import Meta
from archdecide.decisions.records.expand import expand
from archdecide.decisions.records.madr import export_text
from archdecide.decisions.records.model import from_toml, to_toml
from archdecide.decisions.records.recheck import recheck
from archdecide.decisions.records.store import find, save_new_record
from archdecide.knowledge.loader import load_pack
from tests.conftest import ROOT, TINY
from tests.inprocess import cli
from tests.real_decisions.evaluate import load

PACK = load_pack()
CASES = load()
GOLDEN = ROOT / "tests" / "golden" / "records" / \
    "0007-serve-the-secret-data-assistant-within-weeks.toml"


def _too_wide(text: str, title: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) > 80
            and "<http" not in line and line != f"# {title}"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_saved_decision_fits_a_review(case: object, tmp_path: Path) -> None:
    answers, problems = check_answers(PACK, case.answers)  # type: ignore[attr-defined]
    assert not problems
    evaluation = evaluate(PACK, answers)
    path = save_new_record(evaluation, Meta(title=case.organisation), tmp_path,  # type: ignore[attr-defined]
                           today=dt.date(2026, 12, 6))
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200, len(text.splitlines())
    record = from_toml(text)
    assert record.concise and record.given_answers() == dict(answers)
    madr = export_text(expand(record, PACK), names={1: path.with_suffix(".md").name})
    assert len(madr.splitlines()) <= 150, len(madr.splitlines())
    assert _too_wide(madr, record.title) == []
    assert f"`{path.name}`" in madr  # the record it summarises is named


def test_what_a_concise_record_leaves_out_is_recomputed_on_demand(tmp_path: Path) -> None:
    saved = cli("decide", "--set", "data_sensitivity=regulated", "--save", "--title", "Chat",
                "--records", str(tmp_path), check=True)
    assert saved.returncode == 0
    text = (tmp_path / "0001-chat.toml").read_text(encoding="utf-8")
    assert "pros = " not in text and "[[answers]]" not in text and "[[drivers]]" not in text
    shown = cli("records", "show", "1", "--records", str(tmp_path), "--format", "json",
                check=True)
    import json

    data = json.loads(shown.stdout)
    assert data["drivers"] and data["answers"][0]["prompt"]  # recomputed, as --full
    assert any(o["pros"] for o in data["considered"]) and data["sizing"]["assumptions"]
    full = cli("records", "show", "1", "--records", str(tmp_path), "--full", check=True)
    lines = full.stdout.splitlines()
    assert lines[0] == "0001. Chat" and lines[3].startswith("Chosen: ")  # the decision first
    assert all(len(line) <= 80 for line in lines if "http" not in line)
    assert "Sources:" in full.stdout and "good: " in full.stdout
    # the pack at the record's hash is not here: shown as saved, one sentence says so
    other = cli("records", "show", "1", "--records", str(tmp_path), "--knowledge", str(TINY))
    assert other.returncode == 0 and other.stdout.startswith("0001. Chat")
    assert other.stderr.startswith("archdecide: record 0001 was decided with knowledge pack "
                                   "llm_deployment")


def test_an_earlier_full_record_reads_and_upgrades_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    shutil.copy(GOLDEN, folder)
    before = GOLDEN.read_text(encoding="utf-8")
    problems = cli("records", "check", "--records", str(folder)).stdout  # it supersedes 0003
    old = find(folder, 7).record
    assert not old.concise
    listed = cli("records", "show", "7", "--records", str(folder), check=True)
    assert "Answers given:" in listed.stdout and listed.stderr == ""
    assert (folder / GOLDEN.name).read_text(encoding="utf-8") == before  # reading wrote nothing
    upgraded = cli("records", "upgrade", "--all", "--records", str(folder), check=True)
    assert upgraded.stdout.startswith("upgraded ")
    new = find(folder, 7).record
    assert new.concise and len(to_toml(new).splitlines()) < len(before.splitlines()) / 2
    assert new.given_answers() == old.given_answers()
    assert new.assumed_answers() == old.assumed_answers()
    assert (new.chosen, new.links, new.history, new.status) == (old.chosen, old.links,
                                                               old.history, old.status)
    assert [(o.id, o.score, o.excluded, o.reasons) for o in new.considered] == [
        (o.id, o.score, o.excluded, o.reasons) for o in old.considered]
    tiny = load_pack(TINY)
    assert recheck(new, tiny).outcome == recheck(old, tiny).outcome
    again = cli("records", "upgrade", "7", "--records", str(folder), check=True)
    assert again.stdout.startswith("Nothing to upgrade")
    assert cli("records", "check", "--records", str(folder)).stdout == problems
