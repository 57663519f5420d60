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
from typing import TYPE_CHECKING, Any

from archdecide.decisions.engine.answers import format_value
from archdecide.knowledge.conditions import Gte, Lte, walk
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue, Question

if TYPE_CHECKING:
    from archdecide.decisions.engine.evaluation import Core


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


def answer_flips(pack: KnowledgePack, answers: Mapping[str, AnswerValue], base: Core,
                 assumptions: Mapping[str, float] | None) -> list[dict[str, Any]]:
    from archdecide.decisions.engine.evaluation import core

    flips = []
    for step in base.steps:
        if step.assumed:
            continue
        question = pack.questions[step.question]
        for alt in alternatives(pack, question, step.value):
            changed = dict(answers)
            changed[step.question] = alt
            outcome = core(pack, changed, assumptions).recommendation
            if outcome != base.recommendation:
                flips.append({
                    "question": step.question,
                    "current": _json(step.value),
                    "alternative": _json(alt),
                    "recommendation": outcome,
                    "text": f"if {step.question} were {format_value(alt)}, the recommendation "
                            f"would be {outcome or 'nothing (all excluded)'}",
                })
    return flips


def weight_flips(pack: KnowledgePack, base: Core) -> list[dict[str, Any]]:
    """Per criterion, the smallest weight change that lets the runner-up tie the leader;
    sorted by the size of the change."""
    first, second = base.recommendation, base.runner_up
    if first is None or second is None:
        return []
    w, table = base.weights, base.table
    gap = sum(w[c] * (table[first][c] - table[second][c]) for c in w)
    out = []
    for cid in w:
        slope = table[second][cid] - table[first][cid]
        if slope == 0:
            continue
        delta = gap / slope
        new = w[cid] + delta
        if not 0 <= new <= 10:
            continue
        out.append({
            "criterion": cid,
            "weight": round(w[cid], 2),
            "to_weight": round(new, 2),
            "delta": round(delta, 2),
            "new_leader": second,
            "text": f"if the weight of {cid} went from {w[cid]:g} to {new:.2f}, {second} "
                    f"would tie {first}",
        })
    out.sort(key=lambda item: (abs(item["delta"]), item["criterion"]))
    return out


def analyse(pack: KnowledgePack, answers: Mapping[str, AnswerValue], base: Core,
            assumptions: Mapping[str, float] | None) -> dict[str, Any]:
    return {"answers": answer_flips(pack, answers, base, assumptions),
            "weights": weight_flips(pack, base)}


def _json(value: AnswerValue) -> Any:
    return list(value) if isinstance(value, tuple) else value
