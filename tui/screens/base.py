"""The base of every wizard screen: `self.wizard` is the app, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from rich.text import Text

    from archdecide.tui.app import ArchdecideApp


class WizardScreen(Screen[None]):
    @property
    def wizard(self) -> ArchdecideApp:
        return cast("ArchdecideApp", self.app)

    def show(self, selector: str, text: Text) -> None:
        """Update the Static `selector` if it is still there: a highlight or a change can
        still arrive while the screen is taken down (a hang-up just as it opens)."""
        for widget in self.query(selector).results(Static):
            widget.update(text)
