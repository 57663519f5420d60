"""Welcome: start, resume a draft, browse records, glossary.

Drawn before the knowledge pack is loaded (the wizard's first frame must not wait for
pydantic and the TOML parse); the pack line is filled in, and drafts for another pack
dropped, when the app has loaded it. A choice made before that runs once it has. Drafts open
in another wizard are shown, but cannot be chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from archdecide.tui.glyphs import dot, ellipsis
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe_line
from archdecide.tui.widgets.footer import KeyFooter
from archdecide.tui.widgets.lists import NoWrap

if TYPE_CHECKING:
    from archdecide.decisions.drafts import Draft


SHOWN = 5
"""Drafts offered on the welcome screen, most recently updated first (the rest: drafts list)."""


def draft_label(draft: Draft, in_use: str | None) -> str:
    count = len(draft.answers)
    when = draft.updated.replace("T", " ").removesuffix("Z")[:16]
    name = draft.title or "untitled decision"
    text = f"Resume: {name}{dot()}{count} answer{'s' if count != 1 else ''}"
    text += f"{dot()}{when} UTC" if when else ""
    return text + (f" (in use: {in_use})" if in_use else "")


class WelcomeScreen(WizardScreen):
    def __init__(self, drafts: list[Draft]) -> None:
        super().__init__()
        self.candidates = [d for d in drafts if d.answers]
        self.drafts: dict[str, Draft] = {}
        """The drafts offered: the newest SHOWN for this pack (all packs until it loads)."""

    def compose(self) -> ComposeResult:
        # One Static for the title, the intro and the pack line, and no Header: every widget
        # is styled before the first frame, which over SSH is what the user waits for.
        yield Static(self._text(f"Knowledge pack: loading{ellipsis()}"), id="welcome")
        yield NoWrap(*self._options(), id="menu", markup=False)
        yield KeyFooter()

    def _options(self) -> list[Option]:
        from archdecide.decisions.drafts import holder

        pack = self.wizard.pack if self.wizard.loaded else None
        fitting = [d for d in self.candidates if pack is None or d.matches(pack)]
        self.drafts = {d.id: d for d in fitting[:SHOWN]}
        options = [Option("Start a new decision", id="new")]
        for did, draft in self.drafts.items():
            in_use = holder(draft.path) if draft.path is not None else None
            options.append(Option(safe_line(draft_label(draft, in_use)), id=f"resume:{did}",
                                  disabled=in_use is not None))
        more = len(fitting) - len(self.drafts)
        if more > 0:
            options.append(Option(f"{ellipsis()} {more} more: `archdecide drafts list`",
                                  id="more", disabled=True))
        return [*options, Option("Browse decision records", id="records"),
                Option("Learn from a past decision (a guided tour)", id="learn"),
                Option("Glossary", id="glossary"), Option("Quit", id="quit")]

    @staticmethod
    def _text(pack_line: str) -> Text:
        return Text.assemble(
            ("archdecide", "bold reverse"), "  ", ("Decide how to run your LLMs", "bold"),
            "\n\nAnswer a few questions about your data, network, compliance, volume and team; "
            "see a live ranking of deployment architectures with the reasons, the GPUs and the "
            "cost; save the outcome as a decision record for git.\n\n", (pack_line, "dim"))

    def on_mount(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.highlighted = self._first_resumable()
        menu.focus()
        self.wizard.when_loaded(self._pack_loaded)

    def _pack_loaded(self) -> None:
        pack = self.wizard.pack
        self.query_one("#welcome", Static).update(self._text(safe_line(
            f"Knowledge pack: {pack.meta.name} {pack.version}{dot()}{len(pack.questions)} "
            f"questions{dot()}{len(pack.architectures)} architectures")))
        if any(not draft.matches(pack) for draft in self.candidates):
            menu = self.query_one("#menu", OptionList)
            menu.clear_options()
            menu.add_options(self._options())  # this pack's newest, not the newest of all
            menu.highlighted = self._first_resumable()

    def _first_resumable(self) -> int:
        """The menu row to start on: the newest draft that can be resumed, else "new"."""
        menu = self.query_one("#menu", OptionList)
        for index in range(1, 1 + len(self.drafts)):
            option = menu.get_option_at_index(index)
            if not option.disabled and (option.id or "").startswith("resume:"):
                return index
        return 0

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "quit":
            self.app.exit()
            return
        if not self.wizard.loaded:
            self.query_one("#welcome", Static).update(self._text(
                f"Knowledge pack: loading{ellipsis()} (your choice follows in a moment)"))
        self.wizard.when_loaded(lambda: self._go(choice))

    def _go(self, choice: str | None) -> None:
        app = self.wizard
        if app.screen is not self:
            return  # the user has moved on meanwhile
        if choice == "new":
            app.start_new()
        elif choice is not None and choice.startswith("resume:"):
            draft = self.drafts.get(choice.removeprefix("resume:"))
            if draft is not None:
                app.resume(draft)
        elif choice in ("records", "learn"):
            app.open("records", learn=choice == "learn")
        elif choice == "glossary":
            app.action_glossary()
