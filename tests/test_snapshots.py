"""SVG snapshots of every screen (pytest-textual-snapshot) on the bundled pack: 80x24, plus
60x20 and NO_COLOR variants of the question and result screens. Update deliberately with
`pytest tests/test_snapshots.py --snapshot-update` and review the SVGs in the diff."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.meta import Meta
from archdecide.decisions.records.store import save_new_record
from archdecide.knowledge.loader import load_pack
from archdecide.tui.app import ArchdecideApp

PACK = load_pack()
RECORDS = Path("/tmp/archdecide-snapshots/records")  # fixed: it is shown on screen


@pytest.fixture(autouse=True)
def fixed_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(RECORDS))
    monkeypatch.delenv("NO_COLOR", raising=False)


def steps(*keys: str, then: Callable[[Pilot], Awaitable[None]] | None = None
          ) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if then is not None:
            await then(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run


QUESTION = steps("enter")
REVIEW = steps("enter", "down", "down", "enter", "ctrl+r")
RESULT = steps("enter", "down", "down", "enter", "ctrl+r", "c")
SAVE = steps("enter", "down", "down", "enter", "ctrl+r", "c", "s")
GLOSSARY = steps("ctrl+g", "k", "v")


def test_welcome(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(ArchdecideApp(PACK), terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_question(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    assert snap_compare(ArchdecideApp(PACK), run_before=QUESTION, terminal_size=size)


def test_question_why_panel(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(ArchdecideApp(PACK), run_before=steps("enter", "w"),
                        terminal_size=(80, 24))


def test_question_no_color(snap_compare: Callable[..., bool],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(ArchdecideApp(PACK), run_before=QUESTION, terminal_size=(80, 24))


def test_review(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(ArchdecideApp(PACK), run_before=REVIEW, terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_result(snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    assert snap_compare(ArchdecideApp(PACK), run_before=RESULT, terminal_size=size)


def test_result_no_color(snap_compare: Callable[..., bool],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(ArchdecideApp(PACK), run_before=RESULT, terminal_size=(80, 24))


def test_save(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(ArchdecideApp(PACK), run_before=SAVE, terminal_size=(80, 24))


def test_glossary(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(ArchdecideApp(PACK), run_before=GLOSSARY, terminal_size=(80, 24))


def _records(tmp: Path) -> None:
    import shutil

    shutil.rmtree(RECORDS, ignore_errors=True)
    for title, answers in (("Claims assistant", {"data_sensitivity": "regulated"}),
                           ("Public chatbot", {"data_sensitivity": "public"})):
        save_new_record(evaluate(PACK, answers), Meta(title=title), RECORDS,
                        today=__import__("datetime").date(2026, 11, 28))


def test_records_browser(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    _records(tmp_path)
    assert snap_compare(ArchdecideApp(PACK), run_before=steps("down", "enter"),
                        terminal_size=(80, 24))


def test_record_view(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    _records(tmp_path)
    assert snap_compare(ArchdecideApp(PACK), run_before=steps("down", "enter", "enter"),
                        terminal_size=(80, 24))
