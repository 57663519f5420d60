"""Screens by name: the one place where a screen class is imported for navigation, each only
when it is first shown (the first frame needs the welcome screen alone).

A screen asks the App for another by name - `self.wizard.show("review")` replaces the
wizard's current screen, `self.wizard.open("save")` goes on top of it - and never imports
another screen's module, so the screens import no one but their base (import-linter's
acyclic contract in pyproject.toml holds this)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from textual.screen import Screen

ScreenName = Literal["welcome", "question", "review", "result", "save", "whatif", "glossary",
                     "records", "learn", "export", "supersede"]


def make(name: ScreenName, *args: Any, **kwargs: Any) -> Screen[Any]:
    """A new screen of that name, built with these arguments."""
    cls: Any
    if name == "welcome":
        from archdecide.tui.screens.welcome import WelcomeScreen as cls
    elif name == "question":
        from archdecide.tui.screens.question import QuestionScreen as cls
    elif name == "review":
        from archdecide.tui.screens.review import ReviewScreen as cls
    elif name == "result":
        from archdecide.tui.screens.result import ResultScreen as cls
    elif name == "save":
        from archdecide.tui.screens.save import SaveScreen as cls
    elif name == "whatif":
        from archdecide.tui.screens.whatif import WhatIfScreen as cls
    elif name == "glossary":
        from archdecide.tui.screens.glossary import GlossaryScreen as cls
    elif name == "records":
        from archdecide.tui.screens.records import RecordsScreen as cls
    elif name == "learn":
        from archdecide.tui.screens.learn import LearnScreen as cls
    elif name == "export":
        from archdecide.tui.dialogs.export import ExportAnswersDialog as cls
    elif name == "supersede":
        from archdecide.tui.dialogs.supersede import SupersedeDialog as cls
    else:
        raise ValueError(f"no screen named {name!r}")
    screen: Screen[Any] = cls(*args, **kwargs)
    return screen
