"""What if: change one answer and see the new ranking beside the current one. Nothing is
changed or saved; escape goes back to the result (decisions.tour.what_if)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import clip, safe_line
from archdecide.tui.widgets.footer import KeyFooter
from archdecide.tui.widgets.lists import NoWrap
from archdecide.tui.widgets.type_filter import TypeFilter

if TYPE_CHECKING:
    from archdecide.decisions.compare import Comparison
    from archdecide.knowledge.schema import AnswerValue


def comparison_rows(result: Comparison) -> list[tuple[str, str, str]]:
    def shown(score: float, excluded: bool) -> str:
        return "excl." if excluded else f"{score:.0f}"
    rows = [(r.name, shown(r.a, r.a_excluded), shown(r.b, r.b_excluded), r) for r in result.scores]
    rows.sort(key=lambda row: (row[3].b_excluded, -row[3].b))  # by the score the change gives
    return [row[:3] for row in rows]


class WhatIfScreen(WizardScreen):
    BINDINGS = [Binding("escape", "back", "Back", id="back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("What if: pick a question, then another answer. Nothing is saved.",
                          style="bold"), id="whatif-head")
        with Horizontal(id="whatif"):
            with Vertical(id="whatif-pick"):
                yield Static(id="whatif-filter", markup=False)
                yield NoWrap(id="whatif-questions", markup=False)
                yield NoWrap(id="whatif-values", markup=False)
            with Vertical(id="whatif-out"):
                yield Static(id="whatif-verdict", markup=False)
                yield DataTable(id="whatif-table", cursor_type="none", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.filter = TypeFilter()
        self.query_one("#whatif-values").display = False
        table = self.query_one("#whatif-table", DataTable)
        table.add_columns("architecture", "now", "what if")
        self._fill()
        self.query_one("#whatif-questions").focus()

    def _fill(self) -> None:
        answers = self.wizard.evaluation().shown_answers()
        questions = self.query_one("#whatif-questions", OptionList)
        questions.clear_options()
        for answer in answers:
            if self.filter.keeps(answer.prompt, answer.question, answer.label):
                mark = " (assumed)" if answer.assumed else ""
                questions.add_option(Option(Text(clip(safe_line(answer.prompt), 40) + mark),
                                            id=answer.question))
        questions.highlighted = 0 if questions.option_count else None
        self.show("#whatif-filter", Text(safe_line(self.filter.line(questions.option_count,
                                                                    len(answers))),
                                         style="dim"))

    def on_key(self, event: events.Key) -> None:
        if self.focused is self.query_one("#whatif-questions") and \
                self.filter.key(event.key, event.character):
            event.stop()
            event.prevent_default()
            self._fill()

    @on(OptionList.OptionSelected, "#whatif-questions")
    def _question(self, event: OptionList.OptionSelected) -> None:
        from archdecide.decisions.engine.answers import format_value
        from archdecide.decisions.engine.sensitivity import alternatives

        qid = event.option.id or ""
        pack = self.wizard.pack
        ev = self.wizard.evaluation()
        current = next(a.value for a in ev.shown_answers() if a.question == qid)
        values = self.query_one("#whatif-values", OptionList)
        values.clear_options()
        self._values: dict[str, AnswerValue] = {}
        labels = {o.id: o.label for o in pack.questions[qid].options}
        for n, alt in enumerate(alternatives(pack, pack.questions[qid], current)):
            key = f"v{n}"
            self._values[key] = alt
            text = labels.get(alt, format_value(alt)) if isinstance(alt, str) else \
                format_value(alt)
            values.add_option(Option(Text(safe_line(text)), id=key))
        self._question_id = qid
        values.display = True
        values.highlighted = 0 if values.option_count else None
        values.focus()

    @on(OptionList.OptionHighlighted, "#whatif-values")
    @on(OptionList.OptionSelected, "#whatif-values")
    def _value(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        from archdecide.decisions.tour import what_if

        value = self._values.get(event.option.id or "")
        if value is None:
            return
        result = what_if(self.wizard.evaluation(), self._question_id, value)
        verdict = ("the same recommendation" if result.same_recommendation else
                   f"{result.b.recommendation or 'nothing'} instead of "
                   f"{result.a.recommendation or 'nothing'}")
        self.show("#whatif-verdict", Text(safe_line(f"With this answer: {verdict}."),
                                          style="bold"))
        table = self.query_one("#whatif-table", DataTable)
        table.clear()
        for name, now, then in comparison_rows(result):
            style = "bold" if now != then else ""
            table.add_row(Text(clip(name, 24)), Text(now, style=style),
                          Text(then, style=style))

    def action_back(self) -> None:
        values = self.query_one("#whatif-values")
        if values.display and self.focused is values:
            self.query_one("#whatif-questions").focus()
        else:
            self.app.pop_screen()
