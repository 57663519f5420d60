"""Welcome: start, resume the draft, browse records, glossary."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.drafts import Draft


class WelcomeScreen(Screen[None]):
    def __init__(self, draft: Draft | None) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        pack = self.app.pack  # type: ignore[attr-defined]
        yield Header()
        with Vertical(id="welcome"):
            yield Static(Text("Decide how to run your LLMs", style="bold"), id="title")
            yield Static(Text(
                "Answer a few questions about your data, network, compliance, volume and "
                f"team; see a live ranking of {len(pack.architectures)} deployment architectures "
                "with the reasons, "
                "the GPUs and the cost; save the outcome as a decision record for git."),
                id="intro")
            yield Static(Text(f"Knowledge pack: {pack.meta.name} {pack.version} · "
                              f"{len(pack.questions)} questions · "
                              f"{len(pack.architectures)} architectures", style="dim"),
                         id="pack-name")
            options = [Option("Start a new decision", id="new")]
            if self.draft is not None and self.draft.answers:
                options.append(Option(f"Resume the saved draft ({len(self.draft.answers)} "
                                      "answers)", id="resume"))
            options += [Option("Browse decision records", id="records"),
                        Option("Glossary", id="glossary"), Option("Quit", id="quit")]
            yield OptionList(*options, id="menu", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 1 if self.draft is not None and self.draft.answers else 0
        menu.focus()

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        app = self.app
        choice = event.option.id
        if choice == "new":
            app.start_new()  # type: ignore[attr-defined]
        elif choice == "resume" and self.draft is not None:
            app.resume(self.draft)  # type: ignore[attr-defined]
        elif choice == "records":
            from tui.screens.records import RecordsScreen

            app.push_screen(RecordsScreen())
        elif choice == "glossary":
            app.action_glossary()  # type: ignore[attr-defined]
        else:
            app.exit()
