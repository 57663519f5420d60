"""Records browser: the records folder with status; open one; recheck it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class RecordsScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="records"):
            yield Static(Text(f"Records folder: {self.app.records_dir()}"),  # type: ignore[attr-defined]
                         id="records-folder", markup=False)
            yield Static(Text("The records browser arrives with the records store."),
                         id="records-list", markup=False)
        yield Footer()
