"""The result opens with a summary that fits one 80x24 screen (issue 27, item 1): the
recommendation, its cost and GPUs, the runner-up and the margin, what an unanswered question
would change and the top risks, in words; the rest are sections keys 1-6 open."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import TabbedContent

from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.result import SECTIONS, ResultScreen
from tests.conftest import started


async def test_the_summary_fits_80x24_and_the_sections_open_by_number(
        bundled: KnowledgePack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    app = ArchdecideApp(bundled)
    async with started(app, size=(80, 24)) as pilot:
        app.answer("data_sensitivity", "regulated")
        app.push_screen(ResultScreen())
        await pilot.pause()
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

    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    app = ArchdecideApp(bundled)
    async with started(app, size=(80, 24)) as pilot:
        app.answer("network_isolation", "private_only")
        app.push_screen(ReviewScreen())
        await pilot.pause()
        table = app.screen.query_one("#answers", DataTable)
        labels = {a.question: a.label for a in app.evaluation().shown_answers()}
        for key, label in labels.items():
            assert str(table.get_cell(key, table.ordered_columns[1].key)) == label
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 80
