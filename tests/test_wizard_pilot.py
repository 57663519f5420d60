"""The wizard driven by Textual's Pilot: real screens, real Session, real draft files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp, Settings
from archdecide.tui.screens.question import QuestionScreen
from archdecide.tui.screens.result import ResultScreen
from archdecide.tui.screens.review import ReviewScreen
from archdecide.tui.screens.welcome import WelcomeScreen
from tests.conftest import only_draft, save_record, started, write_draft


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(folder))
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(tmp_path / "records"))
    return folder


def _question(app: ArchdecideApp) -> str | None:
    screen = app.screen
    return screen.question_id if isinstance(screen, QuestionScreen) else None


async def test_walk_to_result(tiny: KnowledgePack, state_dir: Path) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")
        assert _question(app) == "sensitivity"
        await pilot.press("down", "enter")  # internal -> secret
        assert _question(app) == "volume"
        await pilot.press("ctrl+u", "2", "B", "enter")
        assert _question(app) == "speed_need"
        await pilot.press("up", "enter")  # weeks
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.answers == {"sensitivity": "secret", "volume": 2_000_000_000,
                                       "speed_need": "weeks"}
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        headline = str(app.screen.query_one("#headline").render())
        recommended = app.evaluation().recommendation
        assert recommended is not None and tiny.architectures[recommended].name in headline
    draft = only_draft(state_dir)
    assert draft["answers"]["volume"] == 2_000_000_000 and draft["pack_id"] == "tiny"


async def test_invalid_number_is_shown_inline_and_not_accepted(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")
        await pilot.press("ctrl+u", "l", "o", "t", "s")
        await pilot.pause()
        error = str(app.screen.query_one("#error").render())
        assert "expected a number" in error
        await pilot.press("enter")
        assert _question(app) == "volume"
        assert "volume" not in app.session.answers


async def test_a_typed_number_shows_how_it_is_read(tiny: KnowledgePack) -> None:
    """Issue 27 item 5: '1.5B' reads as 1,500,000,000 before enter, as you type."""
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")
        await pilot.press("ctrl+u", *"1.5B")
        await pilot.pause()
        unit = tiny.questions["volume"].unit
        assert str(app.screen.query_one("#error").render()) == f"= 1,500,000,000 {unit}"
        await pilot.press("ctrl+u", *"2e9x")
        await pilot.pause()
        assert not str(app.screen.query_one("#error").render()).startswith("=")  # an error


async def test_back_drops_answers_off_the_path(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")  # secret
        await pilot.press("ctrl+u", "5", "enter")  # volume 5
        assert _question(app) == "speed_need"
        await pilot.press("escape")
        assert _question(app) == "volume"
        await pilot.press("escape")
        assert _question(app) == "sensitivity"
        # the earlier answer is preselected: one up from secret is internal, two is public
        await pilot.press("up", "up", "enter")
        assert app.session.answers == {"sensitivity": "public"}
        assert _question(app) == "speed_need"


async def test_edit_from_review_drops_dependent_answers(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter", "ctrl+u", "5", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "volume" in app.session.answers
        await pilot.press("enter")  # first row: sensitivity
        assert isinstance(app.screen, QuestionScreen) and app.screen.editing
        await pilot.press("up", "up", "enter")  # public
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "volume" not in app.session.answers
        table = app.screen.query_one("#answers")
        assert [str(k.value) for k in table.rows] == ["sensitivity", "speed_need"]


async def test_resume_after_hangup(tiny: KnowledgePack, state_dir: Path) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")
        app.save_and_exit()  # what SIGHUP/SIGTERM call (the real signal: test_wizard_e2e)
        await pilot.pause()
    resumed = ArchdecideApp(tiny, Settings(resume=True))
    async with resumed.run_test(size=(80, 24)):
        assert resumed.session.answers == {"sensitivity": "secret"}
        assert _question(resumed) == "volume"
    offered = ArchdecideApp(tiny)
    async with offered.run_test(size=(80, 24)) as pilot:
        menu = offered.screen.query_one("#menu")
        [path] = (state_dir / "drafts").glob("*.json")
        prompt = str(menu.get_option(f"resume:{path.stem}").prompt)
        assert prompt.startswith("Resume: untitled decision · 1 answer · "), prompt
        await pilot.press("enter")  # the resume entry is highlighted first
        assert _question(offered) == "volume"


async def test_user_text_is_never_markup(tiny: KnowledgePack, tmp_path: Path) -> None:
    app = ArchdecideApp(tiny, Settings(meta={"title": "[bold red]x[/] \x1b[2J"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        title = app.screen.query_one("#title")
        assert title.value == "[bold red]x[/] \x1b[2J"


async def test_glossary_search(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.press("c", "o", "s", "t")
        await pilot.pause()
        definition = str(app.screen.query_one("#definition").render())
        assert "Total cost of ownership" in definition
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)


async def _to_save_screen(app: ArchdecideApp, pilot: object) -> None:
    await pilot.press("enter", "down", "enter", "ctrl+u", "5", "enter", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("c")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("s")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def _fill(pilot: object, app: ArchdecideApp, **fields: str) -> None:
    for name, value in fields.items():
        app.screen.query_one(f"#{name}").value = value
    await pilot.pause()  # type: ignore[attr-defined]


async def test_full_walk_saves_a_valid_record(tiny: KnowledgePack, tmp_path: Path) -> None:
    from archdecide.decisions.records.store import read_record

    folder = tmp_path / "adr"
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_save_screen(app, pilot)
        await _fill(pilot, app, title="Serving for the [b]claims[/b] bot",
                    decision_makers="Ada, Grace", folder=str(folder))
        app.screen.query_one("#folder").focus()
        await pilot.press("enter")
        await pilot.pause()
        outcome = str(app.screen.query_one("#outcome").render())
        assert "Saved:" in outcome
    [path] = sorted(folder.glob("*.toml"))
    assert path.name == "0001-serving-for-the-b-claims-b-bot.toml"
    record = read_record(path)
    assert record.title == "Serving for the [b]claims[/b] bot"
    assert record.decision_makers == ("Ada", "Grace")
    assert record.status == "proposed"
    assert record.chosen is not None and record.chosen.id == app.evaluation().recommendation
    assert {a.question for a in record.answer_rows()} == {"sensitivity", "volume", "speed_need"}


async def test_unwritable_records_folder_loses_nothing(tiny: KnowledgePack,
                                                       state_dir: Path) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_save_screen(app, pilot)
        # /proc refuses new folders even for root: a folder that cannot be written
        await _fill(pilot, app, title="Kept", folder="/proc/archdecide-records")
        app.screen.query_one("#folder").focus()
        await pilot.press("enter")
        await pilot.pause()
        outcome = str(app.screen.query_one("#outcome").render())
        assert outcome.startswith("Not saved:") and "/proc/archdecide-records" in outcome
        assert app.screen.query_one("#title").value == "Kept"
        assert app.session.answers["volume"] == 5
    draft = only_draft(state_dir)
    assert draft["meta"]["title"] == "Kept"  # type: ignore[index]
    assert draft["answers"]["volume"] == 5  # type: ignore[index]


async def test_records_browser_opens_and_rechecks(tiny: KnowledgePack, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "records"
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(folder))
    save_record(tiny, folder, "First", sensitivity="secret")
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # Browse decision records
        await pilot.pause()
        table = app.screen.query_one("#records-list")
        assert table.row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        body = str(app.screen.query_one("#record-body").render())
        assert "0001 First" in body and "proposed" in body
        await pilot.press("c")
        await pilot.pause()
        assert "still stands" in str(app.screen.query_one("#recheck").render())


async def test_unexpected_error_keeps_the_answers_and_shows_one_line(
    tiny: KnowledgePack, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
    state_dir: Path
) -> None:
    monkeypatch.delenv("ARCHDECIDE_DEBUG", raising=False)
    app = ArchdecideApp(tiny)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter", "down", "enter")
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
    printed = capfd.readouterr().err
    assert "archdecide: unexpected error: ZeroDivisionError" in printed
    assert "Traceback" not in printed
    assert only_draft(state_dir)["answers"] == {"sensitivity": "secret"}


async def test_glossary_from_a_question_lists_its_terms_first(tiny: KnowledgePack) -> None:
    from archdecide.tui.screens.glossary import GlossaryScreen

    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")  # to `volume`, which links `tco`
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one("#terms")
        assert terms.get_option_at_index(0).id == "tco"
        await pilot.press("escape")
        assert _question(app) == "volume"


def _shown(screen: QuestionScreen) -> dict[str, object]:
    """What the question screen shows, widget by widget."""
    from textual.widgets import Input, OptionList, SelectionList, Static

    choices = screen.query_one("#choices")
    shown: dict[str, object] = {
        name: str(screen.query_one(f"#{name}", Static).render())
        for name in ("progress", "ranking-line", "prompt", "why", "option-help", "ranking")}
    shown["kind"] = next(kind.__name__ for kind in (SelectionList, OptionList, Input)
                         if isinstance(choices, kind))
    if isinstance(choices, SelectionList):
        shown["choices"] = [str(choices.get_option_at_index(i).prompt)
                            for i in range(choices.option_count)]
        shown["selected"] = list(choices.selected)
    elif isinstance(choices, OptionList):
        shown["choices"] = [str(choices.get_option_at_index(i).prompt)
                            for i in range(choices.option_count)]
        shown["highlighted"] = choices.highlighted
    elif isinstance(choices, Input):
        shown["value"] = choices.value
    shown["focused"] = screen.focused is choices
    return shown


async def test_question_updated_in_place_shows_what_a_new_screen_shows(
        bundled: KnowledgePack) -> None:
    """Answers move one QuestionScreen on in place (fast); at every step it must show
    exactly what a freshly built screen for the same answers shows - across question kinds,
    and after going back."""
    app = ArchdecideApp(bundled)
    seen_kinds: set[str] = set()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        steps = 0
        while isinstance(app.screen, QuestionScreen) and steps < 40:
            assert app.screen is screen, "an answer must not build a new question screen"
            in_place = _shown(screen)
            seen_kinds.add(str(in_place["kind"]))
            if seen_kinds >= {"OptionList", "SelectionList", "Input"} and steps > 3:
                break  # every kind of question, and a step back, are covered
            fresh = QuestionScreen(screen.question_id)  # built from scratch, same answers
            await app.push_screen(fresh)
            await pilot.pause()
            assert _shown(fresh) == in_place, screen.question_id
            await app.pop_screen()
            await pilot.pause()
            assert app.screen is screen
            if steps == 2:  # back once: the last answered question, preselected as answered
                last = list(app.session.answers)[-1]
                await pilot.press("escape")
                await pilot.pause()
                assert app.screen is screen and screen.question_id == last
                steps += 1
                continue
            await pilot.press("n" if in_place["kind"] == "SelectionList" else "enter")
            await pilot.pause()
            steps += 1
    assert {"OptionList", "SelectionList", "Input"} <= seen_kinds, seen_kinds


async def test_decimal_comma_is_refused_and_the_calculator_is_accepted(
        tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")
        assert _question(app) == "volume"
        await pilot.press("ctrl+u", *"1,5B")
        await pilot.pause()
        assert "ambiguous" in str(app.screen.query_one("#error").render())
        await pilot.press("enter")
        assert _question(app) == "volume" and "volume" not in app.session.answers
        await pilot.press("ctrl+u", *"1000 x 20 x 2000", "enter")
        await pilot.pause()
        assert app.session.answers["volume"] == round(1000 * 20 * 2000 * 365 / 12)


async def test_sensitive_data_preselects_the_strict_option() -> None:
    from archdecide.knowledge.loader import bundled_pack_path, load_pack

    app = ArchdecideApp(load_pack(bundled_pack_path()))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert _question(app) == "data_sensitivity"
        await pilot.press("down", "down", "enter")  # internal (default) -> regulated
        assert app.session.answers["data_sensitivity"] == "regulated"
        await pilot.press("enter")  # network isolation: keep the preselected default
        await pilot.pause()
        assert _question(app) == "data_residency"
        options = app.screen.query_one("#choices")
        highlighted = options.get_option_at_index(options.highlighted)
        assert highlighted.id == "in_region"
        assert "(default)" in str(highlighted.prompt)


async def test_a_hang_up_on_the_welcome_screen_keeps_the_draft(tiny: KnowledgePack,
                                                               state_dir: Path) -> None:
    path = write_draft(state_dir, {"sensitivity": "secret", "volume": 5})
    before = path.read_bytes()
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.save_and_exit()  # what SIGHUP and SIGTERM call
        await pilot.pause()
    assert path.read_bytes() == before


async def test_start_new_keeps_the_earlier_draft(tiny: KnowledgePack, state_dir: Path) -> None:
    earlier = write_draft(state_dir, {"sensitivity": "secret", "volume": 5})
    before = earlier.read_bytes()
    app = ArchdecideApp(tiny)
    async with started(app) as pilot:
        assert _question(app) == "sensitivity"
        await pilot.press("enter")
    assert earlier.read_bytes() == before
    drafts = sorted((state_dir / "drafts").glob("*.json"))
    assert len(drafts) == 2
    [new] = [p for p in drafts if p != earlier]
    assert json.loads(new.read_text(encoding="utf-8"))["answers"] == {"sensitivity": "internal"}


async def test_back_and_forward_keep_every_answer(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "down", "enter")  # sensitivity: secret
        await pilot.press("ctrl+u", "5", "enter")  # volume 5
        assert _question(app) == "speed_need"
        await pilot.press("escape")
        assert _question(app) == "volume"
        await pilot.press("escape")
        assert _question(app) == "sensitivity"
        assert app.session.answers == {"sensitivity": "secret", "volume": 5}
        await pilot.press("enter")  # keep secret: forward to the next question, answered
        assert _question(app) == "volume"
        assert app.session.answers == {"sensitivity": "secret", "volume": 5}
        current = app.screen.query_one("#choices").value
        assert current == "5"

