"""Textual's footer, compact (less space around each key) and without the command palette's
key (ctrl+p still opens it, and the key help lists it) when the terminal is narrower than 80
columns, so that every key of a screen fits at 60 instead of the last ones being cut."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

COMPACT_BELOW = 80
"""Columns under which the footer drops its padding."""


class KeyFooter(Footer):
    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        narrow = width < COMPACT_BELOW
        self.compact = narrow
        if self.show_command_palette == narrow:  # not a recomposing reactive in Textual
            self.show_command_palette = not narrow
            self.refresh(recompose=True)
