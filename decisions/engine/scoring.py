"""Effects, weights, exclusions and scores: small pure functions over a pack and a path.

Weights: each criterion starts at its default weight; the effects of every chosen option on the
path and of every rule whose condition holds ADD their deltas; the sum is kept within 0-10.
Score of an architecture: sum(weight x rating) / sum(weight) x 20, so 0-100. Because every
architecture shares the denominator, ranking is by sum(weight x rating), and raising the weight
of a criterion on which the leader rates highest can only widen its lead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from archdecide.decisions.engine.conditions import holds
from archdecide.decisions.engine.flow import Step
from archdecide.decisions.engine.per_pack import per_pack
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import Effects

MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Origin:
    """Where an effect came from: an answer (question = option) or a rule."""

    question: str | None = None
    option: str | None = None
    rule: str | None = None

    def describe(self) -> str:
        if self.rule is not None:
            return f"rule {self.rule}"
        return f"{self.question} = {self.option}"

    def to_dict(self) -> dict[str, str]:
        if self.rule is not None:
            return {"rule": self.rule}
        return {"question": self.question or "", "option": self.option or ""}


@dataclass(frozen=True)
class Applied:
    origin: Origin
    effects: Effects
    weight_items: tuple[tuple[str, float], ...] = field(init=False, repr=False, compare=False)
    """effects.weights as a tuple, read on every evaluation without touching the model."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight_items", tuple(self.effects.weights.items()))


@per_pack
def _option_effects(pack: KnowledgePack) -> dict[str, tuple[tuple[str, Applied], ...]]:
    """Per question, (option id, its Applied) for each option with an effect, in option order:
    built once per pack, so that evaluating touches one small tuple per step instead of every
    option model (and allocates nothing per step)."""
    return {qid: tuple((o.id, Applied(Origin(qid, o.id), o.effects)) for o in q.options
                       if not o.effects.is_empty())
            for qid, q in pack.questions.items()}


def applied_effects(pack: KnowledgePack, steps: tuple[Step, ...]) -> tuple[Applied, ...]:
    """Every effect in force, in a fixed order: answers along the path, then rules in pack order."""
    out: list[Applied] = []
    values = {s.question: s.value for s in steps}
    table = _option_effects(pack)
    for step in steps:
        options = table[step.question]
        if not options:
            continue
        value = step.value
        if isinstance(value, tuple):
            out.extend(applied for oid, applied in options if oid in value)
        else:
            out.extend(applied for oid, applied in options if oid == value)
    for rule in pack.rules.values():
        if holds(rule.when, values):
            out.append(Applied(Origin(rule=rule.id), rule.effects))
    return tuple(out)


def weights(pack: KnowledgePack, applied: tuple[Applied, ...]) -> dict[str, float]:
    raw = {cid: c.default_weight for cid, c in pack.criteria.items()}
    for item in applied:
        for cid, delta in item.weight_items:
            raw[cid] += delta
    return {cid: min(MAX_WEIGHT, max(0.0, w)) for cid, w in raw.items()}


@dataclass(frozen=True)
class Exclusion:
    reason: str
    origin: Origin

    def explain(self, architecture: str) -> str:
        return f"{self.origin.describe()} -> excludes {architecture}: {self.reason}"


def exclusions(applied: tuple[Applied, ...]) -> dict[str, tuple[Exclusion, ...]]:
    out: dict[str, list[Exclusion]] = {}
    for item in applied:
        for ex in item.effects.exclude:
            out.setdefault(ex.architecture, []).append(Exclusion(ex.reason, item.origin))
    return {aid: tuple(items) for aid, items in out.items()}


def ratings(pack: KnowledgePack, computed: Mapping[str, Mapping[str, float]] | None = None
            ) -> dict[str, dict[str, float]]:
    """architecture -> criterion -> rating; `computed` replaces ratings (e.g. from TCO)."""
    table = {aid: {cid: float(r.score) for cid, r in a.ratings.items()}
             for aid, a in pack.architectures.items()}
    for aid, values in (computed or {}).items():
        table[aid].update(values)
    return table


@dataclass(frozen=True)
class Score:
    architecture: str
    score: float
    contributions: dict[str, float]
    """criterion -> points this criterion adds to the 0-100 score."""


def scores(pack: KnowledgePack, w: Mapping[str, float],
           table: Mapping[str, Mapping[str, float]]) -> dict[str, Score]:
    total = sum(w.values())
    out: dict[str, Score] = {}
    for aid in pack.architectures:
        if total <= 0:
            out[aid] = Score(aid, 0.0, {cid: 0.0 for cid in w})
            continue
        parts = {cid: w[cid] * table[aid][cid] / total * 20 for cid in w}
        out[aid] = Score(aid, sum(parts.values()), parts)
    return out


def rank(pack: KnowledgePack, by_id: Mapping[str, Score], excluded: Mapping[str, object]
         ) -> list[str]:
    """Eligible architectures by score (ties: pack order), then excluded ones the same way."""
    order = {aid: i for i, aid in enumerate(pack.architectures)}
    return sorted(by_id, key=lambda aid: (aid in excluded, -round(by_id[aid].score, 9),
                                          order[aid]))
