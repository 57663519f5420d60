"""The decision log as a team uses it: find records by text, and list the decisions due for
attention (past their review date, or no longer standing against the current pack)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archdecide.decisions.engine.answers import format_value
from archdecide.decisions.records.expand import worded_answers
from archdecide.decisions.records.markdown_adr import MarkdownAdr, foreign_markdown, read_markdown
from archdecide.decisions.records.model import DecisionRecord
from archdecide.decisions.records.recheck import recheck
from archdecide.decisions.records.store import StoredRecord
from archdecide.knowledge.pack import KnowledgePack


def _haystack(record: DecisionRecord, pack: KnowledgePack | None) -> str:
    """What a search looks in: title, tags, context, options, answers (in words: `pack`'s
    prompts and labels for a concise record)."""
    parts = [record.title, *record.tags, record.context,
             *(f"{o.id} {o.name}" for o in record.considered),
             *(" ".join(str(p) for p in (a.question, a.prompt, a.label, format_value(a.value))
                        if p) for a in worded_answers(record, pack))]
    return "\n".join(str(p) for p in parts).casefold()


def search(records: Iterable[StoredRecord], text: str, pack: KnowledgePack | None = None
           ) -> list[StoredRecord]:
    """The records whose title, tags, context, options or answers contain `text` (any case)."""
    needle = text.casefold()
    return [s for s in records if needle in _haystack(s.record, pack)]


def search_markdown(directory: Path, text: str) -> list[MarkdownAdr]:
    """The Markdown ADRs of the folder (another tool's) whose text contains `text` (any
    case); unreadable ones are left to `records list` and `check` to report."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    needle = text.casefold()
    found = []
    for name, number in foreign_markdown(names, with_dated=True).items():
        read = read_markdown(directory / name, number)  # each file read once
        if not isinstance(read, str) and needle in read[1].casefold():
            found.append(read[0])
    return found


@dataclass(frozen=True)
class Due:
    stored: StoredRecord
    reasons: tuple[str, ...]


def due(records: Iterable[StoredRecord], pack: KnowledgePack, today: dt.date) -> list[Due]:
    """Proposed or accepted records past their review date, or whose recheck against `pack`
    no longer stands or cannot be replayed; each with its reasons."""
    out = []
    for stored in records:
        record = stored.record
        if record.status not in ("proposed", "accepted"):
            continue
        reasons = []
        if record.review_by is not None and record.review_by < today:
            reasons.append(f"review was due on {record.review_by.isoformat()}")
        result = recheck(record, pack)
        if result.outcome == "changed":
            reasons.append(f"no longer stands: {result.after or 'nothing'} is recommended now")
        elif result.outcome == "invalid":
            reasons.append("cannot be replayed against the current pack")
        if reasons:
            out.append(Due(stored, tuple(reasons)))
    return out
