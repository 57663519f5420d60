"""Learn: a guided tour of a past decision for a new hire. The record's answers are replayed
one question at a time, in the order of the path, each with its question's why-this-matters and
what that answer changed in the ranking (decisions.tour). Nothing is saved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe, safe_line
from archdecide.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from archdecide.decisions.records.model import DecisionRecord
    from archdecide.decisions.tour import TourStep
    from archdecide.knowledge.pack import KnowledgePack


def step_text(pack: KnowledgePack, record: DecisionRecord, steps: tuple[TourStep, ...],
              index: int) -> Text:
    step = steps[index]
    question = pack.questions[step.question]
    shown = next((a for a in step.after.shown_answers() if a.question == step.question), None)
    text = Text()
    text.append(safe_line(f"Learning from {record.number:04d} {record.title}"), style="bold")
    text.append(f"  step {index + 1} of {len(steps)}\n\n", style="dim")
    text.append(safe(question.prompt) + "\n", style="bold")
    text.append("They answered: ")
    text.append(safe_line(shown.label if shown else str(step.value)) + "\n\n", style="bold")
    text.append("Why this matters\n", style="bold")
    text.append(safe(question.why) + "\n")
    from archdecide.decisions.glossary_links import question_terms

    terms = [pack.glossary[t].term for t in question_terms(pack, question.id)]
    if terms:
        text.append("Glossary (ctrl+g): " + safe_line(", ".join(terms)) + "\n", style="dim")
    text.append("\nWhat this answer changed\n", style="bold")
    before, after = step.before.recommendation, step.after.recommendation
    if before != after:
        text.append(safe_line(f"- the leader: {before or 'none'} -> {after or 'none'}") + "\n")
    for aid in step.newly_excluded:
        reasons = "; ".join(step.after.ranked(aid).reasons)
        text.append(safe_line(f"- excludes {aid}" + (f": {reasons}" if reasons else "")) + "\n")
    for aid in step.readmitted:
        text.append(safe_line(f"- lets {aid} back in") + "\n")
    for aid, delta in step.moved[:4]:
        text.append(safe_line(f"- {aid} {delta:+.1f} points") + "\n")
    if before == after and not (step.newly_excluded or step.readmitted or step.moved):
        text.append("- nothing: the default already had this effect\n", style="dim")
    text.append("\nRanking after it (/100)\n", style="bold")
    for row in [r for r in step.after.ranking if not r.excluded][:5]:
        text.append(safe_line(f"{row.score:5.1f}  {row.architecture}") + "\n")
    if index == len(steps) - 1:
        chosen = record.chosen.id if record.chosen is not None else "nothing"
        text.append(safe_line(f"\nThey chose {chosen}; with these answers today's pack "
                              f"recommends {after or 'nothing'}.") + "\n", style="bold")
    return text


class LearnScreen(WizardScreen):
    BINDINGS = [
        Binding("right,n,enter", "move(1)", "Next", id="learn-next"),
        Binding("left,b", "move(-1)", "Previous", id="learn-previous"),
        Binding("escape", "app.pop_screen", "Close", id="learn-close"),
        Binding("ctrl+g", "glossary", "Glossary", id="learn-glossary"),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.index = 0
        self.steps: tuple[TourStep, ...] = ()
        self.record: DecisionRecord | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="learn"):
            yield Static(id="learn-body", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        from archdecide.decisions.records.model import RecordError
        from archdecide.decisions.records.replay import answers_of_record, blockers, checked
        from archdecide.decisions.records.store import read_record
        from archdecide.decisions.tour import tour

        try:
            self.record = read_record(Path(self.path))
        except (RecordError, OSError) as exc:
            self.show("#learn-body", Text(safe(exc), style="bold"))
            return
        pack = self.wizard.pack
        file = answers_of_record(self.record.to_data(), self.path)
        stop = blockers(pack, file, self.path)
        if stop:
            self.show("#learn-body", Text(safe("\n".join(stop)), style="bold"))
            return
        answers, problems = checked(pack, file, self.path)
        self.steps = tour(pack, answers, file.assumptions)
        if not self.steps:
            self.show("#learn-body", Text("This record has no given answers to replay.",
                                          style="bold"))
            return
        if problems:
            self.notify(safe_line(f"{len(problems)} of its answers no longer fit the pack "
                                  "and are left out"), markup=False)
        self._draw()
        self.query_one("#learn").focus()

    def _draw(self) -> None:
        assert self.record is not None
        self.show("#learn-body", step_text(self.wizard.pack, self.record, self.steps,
                                           self.index))
        self.query_one("#learn", VerticalScroll).scroll_home(animate=False)

    def action_move(self, by: int) -> None:
        if self.steps and 0 <= self.index + by < len(self.steps):
            self.index += by
            self._draw()

    def action_glossary(self) -> None:
        from archdecide.decisions.glossary_links import question_terms
        terms = question_terms(self.wizard.pack, self.steps[self.index].question) \
            if self.steps else ()
        self.wizard.open("glossary", terms)
