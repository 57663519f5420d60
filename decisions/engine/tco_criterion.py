"""The bridge between the decision engine and the sizing/TCO model: the `tco` criterion is
rated from the user's own volume and model (decisions/sizing/tco.py), among the architectures
that are still eligible: the cheapest rates 5, twice its monthly cost about 2.5. A pack without
catalogs keeps its own `tco` ratings; if sizing fails, a warning says why and the pack's
ratings stand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.engine.flow import Step
from archdecide.decisions.engine.scoring import Applied, Exclusion
from archdecide.decisions.sizing.assumptions import SizingError
from archdecide.decisions.sizing.tco import (
    FamilyCost,
    TCOReport,
    compute_tco,
    family_costs,
    tco_ratings,
)
from archdecide.knowledge.pack import KnowledgePack


@dataclass(frozen=True)
class CostOutcome:
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)
    """architecture -> {computed criterion: rating 0-5}"""
    report: TCOReport | None = None
    warnings: tuple[str, ...] = ()


def sizing_inputs(pack: KnowledgePack, steps: tuple[Step, ...],
                  applied: tuple[Applied, ...]) -> dict[str, Any]:
    """Sizing inputs set by the answers: option/rule effects in order, then numeric answers
    that feed an input (`sizing_input` on the question)."""
    inputs: dict[str, Any] = {}
    requires: set[str] = set()
    for item in applied:
        if item.effects.sizing is not None:
            given = item.effects.sizing.model_dump(exclude_none=True)
            requires.update(given.pop("requires", ()))
            inputs.update(given)
    if requires:
        inputs["requires"] = tuple(sorted(requires))
    for step in steps:
        feed = pack.questions[step.question].sizing_input
        if feed is not None and not isinstance(step.value, bool | str | tuple):
            inputs[feed] = step.value
    return inputs


TCOMemo = dict[str, "TCOReport | dict[str, FamilyCost] | SizingError"]
"""Reports (or, for replays, the eligible families' costs) by sizing inputs, kept for one
sensitivity analysis: many alternative answers change no sizing input (on the bundled pack,
39 distinct inputs among 82 evaluations)."""


def cost_outcome(pack: KnowledgePack, steps: tuple[Step, ...], applied: tuple[Applied, ...],
                 excluded: Mapping[str, tuple[Exclusion, ...]],
                 assumptions: Mapping[str, float], memo: TCOMemo | None = None, *,
                 report: bool = True) -> CostOutcome:
    """The computed criterion's ratings among the eligible architectures. `report=False`
    (sensitivity replays, which read only the ranking) prices only the eligible families and
    keeps no report."""
    computed = [crit.id for crit in pack.criteria.values() if crit.computed == "tco"]
    if not computed or not pack.constants:
        return CostOutcome()
    inputs = sizing_inputs(pack, steps, applied)
    eligible = {aid: arch.family for aid, arch in pack.architectures.items()
                if aid not in excluded}
    wanted = sorted(set(eligible.values()))
    key = repr((sorted(inputs.items()), None if report else wanted))
    found = memo.get(key) if memo is not None else None
    if found is None:
        try:
            found = compute_tco(pack, inputs, assumptions) if report else \
                family_costs(pack, inputs, wanted, assumptions)
        except SizingError as exc:
            found = exc
        if memo is not None:
            memo[key] = found
    if isinstance(found, SizingError):
        return CostOutcome(warnings=(f"TCO not computed ({found}); the pack's own tco ratings "
                                     "are used",))
    costs = found.families if isinstance(found, TCOReport) else found
    ratings = tco_ratings(costs, eligible) if eligible else {}
    return CostOutcome({aid: {computed[0]: value} for aid, value in ratings.items()},
                       found if isinstance(found, TCOReport) else None)
