"""The second attack corpus (issue 29), the cases fixed so far: each failed before. Variables
that cannot name a folder, a device as the state folder, a byte-order mark, a record of a
newer schema, a gate that passed what it could not read, a name that became its letters."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.save import SaveScreen
from tests.conftest import TINY, save_record, started
from tests.inprocess import cli

LONG = "x" * 100_000


@pytest.mark.parametrize(("variable", "command"), [
    ("ARCHDECIDE_STATE_DIR", ("drafts", "list")),
    ("ARCHDECIDE_RECORDS", ("records", "list")),
    ("ARCHDECIDE_KNOWLEDGE", ("decide",)),
    ("ARCHDECIDE_STATE_DIR", ("wizard",)),
])
def test_a_variable_that_cannot_name_a_folder_is_one_short_sentence(
        variable: str, command: tuple[str, ...]) -> None:
    result = cli(*command, env={variable: LONG})
    assert (result.returncode, result.stdout) == (2, ""), result.stderr[:300]
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 300  # never the value
    assert variable in result.stderr and "100,000 bytes" in result.stderr


@pytest.mark.parametrize("command", [("drafts", "list"), ("wizard",)])
def test_a_device_is_not_a_state_folder(command: tuple[str, ...]) -> None:
    result = cli(*command, env={"ARCHDECIDE_STATE_DIR": "/dev/zero"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("archdecide: ARCHDECIDE_STATE_DIR is not a folder; expected a "
                             "folder for archdecide's drafts\n")


def test_an_answers_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_bytes(b'\xef\xbb\xbf[answers]\nsensitivity = "secret"\n')
    result = cli("decide", "--answers", str(answers), "--knowledge", str(TINY),
                 "--format", "json")
    assert result.returncode == 0, result.stderr


def test_a_record_of_a_newer_schema_says_upgrade(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "0001-later.toml").write_text('schema = "archdecide.record/2"\nnumber = 1\n',
                                            encoding="utf-8")
    shown = cli("records", "show", "1", "--records", str(folder))
    assert shown.returncode == 2
    assert "archdecide.record/2 was written by a newer archdecide; upgrade archdecide" in \
        shown.stderr


def test_records_due_fails_closed_on_a_record_it_cannot_read(tmp_path: Path) -> None:
    """A proposed record past its review date that cannot be read is not "Nothing is due"."""
    from archdecide.knowledge.loader import load_pack

    folder = tmp_path / "decisions"
    path = save_record(load_pack(TINY), folder, "Late", sensitivity="secret",
                       today=dt.date(2026, 1, 1))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('status = "proposed"', 'status = "maybe"'), encoding="utf-8")
    due = cli("records", "due", "--records", str(folder), "--knowledge", str(TINY))
    assert due.returncode == 2 and "Nothing is due" not in due.stdout
    assert due.stderr.splitlines()[-1].startswith("archdecide: 1 record file could not be "
                                                  "read, so whether it is due is unknown")


async def test_a_single_decision_maker_in_a_draft_stays_one_name(tiny: KnowledgePack,
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    app = ArchdecideApp(tiny)
    async with started(app) as pilot:
        app.meta = {"title": "T", "decision_makers": "Ada"}  # as a hand-edited draft has it
        app.push_screen(SaveScreen())
        await pilot.pause()
        assert app.screen.query_one("#decision_makers", Input).value == "Ada"


def test_a_huge_heading_line_is_read_in_linear_time(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "0001-long.md").write_text("# " + "a #" * 50_000 + "\n\n* Status: accepted\n",
                                         encoding="utf-8")
    started_at = time.perf_counter()
    listed = cli("records", "list", "--records", str(folder))
    assert listed.returncode == 0 and "accepted" in listed.stdout
    assert time.perf_counter() - started_at < 10  # was over 20 s


def test_a_record_the_reader_would_refuse_is_never_written(tmp_path: Path) -> None:
    """An answers file just under its 1 MB limit whose context would make a record over the
    1 MB a record may hold: refused in one sentence before anything is written."""
    answers = tmp_path / "a.toml"
    context = "word " * 199_700  # 998,500 characters: the record adds a few thousand
    answers.write_text(f'[meta]\ntitle = "Big"\ncontext = "{context}"\n'
                       '[answers]\nsensitivity = "secret"\n', encoding="utf-8")
    assert answers.stat().st_size < 1_000_000
    records = tmp_path / "records"
    saved = cli("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
                "--records", str(records), "--format", "json")
    assert (saved.returncode, saved.stdout) == (2, "")  # nothing printed: saved first
    assert "more than the 1,000,000 a record may hold" in saved.stderr
    assert not records.exists() or list(records.iterdir()) == []


def test_a_boolean_rating_is_not_a_rating_of_one(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(TINY, pack)
    architectures = pack / "architectures.toml"
    text = architectures.read_text(encoding="utf-8")
    assert "score = 4" in text
    architectures.write_text(text.replace("score = 4", "score = true", 1), encoding="utf-8")
    checked = cli("validate", str(pack))
    assert checked.returncode == 3
    assert "ratings.cost.score: input should be a valid integer (got True)" in checked.stderr


@pytest.mark.parametrize(("url", "origin"), [
    ("https://decide.example:443", "https://decide.example"),
    ("http://Decide.Example:80/wizard", "http://decide.example"),
    ("https://user:secret@decide.example:8443/", "https://decide.example:8443"),
    ("http://[::1]:8000", "http://[::1]:8000"),
])
def test_serve_compares_origins_as_a_browser_sends_them(url: str, origin: str) -> None:
    from archdecide.tui.commands.serve import allowed_origins, origin_of

    assert origin_of(url) == origin
    assert origin in allowed_origins(url, "127.0.0.1", 8000)


def test_serve_on_an_address_it_cannot_bind_is_one_sentence() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"archdecide: --host 127.0.0.1 --port {port}: cannot listen "
                             "there: address already in use\n")


def test_discarding_a_folder_named_like_a_draft_is_one_sentence(tmp_path: Path) -> None:
    state = tmp_path / "state"
    (state / "drafts" / "20261202-013005-3fa2.json").mkdir(parents=True)
    result = cli("drafts", "discard", "20261202-013005-3fa2",
                 env={"ARCHDECIDE_STATE_DIR": str(state)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and "is not a draft file" in result.stderr
    assert (state / "drafts" / "20261202-013005-3fa2.json").is_dir()  # nothing removed


async def test_a_screenshot_is_saved_without_a_downloads_folder(
        tiny: KnowledgePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 27 item 8: over SSH there is often no ~/Downloads; the screenshot goes to the
    current folder instead of failing."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    app = ArchdecideApp(tiny)
    async with started(app) as pilot:
        app.action_screenshot()
        for _ in range(30):
            await pilot.pause(0.1)
            if list(tmp_path.glob("*.svg")):
                break
    [shot] = tmp_path.glob("*.svg")
    assert shot.read_text(encoding="utf-8").startswith("<svg")
