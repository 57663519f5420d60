"""`archdecide records list`: each record's summary, read without pydantic.

A record file written by `to_toml` starts with its summary, then a blank line, then the rest:

    schema = "archdecide.record/1"
    number = 7
    title = "..."
    status = "accepted"
    date = 2026-11-28
    chosen.id = "..."            (dotted keys: the [chosen] table; absent when none was chosen)
    ...
    links.supersedes = []        (dotted keys: the [links] table; always written)

    decision_makers = [...]      (everything else)

`read_head` reads only that head (up to the first blank line) and parses it with tomllib, so
listing 1,000 records of ~36 KB each takes a fraction of a second instead of seconds of full
parsing and validation. It trusts the head only when it holds exactly the summary keys with
plain, valid values; anything else (a record written before the summary came first, a hand
edit, a syntax error, a foreign file) returns None and the caller falls back to the full,
validated read, which gives the same record or the same one-sentence problem. `records check`
(and every command that reads one record) still validates all of it.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archdecide.decisions.records.folder import (
    DOTTED_TABLES,
    SCHEMA_ID,
    STATUSES,
    SUMMARY_KEYS,
    entries,
    mismatch,
)
from archdecide.decisions.records.markdown_adr import read_folder
from archdecide.knowledge.reading import RECORD_LIMIT, NotToml, parse_toml, read_start

HEAD_KEYS = frozenset((*SUMMARY_KEYS, *DOTTED_TABLES))
CHOSEN_KEYS = frozenset(("id", "name", "rationale", "margin", "runner_up"))
TYPED = ("amends", "amended_by", "clarifies", "clarified_by", "relates_to",
         "also_superseded_by")
"""The typed links, in the record's field order."""
LINK_KEYS = frozenset(("supersedes", "superseded_by", *TYPED))

_BLANK_LINE = re.compile(rb"\n\r?\n")
_FIRST_READ = 4096
_MAX_HEAD = 1 << 20


# --------------------------------------------------------------------------- heads


@dataclass(frozen=True)
class RecordHead:
    """What a listing shows of a record."""

    path: Path
    number: int
    """From the file name (as StoredRecord.number)."""
    recorded_number: int
    """The record's own `number` field."""
    title: str
    status: str
    date: dt.date | None
    """None only for a Markdown ADR that gives no date."""
    chosen: str | None = None
    supersedes: tuple[int, ...] = ()
    superseded_by: int | None = None
    format: str = "toml"
    """toml: an archdecide record; markdown: an ADR another tool (or a person) wrote."""
    tags: tuple[str, ...] = ()
    typed: tuple[tuple[int, ...], ...] = ((), (), (), (), (), ())
    """The other links, in TYPED order."""

    def links(self) -> dict[str, Any]:
        """The links as `Links.model_dump(exclude_none=True)` gives them."""
        out: dict[str, Any] = {"supersedes": self.supersedes}
        if self.superseded_by is not None:
            out["superseded_by"] = self.superseded_by
        out.update(zip(TYPED, self.typed, strict=True))
        return out

    @classmethod
    def of(cls, path: Path, number: int, record: Any) -> RecordHead:
        """From a validated DecisionRecord (the fallback path)."""
        return cls(path, number, record.number, record.title, record.status, record.date,
                   record.chosen_id, tuple(record.links.supersedes),
                   record.links.superseded_by, tags=tuple(record.tags),
                   typed=tuple(tuple(getattr(record.links, key)) for key in TYPED))


def _plain_int(value: Any) -> bool:
    return type(value) is int and value >= 1


def _text(value: Any, *, empty: bool = False) -> bool:
    return type(value) is str and (empty or value != "")


def _chosen_ok(chosen: Any) -> bool:
    if type(chosen) is not dict or not CHOSEN_KEYS.issuperset(chosen):
        return False
    margin = chosen.get("margin", 0.0)
    return (_text(chosen.get("id")) and _text(chosen.get("name"))
            and _text(chosen.get("rationale"), empty=True)
            and type(margin) in (int, float) and math.isfinite(margin)
            and _text(chosen.get("runner_up", ""), empty=True))


