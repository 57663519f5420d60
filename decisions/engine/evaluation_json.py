"""An Evaluation as the JSON contract of `archdecide decide --format json` (docs/cli.md).

Only the edges call this: the CLI's json and toml output. Every key is public: keys are
added, never renamed."""

from __future__ import annotations

from typing import Any

from archdecide.decisions.engine.evaluation import Evaluation
from archdecide.decisions.engine.scoring import GraphPath, Origin
from archdecide.knowledge.schema import AnswerValue

ROUND = 2


def _value(value: AnswerValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _paths(paths: tuple[GraphPath, ...]) -> list[list[str]]:
    return [list(p) for p in paths]


def _origin(origin: Origin) -> dict[str, str]:
    if origin.rule is not None:
        return {"rule": origin.rule}
    return {"question": origin.question or "", "option": origin.option or ""}


def to_json(ev: Evaluation) -> dict[str, Any]:
    margin = ev.margin
    ranking = [{
        "architecture": row.architecture,
        "name": row.name,
        "family": row.family,
        "score": round(row.score, ROUND),
        "excluded": row.excluded,
        "reasons": list(row.reasons),
        "contributions": {k: round(v, ROUND) for k, v in row.contributions.items()},
        "contribution_paths": {k: _paths(v) for k, v in row.contribution_paths.items()},
        "why_not": list(row.why_not),
    } for row in ev.ranking]
    excluded = [{
        "architecture": row.architecture,
        "reasons": list(row.reasons),
        "explanations": [ev.explain(ex) for ex in row.exclusions],
        "paths": [list(p) for ex in row.exclusions for p in ex.paths],
    } for row in ev.excluded]
    sens = ev.sensitivity
    report = ev.report.to_dict() if ev.report is not None else None
    return {
        "recommendation": ev.recommendation,
        "runner_up": ev.runner_up,
        "margin": None if margin is None else round(margin, ROUND),
        "ranking": ranking,
        "excluded": excluded,
        "weights": {k: round(v, ROUND) for k, v in ev.weights.items()},
        "weight_changes": [{"criterion": ch.criterion, "delta": ch.delta,
                            "source": _origin(ch.origin), "text": ev.explain_change(ch),
                            "paths": _paths(ch.paths)} for ch in ev.weight_changes],
        "assumed": ev.assumed,
        "decided_by_default": ev.decided_by_default if sens.computed else None,
        "depends_on": [{"question": d["question"], "assumed": _value(d["assumed"]),
                        "outcomes": [{"answer": _value(o["answer"]),
                                      "recommendation": o["recommendation"]}
                                     for o in d["outcomes"]]}
                       for d in ev.depends_on] if sens.computed else None,
        "strict_defaults": [{"question": q, "value": _value(v), "reason": why}
                            for q, v, why in ev.strict_defaults],
        "ignored": ev.ignored,
        "warnings": [{"kind": n.kind, "message": n.message, "source": n.source}
                     for n in ev.warnings()],
        "sensitivity": {
            "answers": [{"question": f.question, "current": _value(f.current),
                         "alternative": _value(f.alternative),
                         "recommendation": f.recommendation, "text": f.text}
                        for f in sens.answers],
            "weights": [{"criterion": f.criterion, "weight": round(f.weight, 2),
                         "to_weight": round(f.to_weight, 2), "delta": round(f.delta, 2),
                         "new_leader": f.new_leader, "text": f.text}
                        for f in sens.weights],
        } if sens.computed else {},
        "answers": [{"question": s.question, "prompt": s.prompt, "value": _value(s.value),
                     "label": s.label, "assumed": s.assumed} for s in ev.shown_answers()],
        "sizing": None if report is None else report["sizing"],
        "tco": None if report is None else report["tco"],
        "knowledge": {"id": ev.pack.id, "version": ev.pack.version, "sha256": ev.pack.sha256},
    }
