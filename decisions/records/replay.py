"""A record read as an answers file: `decide --answers RECORD.toml` and `compare` replay the
answers the people gave (the assumed ones are left to the current pack's defaults), with the
record's [meta] and sizing overrides."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archdecide.decisions.engine.answers import (
    AnswersFile,
    AnswersFileError,
    answers_from_data,
    read_toml_file,
)
from archdecide.decisions.meta import Meta
from archdecide.knowledge.errors import Problem
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue

SCHEMA_PREFIX = "archdecide.record/"


def is_record(data: Mapping[str, Any]) -> bool:
    """A TOML document that says it is a record (its `schema` key)."""
    schema = data.get("schema")
    return isinstance(schema, str) and schema.startswith(SCHEMA_PREFIX)


def answers_of_record(data: Mapping[str, Any], shown: str) -> AnswersFile:
    """The record's given answers, meta and assumptions; AnswersFileError (one sentence naming
    the file and the key) when it is not a valid record."""
    from archdecide.decisions.records.model import RecordError, from_data  # records only

    try:
        record = from_data(data, shown)
    except RecordError as exc:
        raise AnswersFileError([Problem(shown, "", str(exc).removeprefix(f"{shown}: "))]
                               ) from None
    answers = {qid: list(v) if isinstance(v, tuple) else v
               for qid, v in record.given_answers().items()}
    meta = Meta(record.title, record.decision_makers, record.consulted, record.informed,
                record.context, record.tags, record.review_by,
                consequences=record.consequences.notes or "", ticket=record.ticket or "")
    return AnswersFile(answers, meta, dict(record.assumptions), pack_id=record.pack.id,
                       record=record.number)


def read_answers_or_record(path: Path) -> AnswersFile:
    """An answers file, or a record (told apart by the record's `schema` key)."""
    data = read_toml_file(path)
    return answers_of_record(data, str(path)) if is_record(data) else \
        answers_from_data(data, str(path))


def pack_mismatch(file: AnswersFile, pack_id: str, shown: str) -> str | None:
    """One sentence when `file` is a record made with another knowledge pack."""
    if file.pack_id is None or file.pack_id == pack_id:
        return None
    return (f"{shown}: pack.id: the record was made with the knowledge pack {file.pack_id!r}; "
            f"expected a record of {pack_id!r} (give --knowledge)")


def blockers(pack: KnowledgePack, file: AnswersFile, shown: str) -> list[str]:
    """What stops a replay altogether, one sentence each: a record of another pack, or an
    assumption the pack does not know or out of its range (an answer the pack refuses is not
    one: that question takes its default)."""
    from archdecide.decisions.sizing.assumptions import SizingError, check_overrides

    other = pack_mismatch(file, pack.id, shown)
    if other is not None:
        return [other]
    try:
        check_overrides(pack, file.assumptions)
    except SizingError as exc:
        return [f"{shown}: assumptions: {exc}"]
    return []


def checked(pack: KnowledgePack, file: AnswersFile, shown: str
            ) -> tuple[dict[str, AnswerValue], list[str]]:
    """The answers to replay, and one sentence per problem: a record of another pack, an
    answer the pack refuses, an assumption it does not know or out of its range."""
    from archdecide.decisions.engine.answers import check_answers

    if pack_mismatch(file, pack.id, shown) is not None:
        return {}, blockers(pack, file, shown)
    answers, problems = check_answers(pack, file.answers)
    lines = [f"{shown}: answers.{p.question}: {p.message}" for p in problems]
    return answers, lines + blockers(pack, file, shown)