def _links_ok(links: Any) -> bool:
    if type(links) is not dict or not LINK_KEYS.issuperset(links):
        return False
    lists = [links.get(key, []) for key in LINK_KEYS if key != "superseded_by"]
    return (all(type(numbers) is list and all(_plain_int(n) for n in numbers)
                for numbers in lists)
            and ("superseded_by" not in links or _plain_int(links["superseded_by"])))


def head_text(path: Path) -> str | None:
    """The file's text up to its first blank line (None: no blank line, not UTF-8, not a
    regular file, too large, or unreadable; the full read then says what is wrong)."""
    try:
        data = read_start(path, _FIRST_READ, RECORD_LIMIT, "a TOML record")
        end = _BLANK_LINE.search(data)
        if end is None and len(data) == _FIRST_READ:
            data = read_start(path, _MAX_HEAD, RECORD_LIMIT, "a TOML record")
    except OSError:
        return None
    end = _BLANK_LINE.search(data)
    if end is None:
        return None
    try:
        return data[:end.start() + 1].decode("utf-8")
    except UnicodeDecodeError:
        return None


def parse_head(text: str) -> dict[str, Any] | None:
    """The summary data of a head, or None unless it is exactly a valid summary."""
    try:
        data = parse_toml(text)
    except NotToml:
        return None
    if not HEAD_KEYS.issuperset(data) or "links" not in data:
        return None  # e.g. written before the summary came first: no links in the head
    if not (data.get("schema") == SCHEMA_ID and _plain_int(data.get("number"))
            and _text(data.get("title")) and data.get("status") in STATUSES
            and type(data.get("date")) is dt.date and _links_ok(data["links"])
            and type(data.get("tags", [])) is list
            and all(_text(tag) for tag in data.get("tags", []))
            and ("chosen" not in data or _chosen_ok(data["chosen"]))):
        return None
    return data


def read_head(path: Path, number: int) -> RecordHead | None:
    """The record's head from its summary, or None: read it fully instead."""
    text = head_text(path)
    data = None if text is None else parse_head(text)
    if data is None:
        return None
    links = data["links"]
    chosen = data.get("chosen")
    return RecordHead(path, number, data["number"], data["title"], data["status"], data["date"],
                      chosen["id"] if chosen else None, tuple(links.get("supersedes", ())),
                      links.get("superseded_by"), tags=tuple(data.get("tags", ())),
                      typed=tuple(tuple(links.get(key, ())) for key in TYPED))


@dataclass
class HeadListing:
    heads: list[RecordHead] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def list_heads(directory: Path) -> HeadListing:
    """`scan()` for listings: every record's head, sorted by number, and the same problems in
    the same order. Records whose head cannot be trusted are read and validated in full (which
    imports pydantic), so a broken file gets the same sentence as in `scan()`."""
    listing = HeadListing()
    for entry in entries(directory):
        if isinstance(entry, str):
            listing.problems.append(entry)
            continue
        path, number = entry
        head = read_head(path, number)
        if head is None:
            from archdecide.decisions.records.model import RecordError
            from archdecide.decisions.records.store import read_record

            try:
                head = RecordHead.of(path, number, read_record(path))
            except RecordError as exc:
                listing.problems.append(f"{exc}; ignored")
                continue
        if head.recorded_number != number:
            listing.problems.append(mismatch(path, head.recorded_number, number))
        listing.heads.append(head)
    listing.heads.extend(markdown_heads(directory, listing.problems))
    listing.heads.sort(key=lambda h: (h.number, h.path.name))
    return listing


def markdown_heads(directory: Path, problems: list[str]) -> list[RecordHead]:
    """The Markdown ADRs of the folder (not exports of records) as listing rows."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    adrs, found = read_folder(directory, names)
    problems.extend(found)
    numbers = {adr.path.name: adr.number for adr in adrs}
    return [RecordHead(adr.path, adr.number, adr.number, adr.title, adr.status or "unknown",
                       adr.date, superseded_by=numbers.get(adr.successor or ""),
                       format="markdown") for adr in adrs]
