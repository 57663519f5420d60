"""Sensitivity: which single change would flip the recommendation.

1. Answers: for every question the user answered, each alternative answer is replayed through
   the whole flow (answers that fall off the path are dropped, new questions take defaults);
   those that change the recommendation are listed. Alternatives: every other option (single
   choice), adding or removing each option (multiple choice), the other truth value (boolean),
   and for numbers the values just across every threshold the pack compares that question with,
   plus a tenth and ten times the answer when the number feeds the sizing model.
2. Weights: for each criterion, the smallest change of its weight alone (within 0-10) at which
   the runner-up catches up with the recommendation: with N = sum(w x r) per architecture,
   raising w_c by d moves the gap N1 - N2 by d x (r1c - r2c), so d = (N1 - N2) / (r2c - r1c).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from archdecide.decisions.engine.answers import format_value
from archdecide.decisions.engine.flow import Routes
from archdecide.decisions.engine.graph import decision_graph
from archdecide.decisions.engine.outcome import Core, core
from archdecide.decisions.engine.tco_criterion import TCOMemo
from archdecide.decisions.wording import question_words
from archdecide.knowledge.conditions import Gte, Lte, walk
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue, Question


def _thresholds(pack: KnowledgePack, qid: str) -> list[float]:
    found: set[float] = set()
    conditions = [r.when for r in pack.rules.values()]
    conditions += [e.when for q in pack.questions.values() for e in q.next if e.when is not None]
    for cond in conditions:
        for node in walk(cond):
            if isinstance(node, Gte | Lte) and node.question == qid:
                found.add(node.gte if isinstance(node, Gte) else node.lte)
    return sorted(found)


def alternatives(pack: KnowledgePack, question: Question, value: AnswerValue
                 ) -> Iterator[AnswerValue]:
    if question.kind == "single":
        yield from (o.id for o in question.options if o.id != value)
    elif question.kind == "multiple":
        chosen = set(value) if isinstance(value, tuple) else set()
        for option in question.options:
            toggled = chosen ^ {option.id}
            yield tuple(o.id for o in question.options if o.id in toggled)
    elif question.kind == "boolean":
        yield not value
    else:
        assert isinstance(value, int | float)
        step = 1 if question.kind == "integer" else 1e-6
        candidates: set[float] = set()
        for t in _thresholds(pack, question.id):
            candidates.update((t - step, t, t + step))
        if question.sizing_input is not None:
            candidates.update((value / 10, value * 10))
        low = question.min if question.min is not None else float("-inf")
        high = question.max if question.max is not None else float("inf")
        for c in sorted(candidates):
            if low <= c <= high and c != value:
                yield int(c) if question.kind == "integer" else float(c)


@dataclass(frozen=True)
class AnswerFlip:
    """One other answer to one question that changes the recommendation."""

    question: str
    current: AnswerValue
    alternative: AnswerValue
    recommendation: str | None

    @property
    def text(self) -> str:
        return (f"if {self.question} were {format_value(self.alternative)}, the recommendation "
                f"would be {self.recommendation or 'nothing (all excluded)'}")

    def words(self, pack: KnowledgePack) -> str:
        """`text` in the pack's words: the question by name, the answer's label, the
        architecture's name (for people; `text`, with ids, is for machines)."""
        from archdecide.decisions.engine.answers import answer_label

        question = pack.questions.get(self.question)
        if question is None:
            return self.text
        name = pack.architectures[self.recommendation].name if self.recommendation \
            else "nothing (all excluded)"
        return (f"if {question_words(self.question)} were "
                f"{answer_label(question, self.alternative)}, the recommendation would be "
                f"{name}")


@dataclass(frozen=True)
class WeightFlip:
    """The change of one criterion's weight at which the runner-up ties the leader."""

    criterion: str
    weight: float
    to_weight: float
    new_leader: str
    leader: str

    @property
    def delta(self) -> float:
        return self.to_weight - self.weight

    @property
    def text(self) -> str:
        return (f"if the weight of {self.criterion} went from {self.weight:g} to "
                f"{self.to_weight:.2f}, {self.new_leader} would tie {self.leader}")

    def words(self, pack: KnowledgePack) -> str:
        """`text` with the criterion's and the architectures' names."""
        criterion = pack.criteria.get(self.criterion)
        archs = pack.architectures
        if criterion is None or self.new_leader not in archs or self.leader not in archs:
            return self.text
        return (f"if the weight of {criterion.name} went from {self.weight:g} to "
                f"{self.to_weight:.2f}, {archs[self.new_leader].name} would tie "
                f"{archs[self.leader].name}")


@dataclass(frozen=True)
class Sensitivity:
    answers: tuple[AnswerFlip, ...] = ()
    weights: tuple[WeightFlip, ...] = ()
    defaults: tuple[AnswerFlip, ...] = ()
    """Assumed (defaulted) answers whose other options change the recommendation."""
    computed: bool = False
    """False when the evaluation was made without sensitivity analysis."""

    def texts(self) -> tuple[str, ...]:
        return (*(flip.text for flip in self.answers), *(flip.text for flip in self.weights))

    def words(self, pack: KnowledgePack) -> tuple[str, ...]:
        """texts() in the pack's words, for people (reports, records, the wizard)."""
        return (*(flip.words(pack) for flip in self.answers),
                *(flip.words(pack) for flip in self.weights))


def answer_flips(pack: KnowledgePack, answers: Mapping[str, AnswerValue], base: Core,
                 assumptions: Mapping[str, float] | None, *, assumed: bool = False,
                 memo: TCOMemo | None = None, routes: Routes | None = None
                 ) -> tuple[AnswerFlip, ...]:
    """Other answers that change the recommendation: to the questions the user answered, or
    (assumed=True) to the questions that took their default. `memo` and `routes`: shared
    with the other replays of the same analysis (same pack and assumptions)."""
    flips = []
    memo = {} if memo is None else memo
    routes = Routes(decision_graph(pack)) if routes is None else routes
    for step in base.steps:
        if step.assumed != assumed:
            continue
        question = pack.questions[step.question]
        for alt in alternatives(pack, question, step.value):
            outcome = core(pack, {**answers, step.question: alt}, assumptions,
                           memo=memo, routes=routes, report=False).recommendation
            if outcome != base.recommendation:
                flips.append(AnswerFlip(step.question, step.value, alt, outcome))
    return tuple(flips)


def weight_flips(base: Core) -> tuple[WeightFlip, ...]:
    """Per criterion, the smallest weight change that lets the runner-up tie the leader;
    sorted by the size of the change."""
    first, second = base.recommendation, base.runner_up
    if first is None or second is None:
        return ()
    w, table = base.weights, base.table
    gap = sum(w[cid] * (table[first][cid] - table[second][cid]) for cid in w)
    out = []
    for cid in w:
        slope = table[second][cid] - table[first][cid]
        if slope == 0:
            continue
        new = w[cid] + gap / slope
        if 0 <= new <= 10:
            out.append(WeightFlip(cid, w[cid], new, second, first))
    out.sort(key=lambda flip: (abs(round(flip.delta, 2)), flip.criterion))
    return tuple(out)


def analyse(pack: KnowledgePack, answers: Mapping[str, AnswerValue], base: Core,
            assumptions: Mapping[str, float] | None) -> Sensitivity:
    memo: TCOMemo = {}
    routes = Routes(decision_graph(pack))
    return Sensitivity(answer_flips(pack, answers, base, assumptions, memo=memo, routes=routes),
                       weight_flips(base),
                       answer_flips(pack, answers, base, assumptions, assumed=True, memo=memo,
                                    routes=routes),
                       computed=True)
