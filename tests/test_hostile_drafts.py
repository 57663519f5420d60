"""Drafts, replays and exports against hostile or unlucky files: a FIFO planted as a lock, a
draft changed by another wizard after the welcome screen listed it, relative folders, paths
that make the OS raise, assumptions that would overflow. Real files, real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.meta import Meta
from archdecide.decisions.records.madr import to_madr
from archdecide.decisions.records.store import read_record, save_new_record
from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.welcome import WelcomeScreen
from tests.conftest import started, write_draft
from tests.inprocess import cli


def run(tmp_path: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    env["ARCHDECIDE_STATE_DIR"] = str(tmp_path / "state")
    return cli(*args, env=env,
                          timeout=timeout, check=False, cwd=tmp_path)


def test_a_fifo_planted_as_a_lock_hangs_nothing(tmp_path: Path) -> None:
    path = write_draft(tmp_path / "state", {"a": "b"})
    os.mkfifo(path.with_suffix(".lock"))
    listed = run(tmp_path, "drafts", "list", "--format", "json", timeout=10)
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["status"] == "open"
    refused = run(tmp_path, "drafts", "discard", path.stem, timeout=10)
    assert refused.returncode == 2 and "not a regular file" in refused.stderr
    assert path.exists()


def test_an_id_with_a_newline_is_not_a_draft_id(tmp_path: Path) -> None:
    path = write_draft(tmp_path / "state", {"a": "b"})
    refused = run(tmp_path, "drafts", "discard", path.stem + "\n")
    assert refused.returncode == 2 and "is not a draft id" in refused.stderr
    assert path.exists()


@pytest.fixture()
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "state"


async def test_resume_reads_the_draft_again_once_it_holds_the_lock(tiny: KnowledgePack,
                                                                   state: Path) -> None:
    path = write_draft(state, {"sensitivity": "internal"})
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        listed = app.screen.drafts[path.stem]
        write_draft(state, {"sensitivity": "secret", "volume": 5})  # another wizard, since
        app.resume(listed)
        await pilot.pause()
        assert app.session.answers == {"sensitivity": "secret", "volume": 5}
    gone = write_draft(state, {"sensitivity": "internal"}, draft_id="20261201-130000-00bb")
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listed = app.screen.drafts[gone.stem]  # type: ignore[attr-defined]
        gone.unlink()  # discarded meanwhile
        app.resume(listed)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and not app.draft_claimed
    assert not gone.exists() and not gone.with_suffix(".lock").exists()


async def test_a_new_decision_left_empty_leaves_no_file(tiny: KnowledgePack,
                                                        state: Path) -> None:
    app = ArchdecideApp(tiny)
    async with started(app):
        pass  # a new decision, nothing answered, the wizard quits
    assert not list((state / "drafts").glob("*")) if (state / "drafts").exists() else True


async def test_the_saved_record_is_remembered_by_its_absolute_path(tiny: KnowledgePack,
                                                                   state: Path) -> None:
    app = ArchdecideApp(tiny)
    async with started(app):
        app.answer("sensitivity", "secret")
        app.meta["title"] = "Relative"
        outcome = app.save_record(Path("records"))  # relative to the current folder
        assert app.saved is not None and Path(app.saved.record).is_absolute()
        assert Path(app.saved.record) == outcome.path.resolve()


async def test_an_export_path_the_os_refuses_is_one_sentence(tiny: KnowledgePack,
                                                             state: Path) -> None:
    from textual.widgets import Input

    from archdecide.tui.dialogs.export import ExportAnswersDialog

    app = ArchdecideApp(tiny)
    async with started(app) as pilot:
        app.answer("sensitivity", "secret")
        for bad in ("~nosuchuser-archdecide/a.toml", "a\x00b.toml", "/proc/x/answers.toml"):
            app.push_screen(ExportAnswersDialog(Path("answers.toml")))
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = bad
            await pilot.press("enter")
            await pilot.pause()
            assert str(app.screen.query_one("#export-outcome").render()).startswith(
                "Not written:"), bad
            app.pop_screen()
            await pilot.pause()


def test_a_record_without_ticket_or_notes_keeps_the_old_layout(tiny: KnowledgePack,
                                                              tmp_path: Path) -> None:
    path = save_new_record(evaluate(tiny, {"sensitivity": "secret"}), Meta(title="T"),
                           tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "ticket" not in text and "notes =" not in text  # an older reader still reads it


def test_a_ticket_with_control_or_bidi_characters_is_not_a_link(tiny: KnowledgePack,
                                                                tmp_path: Path) -> None:
    ev = evaluate(tiny, {"sensitivity": "secret"})
    for n, ticket in enumerate(("https://x.example/\x1b]52;c;ZXZpbA==\x07",
                                "https://x.example/\u202egnp.exe")):
        path = save_new_record(ev, Meta(title="T", ticket=ticket), tmp_path / str(n))
        line = next(x for x in to_madr(read_record(path)).splitlines()
                    if x.startswith("* Ticket:"))
        assert not line.startswith("* Ticket: <") and "\x1b" not in line and "\u202e" not in line


def test_replayed_assumptions_are_checked_like_decides(tmp_path: Path) -> None:
    good = tmp_path / "a.toml"
    good.write_text('[answers]\ndata_sensitivity = "public"\n', encoding="utf-8")
    for body in ("bogus_key = 5", "amortisation_years = 0", "decode_layer_overhead_us = 1e308"):
        bad = tmp_path / "b.toml"
        bad.write_text(f'[answers]\ndata_sensitivity = "public"\n[assumptions]\n{body}\n',
                       encoding="utf-8")
        for args in (("compare", str(good), str(bad)), ("decide", "--answers", str(bad))):
            done = run(tmp_path, *args)
            assert done.returncode == 2, (body, args, done.stderr)
            assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
