"""Readable at 80x24 and 60x20, on any terminal: ASCII only on the Linux console and vt100s,
checkboxes that differ by glyph, lists that stop at their ends, digit shortcuts, the help on
screen when asked for, and a key help from anywhere. Real pty runs and Pilot."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pexpect
import pytest
from textual.widgets import HelpPanel, OptionList

from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.app import ArchdecideApp
from archdecide.tui.screens.question import QuestionScreen
from archdecide.tui.widgets.checklist import CheckList
from tests.conftest import archdecide_exe, started

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"  # CSI
                     r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
                     r"|\x1b[()][0-9A-B]")  # character set


def walk_screens(tmp_path: Path, term: str) -> str:
    """Every screen of a short decision at 80x24, as the characters the terminal received."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    env.update(TERM=term, ARCHDECIDE_STATE_DIR=str(tmp_path / "state"),
               ARCHDECIDE_RECORDS=str(tmp_path / "records"))
    child = pexpect.spawn(archdecide_exe(), [], env=env, dimensions=(24, 80), timeout=30,
                          encoding="utf-8", codec_errors="replace", cwd=str(tmp_path))
    seen: list[str] = []

    def until(pattern: str) -> None:
        child.expect(pattern)
        seen.append(str(child.before) + str(child.after))

    until("Start a new decision")
    until("architectures")
    child.send("\r")
    until("Question 1 of about")
    child.send("w")  # why this matters
    until("Why this matters")
    child.send("\x1b[B\r")
    until("Question 2 of about")
    child.send("\x12")
    until("Review:")
    child.send("c")
    until("Recommended:")
    child.send("\x1b[F")  # end: scroll the result to its bottom (the cost chart, if any)
    time.sleep(1)
    child.send("s")
    until("Context and problem")
    child.send("\x11")
    child.expect(pexpect.EOF)
    seen.append(str(child.before))
    child.close()
    assert child.exitstatus == 0
    return ESCAPES.sub("", "".join(seen))


@pytest.mark.parametrize("term", ["linux", "vt100"])
def test_the_linux_console_and_vt100_get_ascii_only(tmp_path: Path, term: str) -> None:
    shown = walk_screens(tmp_path, term)
    assert "Recommended:" in shown and "Why this matters" in shown
    assert sorted({ch for ch in shown if ord(ch) > 126}) == []


def test_other_terminals_keep_their_glyphs(tmp_path: Path) -> None:
    """The check above can fail: a terminal that has the glyphs gets them."""
    shown = walk_screens(tmp_path, "xterm-256color")
    assert {"…", "·"} & set(shown)


async def test_checkboxes_differ_by_glyph(bundled: KnowledgePack) -> None:
    app = ArchdecideApp(bundled)
    async with started(app) as pilot:
        app.switch_to(QuestionScreen("compliance"))
        await pilot.pause()
        checklist = app.screen.query_one("#choices", CheckList)
        await pilot.press("1")  # a digit toggles the first option
        await pilot.pause()
        rows = ["".join(s.text for s in checklist.render_line(y))
                for y in range(checklist.option_count)]
        assert rows[0].lstrip().startswith(("▐X▌", "[X]")), rows[0]
        assert all(row.lstrip()[1] == " " for row in rows[1:]), rows


async def test_lists_stop_at_their_ends_and_digits_pick(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with started(app) as pilot:
        choices = app.screen.query_one("#choices", OptionList)
        await pilot.press("home", "up")
        assert choices.highlighted == 0
        await pilot.press("end", "down")
        assert choices.highlighted == choices.option_count - 1
        await pilot.press("2")  # the second option, chosen
        await pilot.pause()
        assert app.session.answers["sensitivity"] == \
            tiny.questions["sensitivity"].options[1].id


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_why_this_matters_is_on_screen_when_shown(bundled: KnowledgePack,
                                                        size: tuple[int, int]) -> None:
    app = ArchdecideApp(bundled)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.start_new()
        await pilot.pause()
        why = app.screen.query_one("#why")
        assert not why.display
        await pilot.press("w")
        await pilot.pause()
        assert why.display and why.region.height > 2
        assert why.region.y >= 0 and why.region.y + 3 <= size[1] - 1  # no scrolling to see it


async def test_key_help_opens_from_anywhere(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen.query(HelpPanel)
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)
        app.start_new()
        await pilot.pause()
        await pilot.press("down", "enter")  # secret: the next question takes a number
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "choices"
        await pilot.press("f1")  # even with a text field focused
        await pilot.pause()
        assert app.screen.query(HelpPanel)


async def test_every_footer_key_fits_at_60_columns(bundled: KnowledgePack, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from archdecide.tui.screens.result import ResultScreen
    from archdecide.tui.screens.review import ReviewScreen
    from archdecide.tui.screens.save import SaveScreen

    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))

    def keys_cut(width: int) -> list[str]:
        """Footer keys that run past the edge or under the command palette's key."""
        keys = list(app.screen.query("FooterKey"))
        palette = [key for key in keys if key.has_class("-command-palette")]
        edge = palette[0].region.x if palette else width
        return [str(key.render()) for key in keys
                if key not in palette and key.region.right > edge]

    app = ArchdecideApp(bundled)
    async with started(app, size=(60, 20)) as pilot:
        for screen in (QuestionScreen("data_sensitivity"), ReviewScreen(), ResultScreen(),
                       SaveScreen()):
            app.push_screen(screen)
            await pilot.pause()
            assert app.screen.query("FooterKey"), type(screen).__name__
            assert keys_cut(60) == [], type(screen).__name__
            assert not app.screen.query("FooterKey").filter(".-command-palette")
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert app.screen.query("FooterKey").filter(".-command-palette")  # room for it again


async def test_the_key_help_names_the_command_palette(tiny: KnowledgePack) -> None:
    app = ArchdecideApp(tiny)
    async with started(app, size=(60, 60)) as pilot:  # narrow: no palette key in the footer
        assert "palette" not in app.export_screenshot()
        await pilot.press("f1")
        await pilot.pause()
        assert "palette" in app.export_screenshot()  # the key help lists ctrl+p
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"
