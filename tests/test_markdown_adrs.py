"""One number space, one log: Markdown ADRs that other tools wrote (adr-tools, log4brains, MADR
by hand) take a number, appear in `records list`, and clash in `records check`; archdecide's
own exports do not."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from archdecide.decisions.records.markdown_adr import parse
from tests.conftest import TINY
from tests.flavours import SITE_ENV, export_flavours, npm_tool, wait_for_build
from tests.inprocess import cli

NYGARD = """# 1. Record architecture decisions

Date: 2026-11-02

## Status

Accepted

## Context

We need to record the architectural decisions made on this project.
"""
MADR2 = """# Use PostgreSQL for the catalogue

* Status: superseded by [0005-use-sqlite](0005-use-sqlite.md)
* Deciders: Ada
* Date: 2026-10-01

## Context and Problem Statement
"""
FRONT = """---
status: "proposed"
date: 2026-09-15
---

# Serve on the edge
"""


@pytest.mark.parametrize(("text", "title", "status", "date"), [
    (NYGARD, "Record architecture decisions", "accepted", dt.date(2026, 11, 2)),
    (MADR2, "Use PostgreSQL for the catalogue", "superseded", dt.date(2026, 10, 1)),
    (FRONT, "Serve on the edge", "proposed", dt.date(2026, 9, 15)),
    ("no heading at all\n", "0009-x", None, None),
])
def test_title_status_and_date_are_read_from_each_layout(text: str, title: str,
                                                         status: str | None,
                                                         date: dt.date | None) -> None:
    adr = parse(Path("0009-x.md"), 9, text)
    assert (adr.title, adr.status, adr.date) == (title, status, date)


def _env(tmp_path: Path) -> dict[str, str]:
    import os

    return {**{k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")},
            "HOME": str(tmp_path)}


def _save(records: Path, env: dict[str, str], title: str = "Ours") -> subprocess.CompletedProcess[
        str]:
    answers = records.parent / "a.toml"
    answers.write_text(f'[meta]\ntitle = "{title}"\n[answers]\nsensitivity = "secret"\n',
                       encoding="utf-8")
    return cli("decide", "--answers", str(answers), "--knowledge",
                           str(TINY), "--save", "--records", str(records), env=env, timeout=60)


def _records(*args: str, records: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return cli("records", *args, "--records", str(records), env=env, timeout=60)


def test_hand_written_adrs_take_numbers_and_appear_in_the_log(tmp_path: Path) -> None:
    env = _env(tmp_path)
    records = tmp_path / "docs" / "decisions"
    records.mkdir(parents=True)
    (records / "0001-record-architecture-decisions.md").write_text(NYGARD, encoding="utf-8")
    (records / "0002-use-postgresql.md").write_text(MADR2, encoding="utf-8")
    saved = _save(records, env)
    assert saved.returncode == 0, saved.stderr
    assert Path(saved.stdout.strip()).name == "0003-ours.toml"
    listed = json.loads(_records("list", "--format", "json", records=records, env=env).stdout)
    assert [(r["number"], r["format"], r["status"]) for r in listed] == [
        (1, "markdown", "accepted"), (2, "markdown", "superseded"), (3, "toml", "proposed")]
    text = _records("list", records=records, env=env).stdout
    assert "0001  accepted    2026-11-02  Record architecture decisions [Markdown]" in text
    assert _records("check", records=records, env=env).returncode == 0
    assert _records("export", "3", records=records, env=env).returncode == 0  # 0003-ours.md
    assert _records("check", records=records, env=env).returncode == 0
    assert len(json.loads(_records("list", "--format", "json", records=records,
                                   env=env).stdout)) == 3


def test_check_reports_a_number_taken_by_a_markdown_adr_and_a_record(tmp_path: Path) -> None:
    env = _env(tmp_path)
    records = tmp_path / "decisions"
    records.mkdir()
    assert _save(records, env).returncode == 0  # 0001-ours.toml
    (records / "0001-from-another-branch.md").write_text(NYGARD, encoding="utf-8")
    checked = _records("check", records=records, env=env)
    assert checked.returncode == 2
    assert "number 0001 is used by 2 files (0001-from-another-branch.md, 0001-ours.toml)" in \
        checked.stdout


@pytest.mark.skipif(shutil.which("adr") is None,
                    reason="adr-tools is not installed (apt-get install -y adr-tools)")
def test_adr_tools_and_archdecide_share_one_number_space(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run(["adr", "init", "docs/decisions"], cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=60)
    records = tmp_path / "docs" / "decisions"
    saved = _save(records, env)
    assert Path(saved.stdout.strip()).name == "0002-ours.toml", saved.stdout + saved.stderr
    subprocess.run(["adr", "new", "Use a gateway"], cwd=tmp_path, env={**env, "EDITOR": "true",
                                                                       "VISUAL": "true"},
                   check=True, capture_output=True, timeout=60)
    listed = json.loads(_records("list", "--format", "json", records=records, env=env).stdout)
    assert [(r["number"], r["title"]) for r in listed] == [
        (1, "Record architecture decisions"), (2, "Ours"), (3, "Use a gateway")]
    assert all(r["date"] for r in listed)
    assert _records("check", records=records, env=env).returncode == 0


def test_exports_link_records_by_file_and_hold_no_python_reprs(tmp_path: Path) -> None:
    env = _env(tmp_path)
    records = tmp_path / "decisions"
    answers = tmp_path / "b.toml"
    answers.write_text('[meta]\ntitle = "Sized"\n[answers]\ndata_sensitivity = "regulated"\n',
                       encoding="utf-8")
    for _ in range(2):  # the bundled pack: sizing and TCO tables with lists of assumptions
        cli("decide", "--answers", str(answers), "--save",
                        "--records", str(records), check=True, env=env,
                       timeout=60)
    assert _records("supersede", "1", "--by", "2", records=records, env=env).returncode == 0
    assert _records("export", "--all", records=records, env=env).returncode == 0
    old = (records / "0001-sized.md").read_text(encoding="utf-8")
    new = (records / "0002-sized.md").read_text(encoding="utf-8")
    assert "* Status: superseded by [0002-sized](0002-sized.md)" in old.splitlines()
    assert "* Supersedes [0001-sized](0001-sized.md)" in new.splitlines()
    for text in (old, new):
        assert "{'" not in text and "': " not in text and "['" not in text, text
        assert "### Confirmation" in text and "archdecide records recheck" in text
    # one bullet per considered option, in the record's order, its score or its exclusion
    from archdecide.decisions.records.store import read_record

    record = read_record(records / "0002-sized.toml")
    options = new.split("## Considered Options\n\n", 1)[1].split("\n\n", 1)[0]
    starts = [line[2:] for line in options.splitlines() if line.startswith("* ")]
    assert len(starts) == len(record.considered)
    for start, option in zip(starts, record.considered, strict=True):
        assert start.startswith(f"{option.name}, excluded: " if option.excluded else
                                f"{option.name}: {option.score:g} of 100")
    # summarised: within 150 lines and 80 columns (an address may run past), the record named
    for text in (old, new):
        lines = text.splitlines()
        assert len(lines) <= 150
        assert [line for line in lines if len(line) > 80 and "<http" not in line] == []
    assert "`0002-sized.toml`" in new and "records show 2 --full" in new
    cited = new.split("Sources:\n\n", 1)[1].split("\n\n", 1)[0].splitlines() \
        if "Sources:" in new else []
    assert len(cited) == len(record.sources) > 2 or \
        f"The figures cite {len(record.sources)} sources" in new


@pytest.mark.skipif(shutil.which("adr") is None,
                    reason="adr-tools is not installed (apt-get install -y adr-tools)")
def test_nygard_flavour_gives_adr_tools_its_supersede_edges(tmp_path: Path) -> None:
    env = _env(tmp_path)
    records = tmp_path / "docs" / "decisions"
    records.mkdir(parents=True)
    for title in ("First", "Second"):
        assert _save(records, env, title).returncode == 0
    assert _records("supersede", "1", "--by", "2", records=records, env=env).returncode == 0
    out = tmp_path / "adr"
    exported = _records("export", "--all", "--flavour", "nygard", "--out", str(out),
                        records=records, env=env)
    assert exported.returncode == 0, exported.stderr
    (tmp_path / ".adr-dir").write_text("adr\n", encoding="utf-8")
    graph = subprocess.run(["adr", "generate", "graph"], cwd=tmp_path, env=env, check=True,
                           capture_output=True, text=True, timeout=60).stdout
    assert '_2 -> _1 [label="Supersedes", weight=0]' in graph, graph
    assert 'label="First"' in graph and 'label="Second"' in graph
    text = (out / "0001-first.md").read_text(encoding="utf-8")
    assert "## Status\n\nSuperseded by [0002-second](0002-second.md)\n" in text
    madr4 = _records("export", "1", "--flavour", "madr4", "--force", "--out", str(out),
                     records=records, env=env)
    assert madr4.returncode == 0
    lines = (out / "0001-first.md").read_text(encoding="utf-8").splitlines()
    closing = lines.index("---", 1)
    assert lines[closing + 1].startswith("# First")  # no blank line after the front matter


def _tool(name: str) -> str | None:
    """A Python ADR tool: on PATH, or in the side environment .ci/run installs (build/tools)."""
    from tests.conftest import ROOT

    side = ROOT / "build" / "tools" / "bin" / name
    return str(side) if side.exists() else shutil.which(name)


def _superseded_pair(tmp_path: Path, env: dict[str, str], records: Path) -> None:
    for title in ("First", "Second"):
        assert _save(records, env, title).returncode == 0
    assert _records("supersede", "1", "--by", "2", records=records, env=env).returncode == 0


@pytest.mark.skipif(_tool("pyadr") is None,
                    reason="pyadr is not installed (.ci/run puts it in build/tools)")
def test_pyadr_checks_the_default_layout(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=60)
    records = tmp_path / "docs" / "adr"
    records.mkdir(parents=True)
    _superseded_pair(tmp_path, env, records)
    long_title = ("Serve the claims assistant from rented GPUs in our own jurisdiction "
                  "until the audits end!!")
    assert len(long_title) == 90 and _save(records, env, long_title).returncode == 0
    assert _records("export", "--all", records=records, env=env).returncode == 0
    for toml in records.glob("*.toml"):  # pyadr reads every file in its folder as an ADR
        toml.unlink()
    checked = subprocess.run([str(_tool("pyadr")), "check-adr-repo"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "All checks passed" in checked.stdout


@pytest.mark.skipif(_tool("adr-viewer") is None,
                    reason="adr-viewer is not installed (.ci/run puts it in build/tools)")
def test_adr_viewer_shows_the_statuses_of_the_nygard_flavour(tmp_path: Path) -> None:
    env = _env(tmp_path)
    records = tmp_path / "records"
    _superseded_pair(tmp_path, env, records)
    out = tmp_path / "adr"
    assert _records("export", "--all", "--flavour", "nygard", "--out", str(out),
                    records=records, env=env).returncode == 0
    page = tmp_path / "index.html"
    subprocess.run([str(_tool("adr-viewer")), "--adr-path", f"{out}/", "--output", str(page)],
                   check=True, capture_output=True, env=env, timeout=120)
    import re

    classes = re.findall(r'class="panel-heading (adr-[a-z]+)"', page.read_text(encoding="utf-8"))
    assert classes == ["adr-superseded", "adr-pending"], classes


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two records of the bundled pack (sizing, TCO, warnings), the first superseded by the
    second, exported in every flavour: flavour -> folder."""
    base = tmp_path_factory.mktemp("flavours")
    return export_flavours(base, _env(base))


