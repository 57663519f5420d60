"""`archdecide records ...` as the real installed command: listing, lifecycle, export (golden
file and real adr-tools), recheck against an overlay, check, exit codes, no Textual."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from archdecide.decisions.records.madr import madr_file_name, to_madr
from archdecide.decisions.records.model import from_toml
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import ROOT, TINY, save_record
from tests.inprocess import cli

GOLDEN = ROOT / "tests" / "golden" / "records"
GOLDEN_RECORD = GOLDEN / "0007-serve-the-secret-data-assistant-within-weeks.toml"
TODAY = dt.date(2026, 11, 28)

SECRET_INTERNAL = """
[[questions]]
id = "sensitivity"
kind = "single"
prompt = "How sensitive is the data?"
why = "Sensitive data limits where it may be processed."
default = "internal"
next = [ { to = "volume", when = { question = "sensitivity", is = "secret" } },
         { to = "speed_need" } ]

[[questions.options]]
id = "public"
label = "Public"
help = "Anyone may read it."

[[questions.options]]
id = "internal"
label = "Internal"
help = "Employees only."
effects = { exclude = [ { architecture = "api", reason = "internal data now stays in-house" } ] }

[[questions.options]]
id = "secret"
label = "Secret"
help = "Must not leave the building."
"""

NO_WEEKS = """
[[questions]]
id = "speed_need"
kind = "single"
prompt = "How soon must it run?"
why = "Deadlines favour managed services."
default = "months"
next = [ { to = "end" } ]

[[questions.options]]
id = "months"
label = "Months"
help = "There is time."

