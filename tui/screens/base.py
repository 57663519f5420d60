"""The base of every wizard screen: `self.wizard` is the app, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from archdecide.tui.app import ArchdecideApp


class WizardScreen(Screen[None]):
    @property
    def wizard(self) -> ArchdecideApp:
        return cast("ArchdecideApp", self.app)
