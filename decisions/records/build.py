"""build_record(evaluation, ...) -> DecisionRecord: a new, proposed record of an evaluation,
concise (what is saved) or full (`full=True`: what decisions.records.expand shows).

Pros, cons, consequences, summary, stack, prerequisites and when each option fits or is risky
come from the pack's architecture entries; every exclusion and loss is explained in words from
its path in the decision graph. concise(record) leaves out what the pack at the record's hash
derives again."""

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
    Source,
    StatusChange,
)

HEADLINE_SIZING = ("model", "model_name", "precision", "gpu", "gpu_name", "engine", "layout_text",
                   "gpus_per_replica", "replicas", "total_gpus", "total_gib",
                   "decode_tokens_per_s", "aggregate_tokens_per_s", "ttft_ms")
"""What a concise record keeps of the sizing: the model on which GPUs, how many, how fast."""
HEADLINE_TCO = ("horizon_months", "monthly_tokens", "api_price", "api_price_basis",
                "prices_as_of")
"""...and of the TCO: each option's monthly cost is on its line of `considered`."""


def concise(record: DecisionRecord) -> DecisionRecord:
    """The record without what the pack at its hash derives again: answers as `given` and
    `defaults`, weights without descriptions, one line per option, the headline sizing and
    cost, the sources as their own list. A concise record is returned as it is."""
    if record.concise:
        return record
    sizing = record.sizing or {}
    sources = record.sources or tuple(
        Source(**{k: str(src[k]) for k in ("id", "title", "publisher", "date", "url")
                  if src.get(k)})
        for src in sizing.get("sources", ()) if isinstance(src, dict) and src.get("id"))
    return record.model_copy(update={
        "drivers": (), "answers": (), "assumed": (),
        "given": record.given_answers(), "defaults": record.assumed_answers(),
        "weights": record.weights or {d.criterion: d.weight for d in record.drivers},
        "considered": tuple(ConsideredOption(id=o.id, name=o.name, score=o.score,
                                             excluded=o.excluded, reasons=o.reasons,
                                             monthly_usd=o.monthly_usd)
                            for o in record.considered),
        "sizing": {k: sizing[k] for k in HEADLINE_SIZING if k in sizing} or None,
        "tco": {k: v for k, v in (record.tco or {}).items() if k in HEADLINE_TCO} or None,
        "sources": sources})


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
                 title: str | None = None, full: bool = False) -> DecisionRecord:
    """A new (proposed) record, concise unless `full`; `title` wins over meta's."""
    pack = evaluation.pack
    drivers = tuple(
        Driver(criterion=cid, name=pack.criteria[cid].name, weight=round(w, 2),
               description=pack.criteria[cid].description)
        for cid, w in sorted(evaluation.weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if w > 0)
    report = evaluation.report.to_dict() if evaluation.report is not None else None
    families = report["tco"]["families"] if report is not None else {}
    considered = []
    for row in evaluation.ranking:
        arch = pack.architectures[row.architecture]
        considered.append(ConsideredOption(
            id=row.architecture, name=row.name, score=round(row.score, 2),
            excluded=row.excluded, reasons=row.reasons, why_not=row.why_not,
            pros=arch.pros, cons=arch.cons,
            contributions={k: round(v, 2) for k, v in row.contributions.items()},
            summary=arch.summary, stack=arch.stack, prerequisites=arch.prerequisites,
            fits_when=arch.fits_when, risky_when=arch.risky_when,
            monthly_usd=families.get(arch.family, {}).get("monthly_usd")))
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
    record = DecisionRecord(
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
        sensitivity=evaluation.sensitivity.words(pack),
        answers=tuple(RecordedAnswer(question=s.question, prompt=s.prompt, value=s.value,
                                     label=s.label, assumed=s.assumed)
                      for s in evaluation.shown_answers()),
        assumed=tuple(evaluation.assumed),
        assumptions={k: float(v) for k, v in evaluation.assumptions.items()},
        sizing=None if report is None else report["sizing"],
        tco=None if report is None else report["tco"],
        pack=PackRef(id=pack.id, version=pack.version, sha256=pack.sha256),
        archdecide_version=__version__,
        weights={d.criterion: d.weight for d in drivers},
    )
    return record if full else concise(record)
