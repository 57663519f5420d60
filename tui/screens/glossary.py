"""Glossary: searchable terms with definitions and the questions that use them."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from archdecide.decisions.wording import question_words
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe, safe_line
from archdecide.tui.widgets.footer import KeyFooter
from archdecide.tui.widgets.lists import NoWrap


class GlossaryScreen(WizardScreen):
    """All terms; opened from a question, its own terms first (typing searches them all)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="close")]

    def __init__(self, terms: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.terms = terms

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search terms and definitions", id="search")
        with Horizontal(id="glossary"):
            yield NoWrap(id="terms", markup=False)
            with VerticalScroll(id="definition-box"):
                yield Static(id="definition", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#search", Input).focus()

    def _fill(self, needle: str) -> None:
        pack = self.wizard.pack
        found = self.query("#terms").results(OptionList)
        terms = next(found, None)
        if terms is None:  # the screen is being taken down
            return
        terms.clear_options()
        lowered = needle.lower().strip()
        ordered = sorted(pack.glossary.values(), key=lambda t: t.term.lower())
        if not lowered and self.terms:  # this question's terms first
            ordered.sort(key=lambda t: t.id not in self.terms)
        for term in ordered:
            if not lowered or lowered in term.term.lower() or lowered in term.definition.lower():
                terms.add_option(Option(Text(safe_line(term.term)), id=term.id))
        if terms.option_count:
            terms.highlighted = 0
            self._show(terms.get_option_at_index(0).id or "")
        else:
            self.show("#definition", Text(f"No term matches {safe_line(repr(needle))}."))

    def _show(self, term_id: str) -> None:
        pack = self.wizard.pack
        term = pack.glossary.get(term_id)
        if term is None:
            return
        text = Text()
        text.append(safe_line(term.term) + "\n", style="bold")
        text.append(safe(term.definition) + "\n")
        if term.questions:
            asked = [pack.questions[q].prompt if q in pack.questions else question_words(q)
                     for q in term.questions]
            text.append("\nAsked in: " + safe_line("; ".join(asked)) + "\n", style="dim")
        if term.see_also:
            names = [pack.glossary[t].term for t in term.see_also if t in pack.glossary]
            text.append("See also: " + safe_line(", ".join(names)) + "\n", style="dim")
        self.show("#definition", text)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#search")
    def _to_list(self) -> None:
        self.query_one("#terms").focus()

    @on(OptionList.OptionHighlighted, "#terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id or "")
