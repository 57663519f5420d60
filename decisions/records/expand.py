"""A concise record with everything derived recomputed: the question prompts and option
labels of its answers, the criteria's descriptions, each option's summary, pros and cons and
why it lost, the whole sizing and TCO. They are derived again from the record's given
answers and assumptions with the pack at the record's sha256, so they are what the record
would have held; with another pack they would not be, and expand says so in one sentence
instead (`records recheck` compares a record with another pack)."""

from __future__ import annotations

from archdecide.decisions.meta import Meta
from archdecide.decisions.records.model import DecisionRecord, RecordedAnswer
from archdecide.knowledge.pack import KnowledgePack

KEPT = ("number", "title", "status", "date", "tags", "decision_makers", "consulted", "informed",
        "context", "ticket", "chosen", "sensitivity", "assumptions", "pack",
        "archdecide_version", "links", "review_by", "history", "given", "defaults", "weights",
        "sources")
"""What the record itself says: kept as written (the rest is derived again)."""


class NotThatPack(ValueError):
    """The pack at hand is not the one the record was decided with (one sentence)."""


def pack_problem(record: DecisionRecord, pack: KnowledgePack) -> str | None:
    """Why `pack` cannot recompute what `record` derived, in one sentence; None if it can."""
    if pack.sha256 == record.pack.sha256:
        return None
    was = record.pack
    return (f"record {record.number:04d} was decided with knowledge pack {was.id} {was.version} "
            f"(sha256 {was.sha256[:12]}...), not with the one here ({pack.id} {pack.version}, "
            f"sha256 {pack.sha256[:12]}...), so what it derived is shown as saved; "
            f"`archdecide records recheck {record.number}` replays it on this pack")


def expand(record: DecisionRecord, pack: KnowledgePack) -> DecisionRecord:
    """The full record: an earlier (full) record as it is; a concise one with what it derived
    recomputed by `pack`. NotThatPack when `pack` is not the record's."""
    from archdecide.decisions.engine.answers import check_answers
    from archdecide.decisions.engine.evaluation import evaluate
    from archdecide.decisions.records.build import build_record

    if not record.concise:
        return record
    problem = pack_problem(record, pack)
    if problem is not None:
        raise NotThatPack(problem)
    answers, problems = check_answers(pack, {q: list(v) if isinstance(v, tuple) else v
                                             for q, v in record.given.items()})
    if problems:  # the same pack accepted them when the record was written: a hand edit
        raise NotThatPack(f"record {record.number:04d}: given.{problems[0].question}: "
                          f"{problems[0].message}")
    evaluation = evaluate(pack, answers, record.assumptions, with_sensitivity=False)
    meta = Meta(record.title, record.decision_makers, record.consulted, record.informed,
                record.context, record.tags, record.review_by,
                consequences=record.consequences.notes or "", ticket=record.ticket or "")
    full = build_record(evaluation, number=record.number, date=record.date, meta=meta,
                        title=record.title, full=True)
    return full.model_copy(update={key: getattr(record, key) for key in KEPT})


def worded_answers(record: DecisionRecord, pack: KnowledgePack | None
                   ) -> tuple[RecordedAnswer, ...]:
    """The record's answers with their prompts and labels: as saved, or for a concise record
    in the words of `pack` when it is a version of the record's pack (a question it no longer
    has keeps its id). Words only: nothing is recomputed."""
    from archdecide.decisions.engine.answers import answer_label

    rows = record.answer_rows()
    if not record.concise or pack is None or pack.id != record.pack.id:
        return rows
    out = []
    for row in rows:
        question = pack.questions.get(row.question)
        out.append(row if question is None else row.model_copy(update={
            "prompt": question.prompt, "label": answer_label(question, row.value)}))
    return tuple(out)


def readable(record: DecisionRecord, pack: KnowledgePack | None
             ) -> tuple[DecisionRecord, str | None]:
    """The record to show a person: expanded by `pack` when it is the record's; else as
    saved, its answers in `pack`'s words where it can, with the sentence saying why nothing
    was recomputed (None when nothing needed to be)."""
    if not record.concise:
        return record, None
    if pack is not None:
        try:
            return expand(record, pack), None
        except NotThatPack as exc:
            note = str(exc)
    else:
        note = (f"record {record.number:04d}: no knowledge pack is loaded, so what it derived "
                "is shown as saved")
    return record.model_copy(update={"answers": worded_answers(record, pack)}), note
