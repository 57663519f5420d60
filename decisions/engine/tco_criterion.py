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
from archdecide.decisions.sizing.pricer import Pricer
from archdecide.decisions.sizing.tco import (
    FAMILIES,
    PRICERS,
    FamilyCost,
    TCOReport,
    compute_tco,
    pricer_for,
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
        given = item.sizing
        if given is not None:
            requires.update(given.get("requires", ()))
            inputs.update((k, v) for k, v in given.items() if k != "requires")
    if requires:
        inputs["requires"] = tuple(sorted(requires))
    for step in steps:
        feed = pack.questions[step.question].sizing_input
        if feed is not None and not isinstance(step.value, bool | str | tuple):
            inputs[feed] = step.value
    return inputs


Priced = tuple["Pricer | SizingError", dict[str, FamilyCost]]
"""One sizing's pricer (or why there is none) and the families priced with it so far."""
TCOMemo = dict[str, "TCOReport | SizingError | Priced"]
"""Reports, and for replays the pricers and their families' costs, by sizing inputs, kept for
one sensitivity analysis: many alternative answers change no sizing input (on the bundled pack,
39 distinct inputs among 82 evaluations), and the rest price only the families still eligible."""


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
    memo = {} if memo is None else memo
    key = repr(sorted(inputs.items()))
    found: TCOReport | SizingError | dict[str, FamilyCost]
    if report:
        known = memo.get(key + " report")
        if known is None:
            try:
                known = compute_tco(pack, inputs, assumptions)
            except SizingError as exc:
                known = exc
            memo[key + " report"] = known
        assert not isinstance(known, tuple)
        found = known
    else:
        found = _family_costs(memo, key, pack, inputs, set(eligible.values()), assumptions)
    if isinstance(found, SizingError):
        return CostOutcome(warnings=(f"TCO not computed ({found}); the pack's own tco ratings "
                                     "are used",))
    costs = found.families if isinstance(found, TCOReport) else found
    ratings = tco_ratings(costs, eligible) if eligible else {}
    return CostOutcome({aid: {computed[0]: value} for aid, value in ratings.items()},
                       found if isinstance(found, TCOReport) else None)


def _family_costs(memo: TCOMemo, key: str, pack: KnowledgePack, inputs: Mapping[str, Any],
                  wanted: set[str], assumptions: Mapping[str, float]
                  ) -> dict[str, FamilyCost] | SizingError:
    """The wanted families' costs, each priced once per sizing of the analysis."""
    entry = memo.get(key)
    if entry is None:
        try:
            entry = (pricer_for(pack, inputs, assumptions, None), {})
        except SizingError as exc:
            entry = (exc, {})
        memo[key] = entry
    assert isinstance(entry, tuple)
    pricer, costs = entry
    if isinstance(pricer, SizingError):
        return pricer
    try:
        for family in FAMILIES:
            if family in wanted and family not in costs:
                costs[family] = PRICERS[family](pricer)
    except SizingError as exc:  # as compute_tco would have failed: the pack's ratings stand
        return exc
    return costs
