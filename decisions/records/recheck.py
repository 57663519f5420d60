"""Re-check a record: replay its answers and assumptions against the current pack and say
whether the decision still stands, what changed and why.

Outcomes (and the exit codes of `archdecide records recheck`):
    stands      0  same recommendation (scores, exclusions or the pack may still have changed)
    changed     4  the recommendation is different now
    invalid     2  some recorded answers or assumptions are not valid in the current pack; the
                   decision cannot be replayed (every problem is listed)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from archdecide.decisions.engine.answers import check_answers, format_value
from archdecide.decisions.engine.evaluation import Evaluation, evaluate
from archdecide.decisions.records.model import DecisionRecord
from archdecide.knowledge.pack import KnowledgePack

SCORE_EPSILON = 0.01
Outcome = Literal["stands", "changed", "invalid"]


@dataclass
class Recheck:
    outcome: Outcome
    before: str | None
    after: str | None
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    evaluation: Evaluation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "stands": self.outcome == "stands",
                "recommendation_before": self.before, "recommendation_now": self.after,
                "changes": self.changes, "problems": self.problems}


def _name(pack: KnowledgePack, record: DecisionRecord, aid: str | None) -> str:
    if aid is None:
        return "nothing (every option excluded)"
    if aid in pack.architectures:
        return f"{pack.architectures[aid].name} ({aid})"
    old = next((o.name for o in record.considered if o.id == aid), aid)
    return f"{old} ({aid})"


def recheck(record: DecisionRecord, pack: KnowledgePack) -> Recheck:
    before = record.chosen_id
    raw = {q: list(v) if isinstance(v, tuple) else v
           for q, v in record.given_answers().items()}
    answers, problems = check_answers(pack, raw)
    lines = [f"answers.{p.question}: {p.message}" for p in problems]
    lines += [f"assumptions.{k}: not a constant of pack {pack.id} {pack.version} any more"
              for k in record.assumptions if k not in pack.constants]
    if lines:
        return Recheck("invalid", before, None, problems=lines)
    evaluation = evaluate(pack, answers, record.assumptions, with_sensitivity=False)
    after = evaluation.recommendation
    changes = _pack_changes(record, pack)
    changes += _default_changes(record, evaluation)
    changes += _exclusion_changes(record, evaluation)
    changes += _score_changes(record, evaluation)
    if after != before:
        reason = ""
        if before is not None and before in evaluation.core.excluded:
            reasons = evaluation.ranked(before).reasons
            reason = f", because {before} is now excluded: {'; '.join(reasons)}"
        changes.insert(0, f"recommendation: was {_name(pack, record, before)}, now "
                          f"{_name(pack, record, after)}{reason}")
    outcome: Outcome = "stands" if after == before else "changed"
    return Recheck(outcome, before, after, changes, [], evaluation)


def _pack_changes(record: DecisionRecord, pack: KnowledgePack) -> list[str]:
    old = record.pack
    out = []
    if old.id != pack.id:
        out.append(f"knowledge pack: was {old.id}, now {pack.id}")
    if old.version != pack.version:
        out.append(f"knowledge pack version: was {old.version}, now {pack.version}")
    if old.sha256 != pack.sha256:
        out.append(f"knowledge pack content: sha256 was {old.sha256[:12]}..., now "
                   f"{pack.sha256[:12]}...")
    return out


def _default_changes(record: DecisionRecord, evaluation: Evaluation) -> list[str]:
    then = {a.question: a.value for a in record.answers if a.assumed}
    now = {s.question: s.value for s in evaluation.core.steps if s.assumed}
    out = []
    for qid in sorted(set(then) | set(now)):
        if qid not in now:
            continue
        new = now[qid]
        if qid in then and then[qid] != new:
            out.append(f"assumed answer {qid}: default was {format_value(then[qid])}, now "
                       f"{format_value(new)}")
        elif qid not in then:
            out.append(f"question {qid}: is now asked but was not answered; assumed "
                       f"{format_value(new)}")
    return out


def _exclusion_changes(record: DecisionRecord, evaluation: Evaluation) -> list[str]:
    then = {o.id: o.reasons for o in record.considered if o.excluded}
    now = {row.architecture: row.reasons for row in evaluation.excluded}
    out = []
    for aid in sorted(set(now) - set(then)):
        out.append(f"exclusion: {aid} is now excluded ({'; '.join(now[aid])})")
    for aid in sorted(set(then) - set(now)):
        out.append(f"exclusion: {aid} is no longer excluded (was: {'; '.join(then[aid])})")
    for aid in sorted(set(then) & set(now)):
        if then[aid] != now[aid]:
            out.append(f"exclusion: {aid} is excluded for other reasons now "
                       f"({'; '.join(now[aid])})")
    return out


def _score_changes(record: DecisionRecord, evaluation: Evaluation) -> list[str]:
    then = {o.id: o.score for o in record.considered}
    now = {row.architecture: round(row.score, 2) for row in evaluation.ranking}
    out = []
    for aid in [a for a in now if a not in then]:
        out.append(f"option {aid}: new in the pack (score {now[aid]:g})")
    for aid in [a for a in then if a not in now]:
        out.append(f"option {aid}: no longer in the pack")
    for aid in [a for a in now if a in then]:
        if abs(now[aid] - then[aid]) >= SCORE_EPSILON:
            out.append(f"score {aid}: was {then[aid]:g}, now {now[aid]:g} "
                       f"({now[aid] - then[aid]:+.2f})")
    return out