[[rules]]
id = "secret-and-fast"
description = "No fast option any more."
when = { question = "sensitivity", is = "secret" }
effects = { warnings = [ "Secret data takes time." ] }
"""


def records(*args: str, folder: Path, env: dict[str, str],
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return cli("records", *args, "--records", str(folder), env=env, timeout=120, cwd=cwd)


def save(pack: KnowledgePack, folder: Path, title: str, **raw: object) -> Path:
    return save_record(pack, folder, title, decision_makers=("Ada",), today=TODAY,
                       with_sensitivity=True, **raw)


@pytest.fixture
def folder(tiny: KnowledgePack, tmp_path: Path) -> Path:
    folder = tmp_path / "docs" / "decisions"
    save(tiny, folder, "Keep secrets at home", sensitivity="secret")
    save(tiny, folder, 'Ship the "API" first: fast\\simple', sensitivity="internal",
         speed_need="weeks")
    return folder


# --------------------------------------------------------------------------- list / show


def test_list_show_and_formats(folder: Path, clean_env: dict[str, str]) -> None:
    result = records("list", folder=folder, env=clean_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "0001  proposed    2026-11-28  Keep secrets at home",
        '0002  proposed    2026-11-28  Ship the "API" first: fast\\simple']
    data = json.loads(records("list", "--format", "json", folder=folder, env=clean_env).stdout)
    assert [(r["number"], r["chosen"]) for r in data] == [(1, "onprem"), (2, "api")]
    shown = records("show", "2", "--format", "toml", folder=folder, env=clean_env)
    assert from_toml(shown.stdout) == from_toml(
        (folder / "0002-ship-the-api-first-fast-simple.toml").read_text(encoding="utf-8"))
    text = records("show", "0001", folder=folder, env=clean_env).stdout
    assert text.startswith("0001. Keep secrets at home\nStatus: proposed")
    as_json = json.loads(records("show", "1", "--format", "json", folder=folder,
                                 env=clean_env).stdout)
    assert as_json["schema"] == "archdecide.record/1" and as_json["date"] == "2026-11-28"


def test_folder_from_environment_then_default(folder: Path, clean_env: dict[str, str]) -> None:
    env = {**clean_env, "ARCHDECIDE_RECORDS": str(folder)}
    by_env = cli("records", "list", env=env, cwd=ROOT / "tests")
    assert "0002" in by_env.stdout
    by_default = cli("records", "list", env=clean_env, cwd=folder.parent.parent)
    assert "0001  proposed" in by_default.stdout


def test_list_filters_and_survives_corrupt_files(folder: Path,
                                                 clean_env: dict[str, str]) -> None:
    (folder / "0003-corrupt.toml").write_text('schema = "archdecide.record/1"\nnumber = "x"',
                                              encoding="utf-8")
    assert records("accept", "1", folder=folder, env=clean_env).returncode == 0
    result = records("list", "--status", "accepted", folder=folder, env=clean_env)
    assert result.returncode == 0
    # accepting dates the record with the day it was accepted (the subprocess's local today)
    accepted_on = dt.date.today().isoformat()
    assert result.stdout.splitlines() == [f"0001  accepted    {accepted_on}  Keep secrets at home"]
    assert "0003-corrupt.toml: number: expected a valid integer" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_exits_2_with_one_line(folder: Path, clean_env: dict[str, str]) -> None:
    missing = records("show", "9", folder=folder, env=clean_env)
    assert missing.returncode == 2
    assert missing.stderr.strip() == (f"archdecide: no record 0009 in {folder}; expected a "
                                      "file 0009-slug.toml")
    assert records("accept", "1", folder=folder, env=clean_env).returncode == 0
    wrong = records("reject", "1", folder=folder, env=clean_env)
    assert wrong.returncode == 2 and len(wrong.stderr.strip().splitlines()) == 1
    both = records("export", "1", "--all", folder=folder, env=clean_env)
    assert both.returncode == 2 and "expected a record number N or --all" in both.stderr


# --------------------------------------------------------------------------- lifecycle


def test_supersede_updates_both_records(folder: Path, clean_env: dict[str, str]) -> None:
    assert records("accept", "1", folder=folder, env=clean_env).returncode == 0
    result = records("supersede", "1", "--by", "2", folder=folder, env=clean_env)
    assert result.returncode == 0, result.stderr
    old = json.loads(records("show", "1", "--format", "json", folder=folder,
                             env=clean_env).stdout)
    new = json.loads(records("show", "2", "--format", "json", folder=folder,
                             env=clean_env).stdout)
    assert old["status"] == "superseded" and old["links"]["superseded_by"] == 2
    assert new["status"] == "proposed" and new["links"]["supersedes"] == [1]
    assert records("check", folder=folder, env=clean_env).returncode == 0


def test_check_reports_duplicates_and_exits_2(folder: Path, clean_env: dict[str, str]) -> None:
    assert records("check", folder=folder, env=clean_env).stdout.strip().endswith(": ok")
    original = folder / "0002-ship-the-api-first-fast-simple.toml"
    shutil.copy(original, folder / "0002-from-the-other-branch.toml")
    result = records("check", folder=folder, env=clean_env)
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{folder}: number 0002 is used by 2 files (0002-from-the-other-branch.toml, "
        "0002-ship-the-api-first-fast-simple.toml); renumber all but one (two branches "
        "merged, or another ADR tool?)"]
    assert result.stderr.strip() == f"archdecide: 1 problem in {folder}"


# --------------------------------------------------------------------------- recheck


def test_recheck_stands_then_detects_a_changed_exclusion(folder: Path, tmp_path: Path,
                                                         clean_env: dict[str, str]) -> None:
    same = records("recheck", "2", "--knowledge", str(TINY), folder=folder, env=clean_env)
    assert same.returncode == 0, same.stderr
    assert same.stdout.splitlines() == [
        "Record 0002 still stands with pack tiny 1.0.0 (recommendation: api).",
        "- nothing changed"]
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "questions.toml").write_text(SECRET_INTERNAL, encoding="utf-8")
    changed = records("recheck", "2", "--knowledge", str(TINY), "--overlay", str(overlay),
                      folder=folder, env=clean_env)
    assert changed.returncode == 4, changed.stderr
    lines = changed.stdout.splitlines()
    assert lines[0].startswith("Record 0002 NO LONGER STANDS with pack tiny 1.0.0")
    assert lines[1].startswith("- recommendation: was Public API (api), now ")
    assert lines[1].endswith("because api is now excluded: internal data now stays in-house")
    assert "- exclusion: api is now excluded (internal data now stays in-house)" in lines
    assert any(line.startswith("- knowledge pack content: sha256 was") for line in lines)
    data = json.loads(records("recheck", "2", "--knowledge", str(TINY), "--overlay",
                              str(overlay), "--format", "json", folder=folder,
                              env=clean_env).stdout)
    assert data["outcome"] == "changed" and data["recommendation_before"] == "api"
    assert data["recommendation_now"] != "api"


def test_recheck_with_answers_no_longer_valid_exits_2(folder: Path, tmp_path: Path,
                                                      clean_env: dict[str, str]) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "questions.toml").write_text(NO_WEEKS, encoding="utf-8")
    result = records("recheck", "2", "--knowledge", str(TINY), "--overlay", str(overlay),
                     folder=folder, env=clean_env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(f"{folder}/0002-ship-the-api-first-fast-simple.toml: "
                               "answers.speed_need: ")
    assert "weeks" in lines[0]
    assert lines[-1] == ("archdecide: record 0002 cannot be replayed: 1 recorded answer is not "
                         "valid in pack tiny 1.0.0")


def test_recheck_with_a_broken_pack_exits_3(folder: Path, tmp_path: Path,
                                            clean_env: dict[str, str]) -> None:
    result = records("recheck", "1", "--knowledge", str(tmp_path / "nowhere"), folder=folder,
                     env=clean_env)
    assert result.returncode == 3 and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- export


def test_madr_golden() -> None:
    record = from_toml(GOLDEN_RECORD.read_text(encoding="utf-8"), str(GOLDEN_RECORD))
    for front_matter, name in ((False, madr_file_name(GOLDEN_RECORD.name)),
                               (True, "0007-front-matter.md")):
        text = to_madr(record, front_matter=front_matter)
        golden = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"{golden} differs (UPDATE_GOLDEN=1)"


def test_madr_shape() -> None:
    record = from_toml(GOLDEN_RECORD.read_text(encoding="utf-8"))
    text = to_madr(record, front_matter=True)
    head, _, body = text.partition("\n---\n")
    assert head.splitlines() == ["---", 'status: "proposed"', "date: 2026-11-28",
                                 'decision-makers: "Ada Lovelace, Grace Hopper"',
                                 'consulted: "Security team"', 'informed: "Everyone"']
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings[:6] == ["# Serve the secret-data assistant within weeks",
                            "## Context and Problem Statement", "## Decision Drivers",
                            "## Considered Options", "## Decision Outcome", "### Consequences"]
    assert headings[-3:] == ["### Confirmation", "### Warnings", "## More Information"]
    assert 'Chosen option: "Rented GPUs", because it scores highest' in body
    plain = to_madr(record)
    assert plain.splitlines()[0] == "# Serve the secret-data assistant within weeks"
    assert plain.splitlines()[2] == "* Status: proposed"


def test_export_all_is_read_by_adr_tools(folder: Path, tmp_path: Path,
                                         clean_env: dict[str, str]) -> None:
    adr = shutil.which("adr")
    if adr is None:
        pytest.skip("adr-tools is not installed (apt-get install -y adr-tools)")
    result = records("export", "--all", "--format", "madr", folder=folder, env=clean_env)
    assert result.returncode == 0, result.stderr
    project = folder.parent.parent
    (project / ".adr-dir").write_text("docs/decisions\n", encoding="utf-8")
    listed = subprocess.run([adr, "list"], capture_output=True, text=True, cwd=project,
                            check=True).stdout.splitlines()
    assert listed == ["docs/decisions/0001-keep-secrets-at-home.md",
                      "docs/decisions/0002-ship-the-api-first-fast-simple.md"]
    toc = subprocess.run([adr, "generate", "toc"], capture_output=True, text=True, cwd=project,
                         check=True).stdout.splitlines()
    assert "* [Keep secrets at home](0001-keep-secrets-at-home.md)" in toc
    # the title's backslash is escaped in the Markdown; it renders as one backslash
    assert '* [Ship the "API" first: fast\\\\simple](0002-ship-the-api-first-fast-simple.md)' \
        in toc


def test_export_one_to_another_folder(folder: Path, tmp_path: Path,
                                      clean_env: dict[str, str]) -> None:
    out = tmp_path / "site"
    result = records("export", "1", "--out", str(out), "--front-matter", folder=folder,
                     env=clean_env)
    assert result.returncode == 0, result.stderr
    assert os.listdir(out) == ["0001-keep-secrets-at-home.md"]
    text = (out / "0001-keep-secrets-at-home.md").read_text(encoding="utf-8")
    assert text.startswith('---\nstatus: "proposed"\ndate: 2026-11-28\n')


def test_export_all_checks_every_file_before_writing_any(folder: Path, tmp_path: Path,
                                                         clean_env: dict[str, str]) -> None:
    """A hand-edited export of record 2 stops `export --all` before record 1 is written:
    nothing printed, nothing half done, the edit kept."""
    out = tmp_path / "site"
    out.mkdir()
    mine = out / madr_file_name(sorted(p.name for p in folder.glob("0002-*.toml"))[0])
    mine.write_text("# My own notes\n", encoding="utf-8")
    result = records("export", "--all", "--out", str(out), folder=folder, env=clean_env)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "edited by hand" in result.stderr
    assert sorted(os.listdir(out)) == [mine.name]
    assert mine.read_text(encoding="utf-8") == "# My own notes\n"


# --------------------------------------------------------------------------- hygiene


