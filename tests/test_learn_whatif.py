"""Onboarding: the guided tour of a past decision and the result screen's what-if. Each
answer's effect is checked against evaluations made independently."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.tour import tour, what_if
from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.learn import LearnScreen
from archdecide.tui.screens.result import ResultScreen
from archdecide.tui.screens.whatif import WhatIfScreen
from tests.conftest import save_record, started

ANSWERS = {"data_sensitivity": "regulated", "network_isolation": "private_only",
           "monthly_tokens": 2_000_000_000}


def test_the_tour_replays_each_answer_in_path_order(bundled: KnowledgePack) -> None:
    steps = tour(bundled, ANSWERS)
    assert [s.question for s in steps] == list(ANSWERS)
    assert steps[0].before.recommendation == evaluate(bundled, {}).recommendation
    assert steps[-1].after.recommendation == evaluate(bundled, ANSWERS).recommendation
    for earlier, later in itertools.pairwise(steps):
        assert later.before.answers == earlier.after.answers
    first = steps[0]
    for aid in first.newly_excluded:
        assert not first.before.ranked(aid).excluded and first.after.ranked(aid).excluded
    for aid, delta in first.moved:
        assert delta == pytest.approx(first.after.ranked(aid).score -
                                      first.before.ranked(aid).score)


def test_what_if_is_the_evaluation_with_the_one_answer_changed(bundled: KnowledgePack) -> None:
    ev = evaluate(bundled, ANSWERS, with_sensitivity=False)
    result = what_if(ev, "data_sensitivity", "public")
    alone = evaluate(bundled, {**ANSWERS, "data_sensitivity": "public"})
    assert result.a.recommendation == ev.recommendation
    assert result.b.recommendation == alone.recommendation
    scores = {r.architecture: r.b for r in result.scores}
    assert all(scores[r.architecture] == r.score for r in alone.ranking)


@pytest.fixture(autouse=True)
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(tmp_path / "records"))
    return tmp_path / "records"


async def test_learn_from_the_welcome_screen_walks_the_record(bundled: KnowledgePack,
                                                              folders: Path) -> None:
    save_record(bundled, folders, "Claims", **ANSWERS)
    app = ArchdecideApp(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu")
        learn = next(i for i in range(menu.option_count)
                     if menu.get_option_at_index(i).id == "learn")
        menu.highlighted = learn
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the only record
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        steps = tour(bundled, ANSWERS)
        body = str(app.screen.query_one("#learn-body").render())
        assert "step 1 of 3" in body and bundled.questions["data_sensitivity"].prompt[:30] in body
        assert "Why this matters" in body
        for aid in steps[0].newly_excluded:
            assert f"excludes {aid}" in body
        await pilot.press("right", "right", "right")  # stops at the last step
        await pilot.pause()
        body = str(app.screen.query_one("#learn-body").render())
        assert "step 3 of 3" in body
        assert f"recommends {steps[-1].after.recommendation}" in body
        await pilot.press("left")
        await pilot.pause()
        assert "step 2 of 3" in str(app.screen.query_one("#learn-body").render())
    assert not list((folders.parent / "state").glob("drafts/*.json"))  # nothing saved


async def test_what_if_shows_the_new_ranking_beside_the_current_one(
        bundled: KnowledgePack) -> None:
    app = ArchdecideApp(bundled)
    async with started(app) as pilot:
        app.answer("data_sensitivity", "regulated")
        app.switch_to(ResultScreen())
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhatIfScreen)
        await pilot.press("enter")  # the first question: data_sensitivity
        await pilot.pause()
        await pilot.press("1")  # its first other answer: public
        await pilot.pause()
        alone = evaluate(bundled, {"data_sensitivity": "public"})
        verdict = str(app.screen.query_one("#whatif-verdict").render())
        assert alone.recommendation is not None and alone.recommendation in verdict
        assert app.session.answers == {"data_sensitivity": "regulated"}  # nothing changed
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)


async def test_long_lists_filter_as_you_type(bundled: KnowledgePack, folders: Path) -> None:
    from textual.widgets import DataTable, OptionList

    from archdecide.tui.screens.records import RecordsScreen

    save_record(bundled, folders, "Claims assistant", data_sensitivity="regulated")
    save_record(bundled, folders, "Marketing copy", data_sensitivity="public")
    app = ArchdecideApp(bundled)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(RecordsScreen())
        await pilot.pause()
        table = app.screen.query_one("#records-list", DataTable)
        assert table.row_count == 2
        await pilot.press(*"claims")
        await pilot.pause()
        assert table.row_count == 1 and "Claims" in str(table.get_row_at(0)[3])
        assert "filter: 'claims' - 1 of 2" in str(app.screen.query_one("#records-folder")
                                                  .render())
        await pilot.press("escape")  # clears the filter first
        await pilot.pause()
        assert isinstance(app.screen, RecordsScreen) and table.row_count == 2
        app.pop_screen()
        await pilot.pause()
        app.start_new()
        await pilot.pause()
        app.answer("data_sensitivity", "regulated")
        app.switch_to(ResultScreen())
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        questions = app.screen.query_one("#whatif-questions", OptionList)
        total = questions.option_count
        await pilot.press(*"network")
        await pilot.pause()
        assert 1 <= questions.option_count < total
        assert all("network" in str(questions.get_option_at_index(i).prompt).lower()
                   for i in range(questions.option_count))
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace",
                          "backspace", "backspace")
        await pilot.pause()
        assert questions.option_count == total


def test_every_glossary_term_a_help_text_uses_links_to_its_entry(
        bundled: KnowledgePack) -> None:
    import re

    from archdecide.decisions.glossary_links import question_terms, terms_in

    for qid, question in bundled.questions.items():
        linked = question_terms(bundled, qid)
        assert set(question.glossary) <= set(linked)
        for option in question.options:
            assert set(terms_in(bundled, option.help)) <= set(linked), (qid, option.id)
        for tid, term in bundled.glossary.items():
            head = term.term.partition(" (")[0]
            if re.search(rf"(?<![\w-]){re.escape(head)}s?(?![\w-])", question.why,
                         0 if head.isupper() else re.IGNORECASE):
                assert tid in linked, (qid, tid)
    assert terms_in(bundled, "the KV caches of a GPU's VRAM") == ("kv-cache", "vram")
    assert terms_in(bundled, "a tokenizer") == ()  # whole words only


async def test_the_glossary_from_a_question_lists_the_terms_its_help_uses(
        bundled: KnowledgePack) -> None:
    from textual.widgets import OptionList

    from archdecide.decisions.glossary_links import question_terms
    from archdecide.tui.screens.question import QuestionScreen

    app = ArchdecideApp(bundled)
    async with started(app) as pilot:
        app.switch_to(QuestionScreen("latency"))
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        terms = app.screen.query_one("#terms", OptionList)
        wanted = question_terms(bundled, "latency")
        assert "token" in wanted and "token" not in bundled.questions["latency"].glossary
        shown = {terms.get_option_at_index(i).id for i in range(len(wanted))}
        assert shown == set(wanted)  # first, in alphabetical order
