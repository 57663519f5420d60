"""Other tools' ADR folders read as those tools mean them (issue 30, item 3), on verbatim
copies of real folders (tests/fixtures/adr-folders, with their licences: MADR's own
docs/decisions, log4brains' docs/adr and its integration fixtures) and on the cases a new
user stumbled on: a heading or a status inside a code block, a setext heading, a byte-order
mark, an escape in a title, a status of two words, an empty Status section, images and
templates beside the ADRs, date-named files, a number no tool reads back, a symbolic link
out of the folder, an export edited by hand."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from archdecide.decisions.records.markdown_adr import parse
from tests.conftest import ROOT, TINY, save_record
from tests.inprocess import cli

FIXTURES = ROOT / "tests" / "fixtures" / "adr-folders"
FOLDERS = ("madr", "log4brains", "log4brains-fixtures")


def records(*args: str, folder: Path) -> object:
    return cli("records", *args, "--records", str(folder))


def _listed(folder: Path) -> list[dict[str, object]]:
    result = records("list", "--format", "json", folder=folder)
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize("name", FOLDERS)
def test_a_real_folder_checks_clean_and_lists_every_adr(name: str) -> None:
    folder = FIXTURES / name
    checked = records("check", folder=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # type: ignore[attr-defined]
    listed = records("list", folder=folder)
    assert listed.stderr == ""  # type: ignore[attr-defined]  # images, templates: not problems
    adrs = [p for p in folder.glob("*.md") if p.name[:4].isdigit()]
    assert len(_listed(folder)) == len(adrs)


def test_madr_statuses_are_kept_whole_and_filter_by_what_the_folder_uses() -> None:
    folder = FIXTURES / "madr"
    by_number = {row["number"]: row for row in _listed(folder)}
    assert by_number[3]["status"] == "on hold"  # front matter `status: on hold`
    assert by_number[3]["title"] == "Write Own MADR Tooling"
    held = records("list", "--status", "On Hold", folder=folder)
    assert held.returncode == 0  # type: ignore[attr-defined]
    assert held.stdout.splitlines() == [  # type: ignore[attr-defined]
        "0003  on hold     ----------  Write Own MADR Tooling [Markdown]"]


def test_log4brains_names_by_date_take_no_number(tmp_path: Path) -> None:
    """Date-named ADRs share days, not numbers: no duplicate-number problem, and a decision
    saved among them takes 0001, not a made-up date."""
    folder = tmp_path / "adr"
    shutil.copytree(FIXTURES / "log4brains", folder)
    superseded = {row["file"]: row for row in _listed(folder)}[
        "20200926-use-the-adr-number-as-its-unique-id.md"]
    assert superseded["status"] == "superseded"
    shown = json.loads(records("show", "20200926", "--format", "json",  # type: ignore[attr-defined]
                               folder=folder).stdout)
    assert shown["superseded_by"] == "20201016-use-the-adr-slug-as-its-unique-id.md"
    saved = cli("decide", "--save", "--title", "Ours", "--records", str(folder),
                "--knowledge", str(TINY))
    assert saved.returncode == 0, saved.stderr
    assert Path(saved.stdout.strip().splitlines()[-1]).name == "0001-ours.toml"
    assert records("check", folder=folder).returncode == 0  # type: ignore[attr-defined]


def test_search_finds_text_in_markdown_adrs_and_show_prints_them() -> None:
    folder = FIXTURES / "log4brains"
    found = records("search", "LUNR", folder=folder)
    assert found.stdout.splitlines() == [  # type: ignore[attr-defined]
        "20201103  accepted    2020-11-03  Use Lunr for search [Markdown]"]
    madr = FIXTURES / "madr"
    shown = records("show", "13", folder=madr)
    lines = shown.stdout.splitlines()  # type: ignore[attr-defined]
    assert lines[0].startswith("0013. Use YAML front matter for metadata  [Markdown ADR: ")
    assert "## Context and Problem Statement" in lines


@pytest.mark.parametrize("command", [("accept", "3"), ("reject", "3"),
                                     ("supersede", "3", "--by", "4"),
                                     ("link", "3", "--relates-to", "4")])
def test_changing_a_markdown_adr_is_refused_in_one_sentence(command: tuple[str, ...],
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    shutil.copytree(FIXTURES / "madr", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = records(*command, folder=folder)
    assert result.returncode == 2 and result.stdout == ""  # type: ignore[attr-defined]
    assert result.stderr.count("\n") == 1  # type: ignore[attr-defined]
    assert "a Markdown ADR another tool wrote" in result.stderr  # type: ignore[attr-defined]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize(("text", "title", "status"), [
    ("```\n# Not the title\n* Status: rejected\n```\n\n# Real title\n\n* Status: accepted\n",
     "Real title", "accepted"),
    ("\ufeffReal title\n==========\n\nStatus: proposed\n", "Real title", "proposed"),
    ("# Use \\*stars\\* &amp; bars\n\n## Status\n\n## Context\n\nWhy.\n", "Use *stars* & bars",
     None),
    ("# 3. Split the service\n\nDate: 2024-01-02\n\n## Status\n\nSuperseded by "
     "[4. Merge](0004-merge.md)\n", "Split the service", "superseded"),
    ("# T\n\n    # indented code is code\n\n* Status: On   Hold.\n", "T", "on hold"),
])
def test_markdown_is_read_as_commonmark(text: str, title: str, status: str | None) -> None:
    adr = parse(Path("0003-x.md"), 3, text)
    assert (adr.title, adr.status) == (title, status)


def test_a_superseded_by_link_names_its_file() -> None:
    adr = parse(Path("0003-x.md"), 3, "# X\n\n## Status\n\nSuperseded by [4. Y](0004-y.md)\n")
    assert adr.successor == "0004-y.md"


def test_check_reports_what_list_warns_and_follows_no_link_out(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    outside = tmp_path / "secret.md"
    outside.write_text("# The secret heading\n", encoding="utf-8")
    (folder / "0001-out.md").symlink_to(outside)
    (folder / "0002-dangling.md").symlink_to(tmp_path / "gone.md")
    (folder / "0003-dir.md").mkdir()
    (folder / "0004-big.md").write_bytes(b"# Big\n" + b"x" * (4 << 20))
    (folder / "99999999999999999999-huge.md").write_text("# Huge\n", encoding="utf-8")
    listed = records("list", folder=folder)
    assert "The secret heading" not in listed.stdout  # type: ignore[attr-defined]
    warned = sorted(line for line in listed.stderr.splitlines())  # type: ignore[attr-defined]
    checked = records("check", folder=folder)
    assert checked.returncode == 2  # type: ignore[attr-defined]
    for name in ("0001-out.md", "0002-dangling.md", "0004-big.md", "99999999999999999999"):
        assert name in checked.stdout, name  # type: ignore[attr-defined]
        assert any(name in line for line in warned), name
    assert "symbolic link out of the records folder" in checked.stdout  # type: ignore[attr-defined]
    saved = cli("decide", "--save", "--title", "Next", "--records", str(folder),
                "--knowledge", str(TINY))
    assert Path(saved.stdout.strip().splitlines()[-1]).name == "0005-next.toml"


def test_an_export_edited_by_hand_is_a_check_problem(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    from archdecide.knowledge.loader import load_pack

    save_record(load_pack(TINY), folder, "Keep", sensitivity="secret")
    assert records("export", "1", folder=folder).returncode == 0  # type: ignore[attr-defined]
    assert records("check", folder=folder).returncode == 0  # type: ignore[attr-defined]
    export = next(folder.glob("0001-*.md"))
    export.write_text(export.read_text(encoding="utf-8").replace(
        "* Status: proposed", "* Status: accepted"), encoding="utf-8")
    checked = records("check", folder=folder)
    assert checked.returncode == 2  # type: ignore[attr-defined]
    assert "says status accepted, but" in checked.stdout  # type: ignore[attr-defined]
    assert "edited by hand" in checked.stdout  # type: ignore[attr-defined]
    os.remove(export)
    assert records("accept", "1", folder=folder).returncode == 0  # type: ignore[attr-defined]
    assert records("check", folder=folder).returncode == 0  # type: ignore[attr-defined]


def test_toc_and_graph_of_a_folder_with_a_superseded_record(tmp_path: Path) -> None:
    """`records toc` and `records graph` over archdecide's records and another tool's ADRs."""
    folder = tmp_path / "decisions"
    from archdecide.knowledge.loader import load_pack

    tiny = load_pack(TINY)
    save_record(tiny, folder, "First | of <two>", sensitivity="secret")
    save_record(tiny, folder, "Second", sensitivity="public")
    (folder / "0003-by-hand.md").write_text(
        "# By hand\n\n## Status\n\nSuperseded by [4. Later](0004-later.md)\n", encoding="utf-8")
    (folder / "0004-later.md").write_text("# Later\n\n* Status: accepted\n", encoding="utf-8")
    assert records("supersede", "1", "--by", "2", folder=folder).returncode == 0  # type: ignore[attr-defined]
    assert records("export", "2", folder=folder).returncode == 0  # type: ignore[attr-defined]
    toc = records("toc", folder=folder).stdout.splitlines()  # type: ignore[attr-defined]
    assert toc[:2] == ["| ADR | Title | Status | Date |", "| --- | --- | --- | --- |"]
    first, second, by_hand, later = toc[2:]
    assert first.startswith("| [0001](<0001-first-of-two.toml>) | First \\| of \\<two\\> | "
                            "superseded | ")
    assert second.startswith("| [0002](<0002-second.md>) | Second | proposed | ")  # exported
    assert by_hand == "| [0003](<0003-by-hand.md>) | By hand | superseded |  |"
    assert later == "| [0004](<0004-later.md>) | Later | accepted |  |"
    mermaid = records("graph", folder=folder).stdout.splitlines()  # type: ignore[attr-defined]
    assert mermaid[0] == "flowchart LR"
    assert '    adr1["0001 First | of #lt;two#gt; (superseded)"]' in mermaid
    assert [line for line in mermaid if "-->" in line] == [
        "    adr2 -->|supersedes| adr1", "    adr4 -->|supersedes| adr3"]
    dot = records("graph", "--format", "dot", folder=folder).stdout  # type: ignore[attr-defined]
    assert dot.startswith("digraph decisions {") and 'adr2 -> adr1 [label="supersedes"];' in dot


def test_init_makes_a_folder_adr_tools_and_log4brains_find(tmp_path: Path) -> None:
    made = cli("records", "init", "--log4brains", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "docs" / "decisions").is_dir()
    assert (tmp_path / ".adr-dir").read_text(encoding="utf-8") == "docs/decisions\n"
    assert "adrFolder: ./docs/decisions" in (tmp_path / ".log4brains.yml").read_text(
        encoding="utf-8")
    again = cli("records", "init", cwd=tmp_path)
    assert "kept .adr-dir (already there)" in again.stdout
    if shutil.which("adr") is not None:  # adr-tools writes its ADRs into the same folder
        import subprocess

        subprocess.run(["adr", "new", "Use a gateway"], cwd=tmp_path, check=True, timeout=60,
                       capture_output=True, env={**os.environ, "EDITOR": "true",
                                                 "VISUAL": "true"})
        assert [p.name for p in (tmp_path / "docs" / "decisions").glob("*.md")] == [
            "0001-use-a-gateway.md"]
