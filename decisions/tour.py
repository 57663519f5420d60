"""How each answer moves the ranking: a past decision's given answers replayed one at a time
in path order (the wizard's "Learn" tour), and one answer changed (its "What if"). Pure
functions over a pack; nothing is saved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from archdecide.decisions.compare import Comparison, compare
from archdecide.decisions.engine.evaluation import Evaluation, evaluate
from archdecide.decisions.engine.flow import path_values
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue


@dataclass(frozen=True)
class TourStep:
    question: str
    value: AnswerValue
    before: Evaluation
    """The ranking with the answers before this one (the rest assumed)."""
    after: Evaluation
    change: Comparison

    @property
    def newly_excluded(self) -> tuple[str, ...]:
        return tuple(r.architecture for r in self.change.scores
                     if r.b_excluded and not r.a_excluded)

    @property
    def readmitted(self) -> tuple[str, ...]:
        return tuple(r.architecture for r in self.change.scores
                     if r.a_excluded and not r.b_excluded)

    @property
    def moved(self) -> tuple[tuple[str, float], ...]:
        """(architecture, score change) of the eligible ones that moved, largest first."""
        out = [(r.architecture, r.b - r.a) for r in self.change.scores
               if not r.a_excluded and not r.b_excluded and abs(r.b - r.a) >= 0.05]
        return tuple(sorted(out, key=lambda item: -abs(item[1])))


def tour(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
         assumptions: Mapping[str, float] | None = None) -> tuple[TourStep, ...]:
    """One step per given answer, in the order of the path they make."""
    ordered = [q for q in path_values(pack, answers) if q in answers]
    steps: list[TourStep] = []
    given: dict[str, AnswerValue] = {}
    before = evaluate(pack, given, assumptions, with_sensitivity=False)
    for qid in ordered:
        given[qid] = answers[qid]
        after = evaluate(pack, dict(given), assumptions, with_sensitivity=False)
        steps.append(TourStep(qid, answers[qid], before, after,
                              compare(before, after, ("before", "after"))))
        before = after
    return tuple(steps)


def what_if(evaluation: Evaluation, question: str, value: AnswerValue) -> Comparison:
    """The current ranking beside the one with `question` answered `value` instead (answers
    that fall off the path are dropped, as in the wizard)."""
    answers = {**evaluation.answers, question: value}
    other = evaluate(evaluation.pack, answers, evaluation.assumptions, with_sensitivity=False)
    return compare(evaluation, other, ("now", "what if"))
