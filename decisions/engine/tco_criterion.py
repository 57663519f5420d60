"""The bridge between the decision engine and the sizing/TCO model: the `tco` criterion is
rated from the user's own volume and model (decisions/tco.py), among the architectures that
are still eligible: the cheapest rates 5, twice its monthly cost about 2.5. A pack without
catalogs keeps its own `tco` ratings; if sizing fails, a warning says why and the pack's
ratings stand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.engine.flow import Step
from archdecide.decisions.engine.per_pack import per_pack
from archdecide.decisions.engine.scoring import Applied, Exclusion
from archdecide.decisions.sizing.assumptions import SizingError
from archdecide.decisions.sizing.tco import TCOReport, compute_tco, tco_ratings
from archdecide.knowledge.pack import KnowledgePack


@dataclass(frozen=True)
class CostOutcome:
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)
    """architecture -> {computed criterion: rating 0-5}"""
    report: TCOReport | None = None
    warnings: tuple[str, ...] = ()
    _shown: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """report.to_dict(), made only when asked for: sensitivity analysis evaluates many answer
    sets whose reports are never shown."""

    def _as_dict(self) -> dict[str, Any] | None:
        if self.report is None:
            return None
        if not self._shown:
            self._shown.update(self.report.to_dict())
        return self._shown

    @property
    def sizing(self) -> dict[str, Any] | None:
        data = self._as_dict()
        return None if data is None else data["sizing"]

    @property
    def tco(self) -> dict[str, Any] | None:
        data = self._as_dict()
        return None if data is None else data["tco"]


def sizing_inputs(pack: KnowledgePack, steps: tuple[Step, ...],
                  applied: tuple[Applied, ...]) -> dict[str, Any]:
    """Sizing inputs set by the answers: option/rule effects in order, then numeric answers
    that feed an input (`sizing_input` on the question)."""
    inputs: dict[str, Any] = {}
    for item in applied:
        if item.effects.sizing is not None:
            inputs.update(item.effects.sizing.model_dump(exclude_none=True))
    for step in steps:
        feed = pack.questions[step.question].sizing_input
        if feed is not None and not isinstance(step.value, bool | str | tuple):
            inputs[feed] = step.value
    return inputs


REPORTS_KEPT = 256


@per_pack
def _reports(pack: KnowledgePack) -> dict[tuple[Any, ...], TCOReport | str]:
    return {}


def _report(pack: KnowledgePack, inputs: tuple[tuple[str, Any], ...],
            overrides: tuple[tuple[str, float], ...]) -> TCOReport | str:
    """The TCO report for these inputs, or the one-sentence reason it cannot be computed.
    Cached per pack (and released with it): sensitivity analysis re-evaluates many answer
    sets with the same inputs."""
    reports = _reports(pack)
    key = (inputs, overrides)
    if key not in reports:
        if len(reports) >= REPORTS_KEPT:
            reports.clear()
        try:
            reports[key] = compute_tco(pack, dict(inputs), dict(overrides))
        except SizingError as exc:
            reports[key] = str(exc)
    return reports[key]


def cost_outcome(pack: KnowledgePack, steps: tuple[Step, ...], applied: tuple[Applied, ...],
                 excluded: Mapping[str, tuple[Exclusion, ...]],
                 assumptions: Mapping[str, float]) -> CostOutcome:
    computed = [c.id for c in pack.criteria.values() if c.computed == "tco"]
    if not computed or not pack.constants:
        return CostOutcome()
    inputs = tuple(sorted(sizing_inputs(pack, steps, applied).items()))
    report = _report(pack, inputs, tuple(sorted(assumptions.items())))
    if isinstance(report, str):
        return CostOutcome(warnings=(f"TCO not computed ({report}); the pack's own tco "
                                     "ratings are used",))
    eligible = {aid: a.family for aid, a in pack.architectures.items() if aid not in excluded}
    ratings = tco_ratings(report, eligible) if eligible else {}
    return CostOutcome({aid: {computed[0]: value} for aid, value in ratings.items()}, report)
