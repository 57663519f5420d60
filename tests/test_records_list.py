"""`records list` reads only each record's summary head (decisions.records.listing): it lists
exactly what the full, validated parse lists (text and JSON, warnings included) on a folder of
varied records, old-format and broken files fall back to the full read, and the list path
imports neither pydantic nor the knowledge pack."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from archdecide.decisions.records.folder import RecordStoreError
from archdecide.decisions.records.listing import RecordHead, list_heads, parse_head, read_head
from archdecide.decisions.records.model import DecisionRecord, to_toml
from archdecide.decisions.records.store import scan, set_status, supersede
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import ROOT, archdecide_exe, save_record
from tests.inprocess import cli
from tests.test_records_model import records as record_strategy

TODAY = dt.date(2026, 11, 28)
GOLDEN_RECORD = ROOT / "tests" / "golden" / "records" / \
    "0007-serve-the-secret-data-assistant-within-weeks.toml"
QUOTED = 'Ship the "API" first: fast\\simple, déjà vu 🦙 ✓'


def _save(pack: KnowledgePack, folder: Path, title: str, *, none_chosen: bool = False,
          **raw: object) -> Path:
    return save_record(pack, folder, title, decision_makers=("Ada",), today=TODAY,
                       none_chosen=none_chosen, **raw)


def _renumbered(source: Path, target: Path, number: int, *, crlf: bool = False) -> None:
    text = re.sub(r"^number = \d+$", f"number = {number}", source.read_text(encoding="utf-8"),
                  count=1, flags=re.MULTILINE)
    target.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8"))


@pytest.fixture
def varied(tiny: KnowledgePack, tmp_path: Path) -> Path:
    """Every kind of file a records folder can hold."""
    folder = tmp_path / "decisions"
    one = _save(tiny, folder, "Keep secrets at home", sensitivity="secret")
    two = _save(tiny, folder, QUOTED, sensitivity="internal", speed_need="weeks")
    three = _save(tiny, folder, "Déploiement souverain à Paris", sensitivity="secret")
    _save(tiny, folder, "Nothing fits", none_chosen=True, sensitivity="public")
    _save(tiny, folder, "Line one\nline two\ttabbed \\n not a newline", sensitivity="public")
    supersede(folder, 1, 3, TODAY)  # 1 superseded by 3; 3 supersedes [1] (a multi-line array)
    set_status(folder, 2, "rejected", TODAY)
    set_status(folder, 3, "accepted", TODAY)
    assert one.exists()
    shutil.copy(GOLDEN_RECORD, folder / GOLDEN_RECORD.name)  # 0007: written summary-last
    _renumbered(three, folder / "0008-windows-checkout.toml", 8, crlf=True)
    (folder / "0009-corrupt.toml").write_text('schema = "archdecide.record/1"\nnumber = "x"',
                                              encoding="utf-8")
    _renumbered(two, folder / "0010-renumbered-by-hand.toml", 12)  # listed, with a warning
    bad_status = three.read_text(encoding="utf-8").replace('status = "accepted"',
                                                           'status = "maybe"')
    (folder / "0011-bad-status.toml").write_text(bad_status.replace("number = 3", "number = 11"),
                                                 encoding="utf-8")
    (folder / "0012-binary.toml").write_bytes(b'schema = "\xff\xfe"\n\nx = 1\n')
    (folder / "0013-foreign.toml").write_text('[tool]\nname = "x"\n', encoding="utf-8")
    (folder / "notes.txt").write_text("not a record", encoding="utf-8")
    (folder / "0001-keep-secrets-at-home.md").write_text("# export", encoding="utf-8")
    (folder / "README.md").write_text("# records", encoding="utf-8")
    (folder / "0014-a-folder.toml").mkdir()
    return folder


def _full(folder: Path) -> tuple[list[RecordHead], list[str]]:
    listing = scan(folder)
    return [RecordHead.of(s.path, s.number, s.record) for s in listing.records], listing.problems


# --------------------------------------------------------------------------- equivalence


def test_light_listing_equals_the_full_scan(varied: Path) -> None:
    light = list_heads(varied)
    heads, problems = _full(varied)
    assert light.heads == heads
    assert light.problems == problems
    assert [h.number for h in heads] == [1, 2, 3, 4, 5, 7, 8, 10]
    assert len(problems) == 5, problems  # 0009, mismatch of 0010, 0011, 0012, 0013 (notes.txt
    # is not a .toml: not a record, and not a problem)
    by_number = {h.number: h for h in heads}
    assert by_number[1].superseded_by == 3 and by_number[3].supersedes == (1,)
    assert by_number[4].chosen is None and by_number[2].title == QUOTED
    assert any("0009-corrupt.toml: number: expected a valid integer" in p for p in problems)


def test_only_summary_first_records_skip_the_full_read(varied: Path) -> None:
    light = {path.name for path in varied.glob("*.toml")
             if path.is_file() and read_head(path, 0) is not None}
    assert light == {"0001-keep-secrets-at-home.toml", "0002-" + QUOTED_SLUG + ".toml",
                     "0003-deploiement-souverain-a-paris.toml", "0004-nothing-fits.toml",
                     "0005-line-one-line-two-tabbed-n-not-a-newline.toml",
                     "0008-windows-checkout.toml", "0010-renumbered-by-hand.toml"}


QUOTED_SLUG = "ship-the-api-first-fast-simple-deja-vu"


def _expected_text(heads: list[RecordHead], status: str | None) -> list[str]:
    """What `records list` printed when it read every record in full (before record_head)."""
    out = []
    for h in heads:
        if status is not None and h.status != status:
            continue
        extra = f" (superseded by {h.superseded_by:04d})" if h.superseded_by else ""
        out.append(f"{h.number:04d}  {h.status:<10}  {h.date.isoformat()}  "
                   f"{' '.join(h.title.split())}{extra}")
    return out


def _list(folder: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return cli("records", "list", "--records", str(folder), *args, env=env, timeout=120)


@pytest.mark.parametrize("status", [None, "accepted", "superseded", "deprecated"])
def test_list_command_prints_what_the_full_parse_gives(varied: Path, status: str | None,
                                                       clean_env: dict[str, str]) -> None:
    heads, problems = _full(varied)
    args = () if status is None else ("--status", status)
    result = _list(varied, *args, env=clean_env)
    assert result.returncode == 0, result.stderr
    expected = _expected_text(heads, status) or [f"No records in {varied}."]
    assert result.stdout.splitlines() == expected
    assert result.stderr.splitlines() == [f"archdecide: warning: {p}" for p in problems]
    assert "0001  superseded  2026-11-28  Keep secrets at home (superseded by 0003)" in \
        _list(varied, env=clean_env).stdout


def test_list_json_is_what_the_full_parse_gives(varied: Path,
                                                clean_env: dict[str, str]) -> None:
    listing = scan(varied)
    expected = [{
        "number": s.number, "file": s.path.name, "title": s.record.title,
        "status": s.record.status, "date": s.record.date.isoformat(),
        "chosen": s.record.chosen_id, "links": s.record.links.model_dump(exclude_none=True),
        "format": "toml", "tags": list(s.record.tags),
    } for s in listing.records]
    result = _list(varied, "--format", "json", env=clean_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_a_broken_record_gets_the_same_sentence_and_exit_code(varied: Path,
                                                              clean_env: dict[str, str]) -> None:
    result = _list(varied, "--status", "rejected", env=clean_env)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [f"0002  rejected    2026-11-28  {QUOTED}",
                                          f"0010  rejected    2026-11-28  {QUOTED}"]
    stderr = result.stderr
    assert f"{varied}/0009-corrupt.toml: number: expected a valid integer" in stderr
    assert f"{varied}/0011-bad-status.toml: status: expected 'proposed', 'accepted'" in stderr
    assert f"{varied}/0012-binary.toml: is not valid UTF-8 (byte 10)" in stderr
    assert f"{varied}/0013-foreign.toml: schema: expected 'archdecide.record/1'" in stderr
    assert "0010-renumbered-by-hand.toml: number: is 12 but the file name says 10" in stderr
    assert "Traceback" not in stderr
    file = varied.parent / "a-file"
    file.write_text("", encoding="utf-8")
    with pytest.raises(RecordStoreError) as light:
        list_heads(file)
    with pytest.raises(RecordStoreError) as full:
        scan(file)
    assert str(light.value) == str(full.value) == f"{file} is a file; expected a records folder"
    assert list_heads(varied / "missing").heads == []


def test_a_body_broken_after_the_summary_is_listed_and_caught_by_check(
        tiny: KnowledgePack, tmp_path: Path, clean_env: dict[str, str]) -> None:
    """The documented trade-off: list reads the summary only; check reads everything."""
    folder = tmp_path / "decisions"
    record = _save(tiny, folder, "Nothing fits", none_chosen=True, sensitivity="public")
    record.write_text(record.read_text(encoding="utf-8").replace("archdecide_version = ",
                                                                 "archdecide_version = 1 #"),
                      encoding="utf-8")
    listed = _list(folder, env=clean_env)
    assert listed.stdout.splitlines() == ["0001  proposed    2026-11-28  Nothing fits"]
    checked = cli("records", "check", "--records", str(folder), env=clean_env, timeout=120)
    assert checked.returncode == 2
    assert "0001-nothing-fits.toml: archdecide_version: expected a valid string" in \
        checked.stdout


# --------------------------------------------------------------------------- the head parser


def _head(text: str) -> str:
    return text[:text.index("\n\n") + 1]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_strategy())
def test_every_written_summary_is_read_back_as_the_record_says(record: DecisionRecord) -> None:
    head = _head(to_toml(record))
    data = parse_head(head)
    assert data is not None, head
    assert (data["number"], data["title"], data["status"], data["date"]) == \
        (record.number, record.title, record.status, record.date)
    assert data.get("chosen", {}).get("id") == record.chosen_id
    assert tuple(data["links"]["supersedes"]) == record.links.supersedes
    assert data["links"].get("superseded_by") == record.links.superseded_by


SUMMARY = ('schema = "archdecide.record/1"\nnumber = 3\ntitle = "T"\nstatus = "accepted"\n'
           'date = 2026-11-28\n')


@pytest.mark.parametrize(("head", "trusted"), [
    (SUMMARY + "links.supersedes = []\n", True),
    (SUMMARY + "links = { supersedes = [1, 2] }\n", True),  # inline table: tomllib reads it
    (SUMMARY + "chosen = { id = \"a\", name = \"A\", rationale = \"\" }\nlinks.supersedes = []\n",
     True),
    (SUMMARY + "links.supersedes = []  # comment\n", True),
    (SUMMARY.replace("\n", "\r\n") + "links.supersedes = []\r\n", True),
    (SUMMARY + "chosen.id = \"a\"\nchosen.name = \"A\"\nchosen.rationale = \"r\"\n"
     "chosen.margin = 1e-05\nlinks.supersedes = []\n", True),
    (SUMMARY, False),  # no links: written before the summary came first
    (SUMMARY + "links.supersedes = []\ncontext = \"x\"\n", False),  # not only the summary
    (SUMMARY + "links.supersedes = []\ntitle = \"again\"\n", False),  # duplicate key
    (SUMMARY + "links.supersedes = [0]\n", False),
    (SUMMARY + "links.supersedes = []\nlinks.superseded_by = true\n", False),
    (SUMMARY + "links.supersedes = []\nlinks.other = 1\n", False),
    (SUMMARY + "chosen.id = \"a\"\nlinks.supersedes = []\n", False),  # chosen without a name
    (SUMMARY + "chosen.id = \"a\"\nchosen.name = \"A\"\nchosen.rationale = \"r\"\n"
     "chosen.margin = nan\nlinks.supersedes = []\n", False),
    (SUMMARY.replace("2026-11-28", "2026-11-28T10:00:00") + "links.supersedes = []\n", False),
    (SUMMARY.replace("2026-11-28", "2026-02-30") + "links.supersedes = []\n", False),
    (SUMMARY.replace("number = 3", "number = 3.0") + "links.supersedes = []\n", False),
    (SUMMARY.replace("number = 3", "number = 03") + "links.supersedes = []\n", False),
    (SUMMARY.replace('title = "T"', 'title = ""') + "links.supersedes = []\n", False),
    (SUMMARY.replace('title = "T"', 'title = "\\q"') + "links.supersedes = []\n", False),
    (SUMMARY.replace("archdecide.record/1", "archdecide.record/2") + "links.supersedes = []\n",
     False),
    (SUMMARY + "links.supersedes = [\n    1,\n", False),  # unterminated array
])
def test_a_head_is_trusted_only_when_it_is_exactly_a_valid_summary(head: str,
                                                                   trusted: bool) -> None:
    data = parse_head(head)
    assert (data is not None) is trusted
    if trusted:
        assert data == tomllib.loads(head)


def test_escaped_titles_are_decoded_as_toml_says() -> None:
    head = SUMMARY.replace('title = "T"', r'title = "a \"b\" \\ \u00e9 \U0001F999 \t"') + \
        "links.supersedes = [\n    1,\n    22,\n]\nlinks.superseded_by = 4\n"
    data = parse_head(head)
    assert data is not None and data == tomllib.loads(head)
    assert data["title"] == 'a "b" \\ é 🦙 \t' and data["links"] == {"supersedes": [1, 22],
                                                                    "superseded_by": 4}


# --------------------------------------------------------------------------- imports


HEAVY = {"pydantic", "pydantic.main", "pydantic_core", "archdecide.knowledge.schema",
         "archdecide.knowledge.pack", "archdecide.decisions.records.model",
         "archdecide.decisions.records.store", "tomli_w"}

PROBE = """
import contextlib, io, json, sys
from archdecide.tui.cli import cli
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        cli.main(args={args!r}, standalone_mode=False)
    except SystemExit as exc:
        assert not exc.code, exc.code
