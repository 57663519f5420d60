"""Two decisions side by side (`archdecide compare A B`): each a record or an answers file,
both evaluated on the same, current pack. What differs: the answers, the recommendation, each
architecture's score and exclusion, and the monthly cost of the recommended architecture."""

from __future__ import annotations

from dataclasses import dataclass

from archdecide.decisions.engine.answers import format_value
from archdecide.decisions.engine.evaluation import Evaluation, ShownAnswer


@dataclass(frozen=True)
class AnswerDiff:
    question: str
    prompt: str
    a: ShownAnswer | None
    """None: the question is not on this side's path."""
    b: ShownAnswer | None


@dataclass(frozen=True)
class ScoreRow:
    architecture: str
    name: str
    a: float
    b: float
    a_excluded: bool
    b_excluded: bool


@dataclass(frozen=True)
class Side:
    source: str
    title: str
    recommendation: str | None
    runner_up: str | None
    margin: float | None
    monthly_usd: float | None
    """The recommended architecture's family's monthly cost (None when not priced)."""


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    answers: tuple[AnswerDiff, ...]
    """Only the questions whose answers differ (or that only one side reaches)."""
    scores: tuple[ScoreRow, ...]
    """Every architecture, in the order of side A's ranking."""

    @property
    def same_recommendation(self) -> bool:
        return self.a.recommendation == self.b.recommendation


def _side(ev: Evaluation, source: str, title: str) -> Side:
    cost = None
    winner = ev.recommendation
    if winner is not None and ev.report is not None:
        family = ev.pack.architectures[winner].family
        found = ev.report.families.get(family)
        cost = found.monthly_usd if found is not None and found.feasible else None
    return Side(source, title, winner, ev.runner_up, ev.margin, cost)


def ev_prompt(ev: Evaluation, qid: str) -> str:
    return ev.pack.questions[qid].prompt


def compare(a: Evaluation, b: Evaluation, sources: tuple[str, str],
            titles: tuple[str, str] = ("", "")) -> Comparison:
    """A and B must have been evaluated on the same pack."""
    shown_a = {s.question: s for s in a.shown_answers()}
    shown_b = {s.question: s for s in b.shown_answers()}
    order = list(shown_a) + [q for q in shown_b if q not in shown_a]
    diffs = []
    for qid in order:
        sa, sb = shown_a.get(qid), shown_b.get(qid)
        va = None if sa is None else format_value(sa.value)
        vb = None if sb is None else format_value(sb.value)
        if va != vb:
            diffs.append(AnswerDiff(qid, ev_prompt(a, qid), sa, sb))
    by_b = {row.architecture: row for row in b.ranking}
    scores = tuple(ScoreRow(row.architecture, row.name, row.score, by_b[row.architecture].score,
                            row.excluded, by_b[row.architecture].excluded)
                   for row in a.ranking if row.architecture in by_b)
    return Comparison(_side(a, sources[0], titles[0]), _side(b, sources[1], titles[1]),
                      tuple(diffs), scores)
