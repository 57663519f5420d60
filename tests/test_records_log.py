"""A decision log a team can search and keep current: tags, search, review dates and the drift
check (`records due`, exit 4), and a status history of who changed what, when."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TINY
from tests.inprocess import cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")},
            "HOME": str(tmp_path), "ARCHDECIDE_USER": "ada"}


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return cli(*args, env=env,
                          timeout=60)


def _save(tmp_path: Path, env: dict[str, str], title: str, *extra: str,
          sensitivity: str = "secret") -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(f'[meta]\ntitle = "{title}"\ncontext = "Claims triage for {title}"\n'
                       f'[answers]\nsensitivity = "{sensitivity}"\n', encoding="utf-8")
    saved = _cli("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
                 "--records", str(tmp_path / "records"), *extra, env=env)
    assert saved.returncode == 0, saved.stderr


def test_tags_filter_the_list_and_search_finds_text(tmp_path: Path,
                                                    env: dict[str, str]) -> None:
    records = str(tmp_path / "records")
    _save(tmp_path, env, "Claims", "--tag", "claims", "--tag", "q1")
    _save(tmp_path, env, "Support", "--tag", "support", sensitivity="public")
    tagged = json.loads(_cli("records", "list", "--tag", "claims", "--format", "json",
                             "--records", records, env=env).stdout)
    assert [(r["number"], r["tags"]) for r in tagged] == [(1, ["claims", "q1"])]
    found = _cli("records", "search", "TRIAGE FOR SUPPORT", "--records", records, env=env)
    assert found.returncode == 0 and "0002" in found.stdout and "0001" not in found.stdout
    by_answer = json.loads(_cli("records", "search", "data? public", "--format", "json",
                                "--records", records, "--knowledge", str(TINY),
                                env=env).stdout)
    assert [r["number"] for r in by_answer] == [2]  # the answer's prompt and label, in the
    # words of the record's pack (a concise record keeps `sensitivity = "public"`)
    by_id = json.loads(_cli("records", "search", 'sensitivity public', "--format", "json",
                            "--records", records, env=env).stdout)
    assert [r["number"] for r in by_id] == [2]  # with another pack: the ids and values
    bad = _cli("decide", "--answers", str(tmp_path / "a.toml"), "--knowledge", str(TINY),
               "--save", "--tag", "Not A Tag", "--records", records, env=env)
    assert bad.returncode == 2 and "--tag" in bad.stderr


def test_due_lists_overdue_reviews_and_drift_and_exits_4(tmp_path: Path,
                                                        env: dict[str, str]) -> None:
    records = str(tmp_path / "records")
    _save(tmp_path, env, "Reviewed", "--review-by", "2026-06-01")
    clean = _cli("records", "due", "--knowledge", str(TINY), "--today", "2026-05-01",
                 "--records", records, env=env)
    assert clean.returncode == 0 and "Nothing is due." in clean.stdout
    late = _cli("records", "due", "--knowledge", str(TINY), "--today", "2026-07-01",
                "--records", records, env=env)
    assert late.returncode == 4 and "review was due on 2026-06-01" in late.stdout
    pack = tmp_path / "pack"  # the pack changes: onprem is excluded for secret data now
    shutil.copytree(TINY, pack)
    questions = pack / "questions.toml"
    questions.write_text(questions.read_text(encoding="utf-8").replace(
        'effects = { exclude = [ { architecture = "api"',
        'effects = { exclude = [ { architecture = "onprem", reason = "changed" }, '
        '{ architecture = "api"', 1), encoding="utf-8")
    drift = _cli("records", "due", "--knowledge", str(pack), "--today", "2026-05-01",
                 "--records", records, env=env)
    assert drift.returncode == 4 and "no longer stands" in drift.stdout, drift.stdout


def test_every_status_change_records_who_and_when(tmp_path: Path, env: dict[str, str]) -> None:
    records = str(tmp_path / "records")
    _save(tmp_path, env, "First")
    assert _cli("records", "accept", "1", "--records", records,
                env={**env, "ARCHDECIDE_USER": "grace"}).returncode == 0
    shown = json.loads(_cli("records", "show", "1", "--format", "json", "--records", records,
                            env=env).stdout)
    assert [(h["status"], h["by"]) for h in shown["history"]] == [("proposed", "ada"),
                                                                 ("accepted", "grace")]
    assert _cli("records", "export", "1", "--records", records, env=env).returncode == 0
    text = next((tmp_path / "records").glob("0001-*.md")).read_text(encoding="utf-8")
    assert "accepted (by grace)" in text and "proposed (by ada)" in text


def test_typed_links_are_written_at_both_ends_and_checked(tmp_path: Path,
                                                          env: dict[str, str]) -> None:
    records = tmp_path / "records"
    for title in ("Base", "Amendment", "Related"):
        _save(tmp_path, env, title)
    assert _cli("records", "link", "2", "--amends", "1", "--records", str(records),
                env=env).returncode == 0
    assert _cli("records", "link", "3", "--relates-to", "1", "--records", str(records),
                env=env).returncode == 0
    base = json.loads(_cli("records", "show", "1", "--format", "json", "--records",
                           str(records), env=env).stdout)["links"]
    assert base["amended_by"] == [2] and base["relates_to"] == [3]
    assert _cli("records", "check", "--records", str(records), env=env).returncode == 0
    assert _cli("records", "export", "--all", "--records", str(records), env=env).returncode == 0
    text = (records / "0001-base.md").read_text(encoding="utf-8")
    assert "* Amended by [0002-amendment](0002-amendment.md)" in text
    assert "* Relates to [0003-related](0003-related.md)" in text
    two = records / "0002-amendment.toml"  # a one-sided link, as a bad merge leaves it
    two.write_text(two.read_text(encoding="utf-8").replace("links.amends = [\n    1,\n]",
                                                           "links.amends = [\n    1,\n    3,\n]"),
                   encoding="utf-8")
    checked = _cli("records", "check", "--records", str(records), env=env)
    assert checked.returncode == 2
    assert "links.amends: record 0003 does not list 0002 in links.amended_by" in checked.stdout
    both = _cli("records", "link", "2", "--amends", "1", "--clarifies", "3", "--records",
                str(records), env=env)
    assert both.returncode == 2 and "exactly one" in both.stderr


def test_a_split_decision_has_more_than_one_successor(tmp_path: Path,
                                                      env: dict[str, str]) -> None:
    records = tmp_path / "records"
    for title in ("Whole", "Part one", "Part two"):
        _save(tmp_path, env, title)
    assert _cli("records", "link", "2", "--relates-to", "3", "--records", str(records),
                env=env).returncode == 0
    assert _cli("records", "supersede", "1", "--by", "2", "--records", str(records),
                env=env).returncode == 0
    again = _cli("records", "supersede", "1", "--by", "3", "--records", str(records), env=env)
    assert again.returncode == 2 and "--also" in again.stderr
    assert _cli("records", "supersede", "1", "--by", "3", "--also", "--records", str(records),
                env=env).returncode == 0
    whole = json.loads(_cli("records", "show", "1", "--format", "json", "--records",
                            str(records), env=env).stdout)["links"]
    assert whole["superseded_by"] == 2 and whole["also_superseded_by"] == [3]
    part = json.loads(_cli("records", "show", "2", "--format", "json", "--records",
                           str(records), env=env).stdout)["links"]
    assert part["supersedes"] == [1] and part["relates_to"] == [3]  # kept by supersede
    assert _cli("records", "check", "--records", str(records), env=env).returncode == 0
    assert _cli("records", "export", "1", "--records", str(records), env=env).returncode == 0
    text = (records / "0001-whole.md").read_text(encoding="utf-8")
    assert ("* Status: superseded by [0002-part-one](0002-part-one.md), "
            "[0003-part-two](0003-part-two.md)") in text
