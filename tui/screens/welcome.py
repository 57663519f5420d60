"""Welcome: start, resume the draft, browse records, glossary.

Drawn before the knowledge pack is loaded (the wizard's first frame must not wait for
pydantic and the TOML parse); the pack line is filled in, and a draft for another pack
dropped, when the app has loaded it. A choice made before that runs once it has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe_line

if TYPE_CHECKING:
    from archdecide.tui.drafts import Draft


class WelcomeScreen(WizardScreen):
    def __init__(self, draft: Draft | None) -> None:
        super().__init__()
        self.draft = draft if draft is not None and draft.answers else None

    def compose(self) -> ComposeResult:
        # One Static for the title, the intro and the pack line, and no Header: every widget
        # is styled before the first frame, which over SSH is what the user waits for.
        yield Static(self._text("Knowledge pack: loading…"), id="welcome")
        options = [Option("Start a new decision", id="new")]
        if self.draft is not None:
            options.append(Option(f"Resume the saved draft ({len(self.draft.answers)} "
                                  "answers)", id="resume"))
        options += [Option("Browse decision records", id="records"),
                    Option("Glossary", id="glossary"), Option("Quit", id="quit")]
        yield OptionList(*options, id="menu", markup=False)
        yield Footer()

    @staticmethod
    def _text(pack_line: str) -> Text:
        return Text.assemble(
            ("archdecide", "bold reverse"), "  ", ("Decide how to run your LLMs", "bold"),
            "\n\nAnswer a few questions about your data, network, compliance, volume and team; "
            "see a live ranking of deployment architectures with the reasons, the GPUs and the "
            "cost; save the outcome as a decision record for git.\n\n", (pack_line, "dim"))

    def on_mount(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = 1 if self.draft is not None else 0
        menu.focus()
        self.wizard.when_loaded(self._pack_loaded)

    def _pack_loaded(self) -> None:
        pack = self.wizard.pack
        self.query_one("#welcome", Static).update(self._text(safe_line(
            f"Knowledge pack: {pack.meta.name} {pack.version} · {len(pack.questions)} "
            f"questions · {len(pack.architectures)} architectures")))
        if self.draft is not None and not self.draft.matches(pack):
            self.draft = None
            menu = self.query_one("#menu", OptionList)
            menu.remove_option("resume")
            menu.highlighted = 0

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "quit":
            self.app.exit()
            return
        if not self.wizard.loaded:
            self.query_one("#welcome", Static).update(self._text(
                "Knowledge pack: loading… (your choice follows in a moment)"))
        self.wizard.when_loaded(lambda: self._go(choice))

    def _go(self, choice: str | None) -> None:
        app = self.wizard
        if app.screen is not self:
            return  # the user has moved on meanwhile
        if choice == "new":
            app.start_new()
        elif choice == "resume" and self.draft is not None:
            app.resume(self.draft)
        elif choice == "records":
            from archdecide.tui.screens.records import RecordsScreen

            app.push_screen(RecordsScreen())
        elif choice == "glossary":
            app.action_glossary()