@pytest.mark.skipif(npm_tool("markdownlint") is None,
                    reason="markdownlint-cli is not installed (.ci/run puts it in build/npm)")
@pytest.mark.parametrize("flavour", ["default", "madr4", "nygard"])
def test_every_flavour_passes_markdownlint_with_madrs_configuration(
        exported: dict[str, Path], flavour: str) -> None:
    from tests.conftest import ROOT

    files = sorted(str(p) for p in exported[flavour].glob("*.md"))
    linted = subprocess.run([str(npm_tool("markdownlint")), "-c",
                             str(ROOT / "tests" / "madr-markdownlint.yml"), *files],
                            capture_output=True, text=True, timeout=120)
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.skipif(npm_tool("adr-log") is None,
                    reason="adr-log is not installed (.ci/run puts it in build/npm)")
def test_adr_log_lists_every_title_of_the_madr4_flavour(exported: dict[str, Path]) -> None:
    folder = exported["madr4"]
    log = subprocess.run([str(npm_tool("adr-log")), "-d", str(folder)], cwd=folder,
                         capture_output=True, text=True, timeout=120)
    assert log.returncode == 0, log.stderr
    assert "* [ADR-0001](0001-first-choice.md) - First choice" in log.stdout
    assert "* [ADR-0002](0002-second-choice.md) - Second choice" in log.stdout


@pytest.mark.skipif(npm_tool("log4brains") is None,
                    reason="log4brains is not installed (.ci/run puts it in build/npm)")
def test_log4brains_builds_a_page_per_record_with_status_and_deciders() -> None:
    """The build of tests/flavours.py's default-flavour export, started when the run began."""
    base = os.environ.get(SITE_ENV)
    assert base, f"{SITE_ENV} is not set: tests/conftest.py starts the build"
    returncode, output = wait_for_build(Path(base))
    # log4brains exits 0 even when it fails: its own success line is what tells
    assert returncode == 0 and "successfully generated" in output, output[-3000:]
    assert "with a total of 2 ADRs" in output
    site = Path(base) / "site"
    for name, status in (("0001-first-choice", "superseded"), ("0002-second-choice",
                                                               "proposed")):
        page = (site / "adr" / name / "index.html").read_text(encoding="utf-8")
        assert status in page.lower() and "Grace" in page, name
