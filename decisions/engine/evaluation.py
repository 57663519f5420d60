"""evaluate(pack, answers) -> Evaluation: the whole, auditable outcome of a set of answers.

Same answers + same pack + same assumptions -> identical Evaluation and identical JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.engine import scoring
from archdecide.decisions.engine import tco_criterion as costing
from archdecide.decisions.engine.answers import format_value
from archdecide.decisions.engine.flow import Step, walk
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue

ROUND = 2


@dataclass(frozen=True)
class Core:
    """The parts every evaluation needs; sensitivity analysis recomputes only these."""

    steps: tuple[Step, ...]
    applied: tuple[scoring.Applied, ...]
    weights: dict[str, float]
    excluded: dict[str, tuple[scoring.Exclusion, ...]]
    table: dict[str, dict[str, float]]
    scores: dict[str, scoring.Score]
    order: list[str]
    cost: costing.CostOutcome

    @property
    def recommendation(self) -> str | None:
        first = self.order[0] if self.order else None
        return first if first is not None and first not in self.excluded else None

    @property
    def runner_up(self) -> str | None:
        eligible = [a for a in self.order if a not in self.excluded]
        return eligible[1] if len(eligible) > 1 else None


def core(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
         assumptions: Mapping[str, float] | None = None, *,
         path: Mapping[str, AnswerValue] | None = None) -> Core:
    """`path`: path_values(pack, answers) when the caller has it (the Session does)."""
    steps = walk(pack, answers, path)
    applied = scoring.applied_effects(pack, steps)
    w = scoring.weights(pack, applied)
    excluded = scoring.exclusions(applied)
    cost = costing.cost_outcome(pack, steps, applied, excluded, assumptions or {})
    table = scoring.ratings(pack, cost.ratings)
    by_id = scoring.scores(pack, w, table)
    return Core(steps, applied, w, excluded, table, by_id, scoring.rank(pack, by_id, excluded),
                cost)


@dataclass(frozen=True)
class Evaluation:
    pack: KnowledgePack = field(repr=False)
    answers: dict[str, AnswerValue]
    core: Core
    sensitivity: dict[str, Any]

    @property
    def recommendation(self) -> str | None:
        return self.core.recommendation

    @property
    def margin(self) -> float | None:
        first, second = self.core.recommendation, self.core.runner_up
        if first is None or second is None:
            return None
        return self.core.scores[first].score - self.core.scores[second].score

    @property
    def assumed(self) -> list[str]:
        return [s.question for s in self.core.steps if s.assumed]

    @property
    def ignored(self) -> list[str]:
        on_path = {s.question for s in self.core.steps}
        order = {qid: i for i, qid in enumerate(self.pack.questions)}
        return sorted((q for q in self.answers if q not in on_path),
                      key=lambda q: (order.get(q, len(order)), q))

    def warnings(self) -> list[dict[str, str]]:
        out = [{"kind": kind, "message": text, "source": item.origin.describe()}
               for item in self.core.applied
               for kind, texts in (("conflict", item.effects.conflicts),
                                   ("warning", item.effects.warnings))
               for text in texts]
        out.extend({"kind": "warning", "message": text, "source": "sizing"}
                   for text in self.core.cost.warnings)
        if self.recommendation is None:
            out.append({"kind": "conflict", "source": "exclusions",
                        "message": "Every architecture is excluded by these answers; "
                                   "revisit the answers named in the exclusions."})
        return out

    def why_not(self, architecture: str) -> list[str]:
        """Why `architecture` is not the recommendation: its exclusions, or where it loses."""
        if architecture in self.core.excluded:
            return [e.explain(architecture) for e in self.core.excluded[architecture]]
        winner = self.recommendation
        if winner is None or winner == architecture:
            return []
        mine = self.core.scores[architecture].contributions
        best = self.core.scores[winner].contributions
        losses = sorted(((best[c] - mine[c], c) for c in mine if best[c] - mine[c] > 0.005),
                        key=lambda item: (-item[0], item[1]))[:3]
        table = self.core.table
        return [f"loses {gap:.1f} points on {self.pack.criteria[c].name} (rated "
                f"{table[architecture][c]:g} vs {table[winner][c]:g} for {winner})"
                for gap, c in losses]

    def to_dict(self) -> dict[str, Any]:
        pack, c = self.pack, self.core
        margin = self.margin
        ranking = []
        for aid in c.order:
            reasons = [e.reason for e in c.excluded.get(aid, ())]
            ranking.append({
                "architecture": aid,
                "name": pack.architectures[aid].name,
                "family": pack.architectures[aid].family,
                "score": round(c.scores[aid].score, ROUND),
                "excluded": aid in c.excluded,
                "reasons": reasons,
                "contributions": {k: round(v, ROUND)
                                  for k, v in c.scores[aid].contributions.items()},
                "why_not": self.why_not(aid),
            })
        answers = []
        for step in c.steps:
            question = pack.questions[step.question]
            chosen = step.value if isinstance(step.value, tuple) else (step.value,)
            labels = [o.label for o in question.options if o.id in chosen]
            answers.append({"question": step.question, "prompt": question.prompt,
                            "value": _json_value(step.value),
                            "label": ", ".join(labels) or _number_label(step.value,
                                                                        question.unit),
                            "assumed": step.assumed})
        return {
            "recommendation": self.recommendation,
            "runner_up": c.runner_up,
            "margin": None if margin is None else round(margin, ROUND),
            "ranking": ranking,
            "excluded": [{"architecture": aid,
                          "reasons": [e.reason for e in c.excluded[aid]],
                          "explanations": [e.explain(aid) for e in c.excluded[aid]]}
                         for aid in c.order if aid in c.excluded],
            "weights": {k: round(v, ROUND) for k, v in c.weights.items()},
            "assumed": self.assumed,
            "ignored": self.ignored,
            "warnings": self.warnings(),
            "sensitivity": self.sensitivity,
            "answers": answers,
            "sizing": c.cost.sizing,
            "tco": c.cost.tco,
            "knowledge": {"id": pack.id, "version": pack.version, "sha256": pack.sha256},
        }


def _number_label(value: AnswerValue, unit: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,g} {unit}".strip() if isinstance(value, float) else \
            f"{value:,} {unit}".strip()
    return format_value(value)


def _json_value(value: AnswerValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def evaluate(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
             assumptions: Mapping[str, float] | None = None, *,
             with_sensitivity: bool = True,
             path: Mapping[str, AnswerValue] | None = None) -> Evaluation:
    """Evaluate validated answers (see decisions.answers.check_answers)."""
    from archdecide.decisions.engine.sensitivity import analyse

    base = core(pack, answers, assumptions, path=path)
    sensitivity = analyse(pack, answers, base, assumptions) if with_sensitivity else {}
    return Evaluation(pack, dict(answers), base, sensitivity)
