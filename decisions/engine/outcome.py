"""core(pack, answers) -> Core: the walk, the effects in force, weights, exclusions, ratings,
scores and the ranking of one answer set. The one scorer: evaluate(), sensitivity analysis and
the never-wins search all score through it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from archdecide.decisions.engine import scoring
from archdecide.decisions.engine.flow import Routes, Step, walk
from archdecide.decisions.engine.tco_criterion import CostOutcome, TCOMemo, cost_outcome
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue


@dataclass(frozen=True)
class Core:
    steps: tuple[Step, ...]
    applied: tuple[scoring.Applied, ...]
    weights: dict[str, float]
    excluded: dict[str, tuple[scoring.Exclusion, ...]]
    table: dict[str, dict[str, float]]
    scores: dict[str, scoring.Score]
    order: list[str]
    cost: CostOutcome

    @property
    def recommendation(self) -> str | None:
        first = self.order[0] if self.order else None
        return first if first is not None and first not in self.excluded else None

    @property
    def runner_up(self) -> str | None:
        eligible = [aid for aid in self.order if aid not in self.excluded]
        return eligible[1] if len(eligible) > 1 else None


def core(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
         assumptions: Mapping[str, float] | None = None, *,
         path: Mapping[str, AnswerValue] | None = None, priced: bool = True,
         memo: TCOMemo | None = None, routes: Routes | None = None,
         report: bool = True) -> Core:
    """`path`: path_values(pack, answers) when the caller has it (the Session does).
    `priced=False` keeps the pack's own ratings of the computed `tco` criterion instead of
    sizing and pricing the answers (the never-wins search: the real figure depends on the
    user's volume). `memo`: TCO reports by sizing inputs, shared across the evaluations of one
    sensitivity analysis (the assumptions must be the same for all of them); `routes`: the
    flow edges read from the pack's graph, shared the same way. `report=False`: no TCO report
    is kept, only the eligible families are priced and only the eligible architectures rated
    and scored: `order` then lists those alone (callers that read only the recommendation;
    ~3 ms of a sensitivity analysis's ~25 on the bundled pack)."""
    steps = walk(pack, answers, path, routes)
    applied = scoring.applied_effects(pack, steps)
    w = scoring.weights(pack, applied)
    excluded = scoring.exclusions(applied)
    cost = (cost_outcome(pack, steps, applied, excluded, assumptions or {}, memo,
                         report=report) if priced else CostOutcome())
    among = None if report else pack.architectures.keys() - excluded.keys()
    table = scoring.ratings(pack, cost.ratings, applied, among)
    by_id = scoring.scores(pack, w, table, among)
    return Core(steps, applied, w, excluded, table, by_id, scoring.rank(pack, by_id, excluded),
                cost)
