"""The Textual application. Until the wizard lands, it shows the pack it would run on."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from knowledge.pack import KnowledgePack


class ArchdecideApp(App[None]):
    TITLE = "archdecide"
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def __init__(self, pack: KnowledgePack) -> None:
        super().__init__()
        self.pack = pack

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="welcome"):
            yield Static(f"Knowledge pack: {self.pack.meta.name} {self.pack.version}",
                         id="pack-name", markup=False)
            yield Static(f"{len(self.pack.questions)} questions, "
                         f"{len(self.pack.architectures)} architectures", markup=False)
            yield Static("The guided wizard is coming; use `archdecide decide` meanwhile.",
                         markup=False)
        yield Footer()
