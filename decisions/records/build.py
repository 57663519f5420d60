"""build_record(evaluation, ...) -> DecisionRecord: a new, proposed record of an evaluation.

Pros, cons, consequences, summary, stack, prerequisites and when each option fits or is risky
come from the pack's architecture entries; every exclusion and loss is explained in words from
its path in the decision graph."""

from __future__ import annotations

import datetime as dt

from archdecide import __version__
from archdecide.decisions.engine.evaluation import Evaluation
from archdecide.decisions.meta import Meta
from archdecide.decisions.records.folder import changed_by
from archdecide.decisions.records.model import (
    ChosenOption,
    Consequences,
    ConsideredOption,
    DecisionRecord,
    Driver,
    PackRef,
    RecordedAnswer,
    RecordWarning,
    StatusChange,
)


def default_title(evaluation: Evaluation) -> str:
    pack, winner = evaluation.pack, evaluation.recommendation
    if winner is not None:
        return f"Deploy with {pack.architectures[winner].name}"
    return f"Decide: {pack.meta.name}"


def rationale(evaluation: Evaluation) -> str:
    """Why the recommendation won, in one sentence."""
    pack, winner = evaluation.pack, evaluation.recommendation
    assert winner is not None
    row = evaluation.ranked(winner)
    eligible = [r for r in evaluation.ranking if not r.excluded]
    parts = [f"it scores highest ({round(row.score, 2):g} of 100) of the {len(eligible)} option"
             f"{'s' if len(eligible) != 1 else ''} that are not excluded"]
    runner, margin = evaluation.runner_up, evaluation.margin
    if runner is not None and margin is not None:
        parts.append(f"{round(margin, 2):g} points ahead of {pack.architectures[runner].name}")
    top = sorted(row.contributions.items(), key=lambda kv: (-round(kv[1], 2), kv[0]))[:2]
    if top:
        parts.append("carried by " + " and ".join(
            f"{pack.criteria[cid].name} ({round(points, 2):g})" for cid, points in top))
    excluded = len(evaluation.excluded)
    if excluded:
        parts.append(f"{excluded} option{'s' if excluded != 1 else ''} excluded by the answers")
    return ", ".join(parts)


def build_record(evaluation: Evaluation, *, number: int, date: dt.date, meta: Meta,
                 title: str | None = None) -> DecisionRecord:
    """A new (proposed) record; `title` wins over meta's."""
    pack = evaluation.pack
    drivers = tuple(
        Driver(criterion=cid, name=pack.criteria[cid].name, weight=round(w, 2),
               description=pack.criteria[cid].description)
        for cid, w in sorted(evaluation.weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if w > 0)
    considered = []
    for row in evaluation.ranking:
        arch = pack.architectures[row.architecture]
        considered.append(ConsideredOption(
            id=row.architecture, name=row.name, score=round(row.score, 2),
            excluded=row.excluded, reasons=row.reasons, why_not=row.why_not,
            pros=arch.pros, cons=arch.cons,
            contributions={k: round(v, 2) for k, v in row.contributions.items()},
            summary=arch.summary, stack=arch.stack, prerequisites=arch.prerequisites,
            fits_when=arch.fits_when, risky_when=arch.risky_when))
    winner = evaluation.recommendation
    chosen = None
    notes = meta.consequences or None  # absent unless given: older readers keep reading
    consequences = Consequences(notes=notes)
    if winner is not None:
        arch = pack.architectures[winner]
        margin = evaluation.margin
        chosen = ChosenOption(id=winner, name=arch.name, rationale=rationale(evaluation),
                              margin=None if margin is None else round(margin, 2),
                              runner_up=evaluation.runner_up)
        consequences = Consequences(good=arch.pros, bad=arch.cons, neutral=arch.consequences,
                                    notes=notes)
    report = evaluation.report.to_dict() if evaluation.report is not None else None
    return DecisionRecord(
        number=number,
        title=title or meta.title or default_title(evaluation),
        status="proposed", date=date, tags=meta.tags, review_by=meta.review_by,
        history=(StatusChange(status="proposed", date=date, by=changed_by()),),
        decision_makers=meta.decision_makers, consulted=meta.consulted,
        informed=meta.informed,
        ticket=meta.ticket or None,
        context=meta.context or (
            f"Which way of deploying fits our answers to the {pack.meta.name} questionnaire "
            f"(knowledge pack {pack.id} {pack.version})?"),
        drivers=drivers, considered=tuple(considered), chosen=chosen,
        consequences=consequences,
        warnings=tuple(RecordWarning(kind=n.kind, message=n.message, source=n.source)
                       for n in evaluation.warnings()),
        sensitivity=evaluation.sensitivity.texts(),
        answers=tuple(RecordedAnswer(question=s.question, prompt=s.prompt, value=s.value,
                                     label=s.label, assumed=s.assumed)
                      for s in evaluation.shown_answers()),
        assumed=tuple(evaluation.assumed),
        assumptions={k: float(v) for k, v in evaluation.assumptions.items()},
        sizing=None if report is None else report["sizing"],
        tco=None if report is None else report["tco"],
        pack=PackRef(id=pack.id, version=pack.version, sha256=pack.sha256),
        archdecide_version=__version__,
    )
