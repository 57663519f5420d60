"""The result opens with a summary that fits one 80x24 screen (issue 27, item 1): the
recommendation, its cost and GPUs, the runner-up and the margin, what an unanswered question
would change and the top risks, in words; the rest are sections keys 1-6 open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import TabbedContent

from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.result import SECTIONS, ResultScreen
from tests.conftest import started


@asynccontextmanager
async def opened(pack: KnowledgePack, screen: Screen[object], question: str, value: str,
                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                 ) -> AsyncIterator[tuple[ArchdecideApp, Pilot[None]]]:
    """The wizard at 80x24 with one answer given, on `screen`."""
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    app = ArchdecideApp(pack)
    async with started(app, size=(80, 24)) as pilot:
        app.answer(question, value)
        app.push_screen(screen)
        await pilot.pause()
        yield app, pilot


async def test_the_summary_fits_80x24_and_the_sections_open_by_number(
        bundled: KnowledgePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with opened(bundled, ResultScreen(), "data_sensitivity", "regulated", tmp_path,
                      monkeypatch) as (app, pilot):
        ev = app.evaluation(with_sensitivity=True)
        summary = app.screen.query_one("#result", VerticalScroll)
        assert summary.virtual_size.height <= summary.size.height  # nothing to scroll to
        text = str(app.screen.query_one("#headline").render())
        assert ev.recommendation is not None and ev.runner_up is not None
        assert bundled.architectures[ev.recommendation].name in text
        assert bundled.architectures[ev.runner_up].name in text
        assert ev.recommendation not in text and ev.runner_up not in text  # words, not ids
        assert "a month" in text and "Depends on what you did not answer" in text
        assert "Top risks:" in text
        tabs = app.screen.query_one("#result-tabs", TabbedContent)
        for key, (section, _) in enumerate(SECTIONS, 1):
            await pilot.press(str(key))
            await pilot.pause()
            assert tabs.active.removesuffix("-tab") == section


async def test_the_review_shows_every_answer_whole_at_80_columns(
        bundled: KnowledgePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 27 item 7: the answers were cut ("Private networks on...") while columns stood
    empty; they take the width they need (up to half), the questions the rest."""
    from textual.widgets import DataTable

    from archdecide.tui.screens.review import ReviewScreen

    async with opened(bundled, ReviewScreen(), "network_isolation", "private_only", tmp_path,
                      monkeypatch) as (app, _):
        table = app.screen.query_one("#answers", DataTable)
        labels = {a.question: a.label for a in app.evaluation().shown_answers()}
        for key, label in labels.items():
            assert str(table.get_cell(key, table.ordered_columns[1].key)) == label
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 80
