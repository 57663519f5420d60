"""The wizard draws its welcome screen first and loads the pack after it (PackSource): a
choice made meanwhile is carried out once the pack is there; an invalid pack ends the wizard
with exit 3 and every problem; a plain `archdecide` reads its options from the environment
exactly as the click options do."""

from __future__ import annotations

import os
from pathlib import Path

import pexpect
import pytest
from textual.widgets import Static

from archdecide.tui.app import ArchdecideApp, PackSource
from archdecide.tui.entry import plain_start
from archdecide.tui.launch import WizardOptions
from archdecide.tui.screens.question import QuestionScreen
from archdecide.tui.screens.welcome import WelcomeScreen
from tests.conftest import PACKS, TINY, archdecide_exe

BROKEN = PACKS / "broken" / "unknown-key"


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARCHDECIDE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ARCHDECIDE_RECORDS", str(tmp_path / "records"))
    return tmp_path / "state"


async def test_welcome_first_then_the_pack_and_an_early_choice_follows() -> None:
    app = ArchdecideApp(PackSource(TINY))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("enter")  # most likely before the pack has loaded
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.loaded and app.pack.id == "tiny"
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question_id == "sensitivity"


async def test_pack_line_is_filled_in_when_loaded() -> None:
    app = ArchdecideApp(PackSource(TINY))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = str(app.screen.query_one("#welcome", Static).render())
        assert "loading" not in line
        assert "Tiny" in line or "tiny" in line
        assert f"{len(app.pack.questions)} questions" in line


async def test_invalid_pack_ends_the_wizard_with_its_problems() -> None:
    app = ArchdecideApp(PackSource(BROKEN))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.return_code == 3
    assert any("questions.toml" in str(p) for p in app.pack_problems), app.pack_problems


def test_invalid_pack_in_a_real_terminal_exits_3_with_one_line_per_problem(
        tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    env.update(TERM="xterm-256color", ARCHDECIDE_STATE_DIR=str(tmp_path / "state"))
    child = pexpect.spawn(archdecide_exe(), ["--knowledge", str(BROKEN)], env=env,
                          dimensions=(24, 80), timeout=30, encoding="utf-8",
                          codec_errors="replace")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert "invalid knowledge pack" in child.before
    assert "questions.toml" in child.before and "Traceback" not in child.before


@pytest.mark.parametrize(("args", "env", "expected"), [
    ([], {}, WizardOptions()),
    ([], {"ARCHDECIDE_RECORDS": "docs/adr", "ARCHDECIDE_THEME": "textual-light",
          "ARCHDECIDE_KNOWLEDGE": "packs/mine"},
     WizardOptions(knowledge=Path("packs/mine"), records=Path("docs/adr"),
                   theme="textual-light")),
    ([], {"ARCHDECIDE_RECORDS": ""}, WizardOptions()),
    (["--resume"], {}, None),
    (["decide"], {}, None),
    ([], {"ARCHDECIDE_RESUME": "1"}, None),
    ([], {"ARCHDECIDE_NO_MOUSE": "yes"}, None),
])
def test_plain_start_reads_the_environment_like_click(
        args: list[str], env: dict[str, str], expected: WizardOptions | None) -> None:
    assert plain_start(args, env) == expected


def test_plain_start_leaves_a_records_file_to_click(tmp_path: Path) -> None:
    afile = tmp_path / "records.txt"
    afile.write_text("not a folder", encoding="utf-8")
    assert plain_start([], {"ARCHDECIDE_RECORDS": str(afile)}) is None
