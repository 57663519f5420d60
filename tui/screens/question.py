"""One question: prompt, choices with per-option help, why-it-matters, live ranking."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.validation import ValidationResult, Validator
from textual.widgets import Header, Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from archdecide.decisions.engine.answers import AnswerError, coerce, format_value
from archdecide.knowledge.schema import AnswerValue, Question
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe, safe_line
from archdecide.tui.widgets.checklist import CheckList
from archdecide.tui.widgets.footer import KeyFooter
from archdecide.tui.widgets.lists import NoWrap
from archdecide.tui.widgets.ranking import RankingPanel, ranking_line


class AnswerValidator(Validator):
    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    def validate(self, value: str) -> ValidationResult:
        try:
            coerce(self.question, value)
        except AnswerError as exc:
            return self.failure(str(exc))
        return self.success()


def reading(question: Question, typed: str) -> str:
    """What the typed number is read as, in full ("= 1,500,000,000 tokens/month"), so that a
    mistyped suffix or product shows before enter; empty when there is nothing to read."""
    from archdecide.decisions.engine.answers import number_label

    if not typed.strip():
        return ""
    try:
        value = coerce(question, typed)
    except AnswerError:
        return ""
    return safe_line(f"= {number_label(value, question.unit)}")


class QuestionScreen(WizardScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("b", "back", "Back", show=False, id="back-b"),
        Binding("w", "toggle_why", "Why?", id="why"),
        Binding("f2", "toggle_why", "Why?", show=False, id="why-f2"),
        Binding("n", "next", "Next", id="next"),
        Binding("ctrl+r", "review", "Review", id="review"),
        Binding("ctrl+g", "glossary", "Glossary", id="question-glossary"),
    ]

    def __init__(self, question_id: str, *, editing: bool = False) -> None:
        super().__init__()
        self.question_id = question_id
        self.editing = editing

    @property
    def question(self) -> Question:
        return self.wizard.pack.questions[self.question_id]

    def compose(self) -> ComposeResult:
        q = self.question
        yield Header()
        with Horizontal(id="body"):
            with VerticalScroll(id="main"):
                yield Static(id="progress", markup=False)
                yield Static(id="ranking-line", markup=False)
                yield Static(safe(q.prompt), id="prompt", markup=False)
                # right below the prompt, so that it is on screen whenever it is shown
                yield Static(self._why_text(q), id="why", markup=False)
                yield self._answer_widget(q)
                yield Static(id="error", markup=False)
                yield Static(id="option-help", markup=False)
            with Vertical(id="side"):
                yield RankingPanel(id="ranking")
        yield KeyFooter()

    async def show_question(self, question_id: str) -> None:
        """Move this screen to another question in place: a few widgets are updated
        instead of a whole screen being built and restyled (keeps an answer well under
        50 ms; see docs/benchmarks.md)."""
        self.question_id = question_id
        q = self.question
        self.query_one("#prompt", Static).update(safe(q.prompt))
        self.query_one("#why", Static).update(self._why_text(q))
        self.query_one("#error", Static).update("")
        old = self.query_one("#choices")
        if q.kind in ("single", "boolean") and type(old) is NoWrap:
            old.clear_options()
            old.add_options(self._options(q))
            old.highlighted = self._highlight(q)
            old.scroll_home(animate=False)
        else:
            await old.remove()
            await self.query_one("#main", VerticalScroll).mount(
                self._answer_widget(q), before=self.query_one("#error"))
        self.query_one("#main", VerticalScroll).scroll_home(animate=False)
        self._refresh_state()

    def _current(self) -> AnswerValue:
        """The answer given, else the default the engine would assume here (a strict one
        for sensitive data: the permissive option is never preselected for it)."""
        from archdecide.decisions.engine.flow import default_for

        value = self.wizard.preselect(self.question_id)
        if value is not None:
            return value
        return default_for(self.question, self.wizard.session.answers)[0]

    def _options(self, q: Question) -> list[Option]:
        if q.kind == "boolean":
            return [Option("Yes", id="true"), Option("No", id="false")]
        from archdecide.decisions.engine.flow import default_for

        default = default_for(q, self.wizard.session.answers)[0]
        return [Option(Text(safe_line(o.label) + ("  (default)" if o.id == default else "")),
                       id=o.id)
                for o in q.options]

    def _highlight(self, q: Question) -> int:
        current = self._current()
        if q.kind == "boolean":
            return 0 if current is True else 1
        return next((i for i, o in enumerate(q.options) if o.id == current), 0)

    def _answer_widget(self, q: Question) -> Any:
        if q.kind in ("single", "boolean"):
            widget = NoWrap(*self._options(q), id="choices", markup=False)
            widget.highlighted = self._highlight(q)
            return widget
        current = self._current()
        if q.kind == "multiple":
            chosen = set(current) if isinstance(current, tuple | list) else set()
            return CheckList(*[(Text(safe_line(o.label)), o.id, o.id in chosen)
                                        for o in q.options], id="choices")
        unit = f" ({q.unit})" if q.unit else ""
        example = ("e.g. 2B, or users x requests a day x tokens: 1,000 x 20 x 2,000"
                   if q.sizing_input == "monthly_tokens" else "e.g. 2e9, 2,000,000,000 or 2B")
        return Input(value=format_value(current), id="choices", select_on_focus=True,
                     placeholder=f"a number{unit}, {example} (F2: why)",
                     validators=[AnswerValidator(q)], validate_on=["changed", "submitted"])

    def _why_text(self, q: Question) -> Text:
        text = Text()
        text.append("Why this matters\n", style="bold")
        text.append(safe(q.why))
        from archdecide.decisions.glossary_links import question_terms

        terms = [self.wizard.pack.glossary[t].term
                 for t in question_terms(self.wizard.pack, q.id)]
        if terms:
            text.append("\nGlossary (ctrl+g): " + safe_line(", ".join(terms)), style="dim")
        return text

    def on_mount(self) -> None:
        self.query_one("#why").display = False
        self._refresh_state()

    def _refresh_state(self) -> None:
        """Progress, live ranking, option help and focus for the current question."""
        progress = self.wizard.session.progress()
        path = self.wizard.session.path()
        number = (path.index(self.question_id) + 1 if self.question_id in path
                  else progress.answered + (0 if self.editing else 1))
        ev = self.wizard.evaluation()
        label = "Editing" if self.editing else f"Question {number} of about {progress.total}"
        self.query_one("#progress", Static).update(label)
        self.query_one("#ranking-line", Static).update(ranking_line(ev))
        self.query_one("#ranking", RankingPanel).show(ev)
        self._show_option_help()
        self.query_one("#choices").focus()

    def _show_option_help(self, option_id: str | None = None) -> None:
        q = self.question
        if option_id is None and q.kind in ("single", "multiple"):
            widget = self.query_one("#choices")
            index = getattr(widget, "highlighted", None)
            if index is not None and 0 <= index < len(q.options):
                option_id = q.options[index].id
        option = q.option(option_id) if option_id else None
        self.show("#option-help", Text(safe(option.help)) if option else Text(""))

    @on(OptionList.OptionHighlighted, "#choices")
    @on(SelectionList.SelectionHighlighted, "#choices")
    def _highlighted(self, event: Any) -> None:
        option_id = getattr(getattr(event, "option", None), "id", None)
        if option_id is None and hasattr(event, "selection"):
            option_id = event.selection.value
        self._show_option_help(option_id)

    @on(OptionList.OptionSelected, "#choices")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        value: object = event.option.id
        if self.question.kind == "boolean":
            value = event.option.id == "true"
        await self._submit(value)

    @on(Input.Changed, "#choices")
    def _changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.show("#error", Text(safe("; ".join(result.failure_descriptions)),
                                     style="bold red"))
            return
        self.show("#error", Text(reading(self.question, event.value), style="dim"))

    @on(Input.Submitted, "#choices")
    async def _submitted(self, event: Input.Submitted) -> None:
        await self._submit(event.value)

    async def action_next(self) -> None:
        widget = self.query_one("#choices")
        if isinstance(widget, SelectionList):
            await self._submit(tuple(widget.selected))
        elif isinstance(widget, Input):
            await self._submit(widget.value)
        elif isinstance(widget, OptionList) and widget.highlighted is not None:
            widget.action_select()

    async def _submit(self, value: object) -> None:
        try:
            dropped = self.wizard.answer(self.question_id, value)
        except AnswerError as exc:
            self.query_one("#error", Static).update(Text(safe(exc), style="bold red"))
            return
        if dropped:
            self.notify("No longer asked, answers dropped: " + ", ".join(dropped),
                        markup=False)
        if self.editing:
            self.wizard.show("review")
            return
        session = self.wizard.session
        following = session.neighbour(self.question_id, +1)
        if following is None or session.next_question() is None:
            self.wizard.goto_next()  # the first unanswered question, or the review
        else:
            await self.show_question(following)

    async def action_back(self) -> None:
        if self.editing:
            self.wizard.show("review")
            return
        previous = self.wizard.session.neighbour(self.question_id, -1)
        if previous is None:
            self.wizard.show("welcome", [])
            return
        await self.show_question(previous)  # moving back keeps every answer

    def action_toggle_why(self) -> None:
        why = self.query_one("#why")
        why.display = not why.display
        if why.display:
            self.query_one("#main", VerticalScroll).scroll_home(animate=False)

    def action_glossary(self) -> None:
        from archdecide.decisions.glossary_links import question_terms

        self.wizard.open("glossary", question_terms(self.wizard.pack, self.question_id))

    def action_review(self) -> None:
        self.wizard.show("review")