print(json.dumps([out.getvalue(), sorted(sys.modules)]))
"""


def _imported(stderr: str) -> set[str]:
    """Module names from -X importtime's report (which leaves out modules loaded by
    importlib.import_module, e.g. pydantic's lazy `pydantic.main`: see the probe below)."""
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


@pytest.mark.parametrize("how", ["python -X importtime -m archdecide", "archdecide"])
def test_list_imports_neither_pydantic_nor_the_knowledge_pack(
        how: str, tiny: KnowledgePack, tmp_path: Path, clean_env: dict[str, str]) -> None:
    folder = tmp_path / "decisions"
    for title in ("One", QUOTED, "Three"):
        _save(tiny, folder, title, sensitivity="secret")
    supersede(folder, 1, 2, TODAY)
    env = dict(clean_env)
    if how == "archdecide":
        cmd = [archdecide_exe()]
        env["PYTHONPROFILEIMPORTTIME"] = "1"
    else:
        cmd = [sys.executable, "-X", "importtime", "-m", "archdecide"]
    for fmt in ("text", "json"):
        result = subprocess.run([*cmd, "records", "list", "--records", str(folder), "--format",
                                 fmt], capture_output=True, text=True, env=env, timeout=120,
                                cwd=ROOT)
        assert result.returncode == 0, result.stderr
        modules = _imported(result.stderr)
        assert "archdecide.decisions.records.listing" in modules  # the report works
        assert "click" in modules
        assert modules.isdisjoint(HEAVY), sorted(modules & HEAVY)
    assert result.stdout.count('"number"') == 3


def test_list_loads_no_pydantic_module_at_all(tiny: KnowledgePack, tmp_path: Path,
                                              clean_env: dict[str, str]) -> None:
    folder = tmp_path / "decisions"
    for title in ("One", QUOTED, "Three"):
        _save(tiny, folder, title, sensitivity="secret")
    probe = subprocess.run([sys.executable, "-c", PROBE.format(args=[
        "records", "list", "--records", str(folder), "--format", "json"])],
        capture_output=True, text=True, env=clean_env, timeout=120, cwd=ROOT)
    assert probe.returncode == 0, probe.stderr
    out, loaded = json.loads(probe.stdout.splitlines()[-1])
    assert out.count('"number"') == 3 and "archdecide.decisions.records.listing" in loaded
    assert set(loaded).isdisjoint(HEAVY), sorted(set(loaded) & HEAVY)
