"""Effects, weights, exclusions and scores: small pure functions over a pack and a path.

Weights: each criterion starts at its default weight; the effects of every chosen option on the
path and of every rule whose condition holds ADD their deltas; the sum is kept within 0-10.
Score of an architecture: sum(weight x rating) / sum(weight) x 20, so 0-100. Because every
architecture shares the denominator, ranking is by sum(weight x rating), and raising the weight
of a criterion on which the leader rates highest can only widen its lead.

Every effect keeps where it came from as paths in the decision graph (decisions.engine.graph):
an answer is `q:<question> -> o:<question>:<option>`, a rule `q:<read> -> r:<rule>` for each
question its condition reads (the graph's `reads` edges).
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from archdecide.decisions.engine.conditions import holds
from archdecide.decisions.engine.flow import Step
from archdecide.decisions.engine.graph import a, c, decision_graph, o, q, r
from archdecide.knowledge.conditions import Condition, questions_read
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import Effects

MAX_WEIGHT = 10.0
TIE_DIGITS = 9
"""Scores equal to this many decimals are a tie, broken by the architectures' pack order."""

GraphPath = tuple[str, ...]
"""Node ids of the decision graph, each pair an edge of it."""


@dataclass(frozen=True)
class Origin:
    """Where an effect came from: an answer (question = option) or a rule."""

    question: str | None = None
    option: str | None = None
    rule: str | None = None
    reads: tuple[str, ...] = ()
    """For a rule: the questions its condition reads (the sources of its `reads` edges)."""

    def describe(self) -> str:
        if self.rule is not None:
            return f"rule {self.rule}"
        return f"{self.question} = {self.option}"

    def prefixes(self) -> tuple[GraphPath, ...]:
        """The graph paths from the answers that caused this effect to its source node."""
        if self.rule is not None:
            return tuple((q(read), r(self.rule)) for read in self.reads)
        assert self.question is not None and self.option is not None
        return ((q(self.question), o(self.question, self.option)),)


@dataclass(frozen=True)
class Applied:
    origin: Origin
    effects: Effects

    @cached_property
    def sizing(self) -> dict[str, Any] | None:
        """The effect's sizing inputs as data, read once (a sensitivity analysis reads each
        applied effect's ~80 times); not to be changed."""
        found = self.effects.sizing  # its fields (scalars), not model_dump: a pack loaded from
        return None if found is None else {k: v for k, v in found if v is not None}  # a pickle
        # has built no serializer yet, and building one costs ~3 ms


@dataclass(frozen=True)
class _EffectIndex:
    options: dict[str, tuple[tuple[str, Applied], ...]]
    """question -> (option id, its effects applied) for the options that have effects"""
    rules: tuple[tuple[Condition, Applied, tuple[str, ...]], ...]
    """each rule's condition, its effects applied and the questions it reads, in pack order"""
    truths: dict[tuple[object, ...], bool]
    """(rule's place, the values it reads) -> whether it holds: a condition depends on those
    values alone, and a sensitivity analysis asks ~80 times about ~60 rules whose values
    mostly do not change (~3 ms of its ~23 on the bundled pack)."""


_TRUTHS_KEPT = 1 << 16


_INDEXES: weakref.WeakKeyDictionary[KnowledgePack, _EffectIndex] = weakref.WeakKeyDictionary()


def _index(pack: KnowledgePack) -> _EffectIndex:
    """What applied_effects reads of the pack, built once per pack (the sensitivity analysis
    applies effects ~80 times for one decision)."""
    found = _INDEXES.get(pack)
    if found is None:
        g = decision_graph(pack)
        options = {qid: tuple((o.id, Applied(Origin(qid, o.id), o.effects)) for o in q.options
                              if not o.effects.is_empty())
                   for qid, q in pack.questions.items()}
        rules = tuple((rule.when, Applied(Origin(rule=rule.id, reads=tuple(sorted(
            g.nodes[u]["question"] for u in g.pred[r(rule.id)]))), rule.effects),
            tuple(sorted(questions_read(rule.when)))) for rule in pack.rules.values())
        found = _INDEXES[pack] = _EffectIndex(options, rules, {})
    return found


