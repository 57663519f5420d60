"""The bridge between the decision engine and the sizing/TCO model: derives the `tco`
criterion's ratings from the user's own volume and model. Until a pack has the catalogs the
sizing model needs, the pack's own `tco` ratings stand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from decisions.flow import Step
from decisions.scoring import Applied, Exclusion
from knowledge.pack import KnowledgePack


@dataclass(frozen=True)
class CostOutcome:
    ratings: dict[str, dict[str, float]] = field(default_factory=dict)
    """architecture -> {computed criterion: rating 0-5}"""
    sizing: dict[str, Any] | None = None
    tco: dict[str, Any] | None = None
    warnings: tuple[str, ...] = ()


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


def cost_outcome(pack: KnowledgePack, steps: tuple[Step, ...], applied: tuple[Applied, ...],
                 excluded: Mapping[str, tuple[Exclusion, ...]],
                 assumptions: Mapping[str, float]) -> CostOutcome:
    return CostOutcome()
