"""Which record supersedes this one: a number; enter confirms, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


class SupersedeDialog(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        with Vertical(id="supersede"):
            yield Label(f"Record {self.number:04d} is superseded by record number:")
            yield Input(id="successor", compact=True, type="integer", placeholder="e.g. 7")
            yield Static(id="supersede-error", markup=False)

    @on(Input.Submitted, "#successor")
    def _chosen(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text.isdigit() or int(text) < 1:
            self.query_one("#supersede-error", Static).update(
                Text("expected a record number, e.g. 7", style="bold red"))
            return
        self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