def applied_effects(pack: KnowledgePack, steps: tuple[Step, ...]) -> tuple[Applied, ...]:
    """Every effect in force, in a fixed order: answers along the path, then rules in pack order."""
    index = _index(pack)
    out: list[Applied] = []
    values = {s.question: s.value for s in steps}
    for step in steps:
        chosen = step.value if isinstance(step.value, tuple) else (step.value,)
        out.extend(applied for option, applied in index.options[step.question]
                   if option in chosen)
    truths = index.truths
    if len(truths) > _TRUTHS_KEPT:
        truths.clear()
    for place, (when, applied, reads) in enumerate(index.rules):
        key = (place, *(values.get(qid) for qid in reads))
        found = truths.get(key)
        if found is None:
            found = truths[key] = holds(when, values)
        if found:
            out.append(applied)
    return tuple(out)


def weights(pack: KnowledgePack, applied: tuple[Applied, ...]) -> dict[str, float]:
    raw = {cid: crit.default_weight for cid, crit in pack.criteria.items()}
    for item in applied:
        for cid, delta in item.effects.weights.items():
            raw[cid] += delta
    return {cid: min(MAX_WEIGHT, max(0.0, w)) for cid, w in raw.items()}


@dataclass(frozen=True)
class WeightChange:
    criterion: str
    delta: float
    origin: Origin

    @property
    def paths(self) -> tuple[GraphPath, ...]:
        return tuple((*prefix, c(self.criterion)) for prefix in self.origin.prefixes())


def weight_changes(applied: tuple[Applied, ...]) -> tuple[WeightChange, ...]:
    return tuple(WeightChange(cid, delta, item.origin) for item in applied
                 for cid, delta in item.effects.weights.items())


@dataclass(frozen=True)
class Exclusion:
    architecture: str
    reason: str
    origin: Origin

    @property
    def paths(self) -> tuple[GraphPath, ...]:
        return tuple((*prefix, a(self.architecture)) for prefix in self.origin.prefixes())


def exclusions(applied: tuple[Applied, ...]) -> dict[str, tuple[Exclusion, ...]]:
    out: dict[str, list[Exclusion]] = {}
    for item in applied:
        for ex in item.effects.exclude:
            out.setdefault(ex.architecture, []).append(
                Exclusion(ex.architecture, ex.reason, item.origin))
    return {aid: tuple(items) for aid, items in out.items()}


def ratings(pack: KnowledgePack, computed: Mapping[str, Mapping[str, float]] | None = None,
            applied: tuple[Applied, ...] = (), among: Collection[str] | None = None
            ) -> dict[str, dict[str, float]]:
    """architecture -> criterion -> rating; `computed` replaces ratings (e.g. from TCO), then
    the applied effects' `fit` changes are added, each result kept within 0-5. `among`: only
    these architectures (default: all)."""
    table = {aid: {cid: float(rating.score) for cid, rating in arch.ratings.items()}
             for aid, arch in pack.architectures.items() if among is None or aid in among}
    for aid, values in (computed or {}).items():
        if aid in table:
            table[aid].update(values)
    for item in applied:
        for aid, changes in item.effects.fit.items():
            if aid not in table:
                continue
            for cid, delta in changes.items():
                table[aid][cid] = min(5.0, max(0.0, table[aid][cid] + delta))
    return table


@dataclass(frozen=True)
class Score:
    architecture: str
    score: float
    contributions: dict[str, float]
    """criterion -> points this criterion adds to the 0-100 score."""


def scores(pack: KnowledgePack, w: Mapping[str, float],
           table: Mapping[str, Mapping[str, float]], among: Collection[str] | None = None
           ) -> dict[str, Score]:
    """architecture -> Score, for `among` (default: all) in pack order."""
    total = sum(w.values())
    out: dict[str, Score] = {}
    for aid in pack.architectures:
        if among is not None and aid not in among:
            continue
        if total <= 0:
            out[aid] = Score(aid, 0.0, {cid: 0.0 for cid in w})
            continue
        parts = {cid: w[cid] * table[aid][cid] / total * 20 for cid in w}
        out[aid] = Score(aid, sum(parts.values()), parts)
    return out


def rank(pack: KnowledgePack, by_id: Mapping[str, Score], excluded: Mapping[str, object]
         ) -> list[str]:
    """Eligible architectures by score (equal to TIE_DIGITS decimals: pack order), then the
    excluded ones the same way. The one tie rule of archdecide."""
    order = {aid: i for i, aid in enumerate(pack.architectures)}
    return sorted(by_id, key=lambda aid: (aid in excluded, -round(by_id[aid].score, TIE_DIGITS),
                                          order[aid]))
