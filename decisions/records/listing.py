"""The light side of the records folder: what `archdecide records list` needs, without pydantic.

A record file written by `to_toml` starts with its summary, then a blank line, then the rest:

    schema = "archdecide.record/1"
    number = 7
    title = "..."
    status = "accepted"
    date = 2026-11-28
    chosen.id = "..."            (dotted keys: the [chosen] table; absent when none was chosen)
    chosen.name = "..."
    ...
    links.supersedes = []        (dotted keys: the [links] table; always written)

    decision_makers = [...]      (everything else)
    ...

`read_head` reads only that head (up to the first blank line) and parses it - with a strict
line parser for exactly what tomli_w writes there (`fast_head`, which gives what tomllib gives,
~10x faster), else with tomllib - so listing 1,000 records of ~36 KB each takes a fraction of a
second instead of ~13 s of full parsing and pydantic validation. It trusts the head
only when it holds exactly the summary keys with plain, valid values; anything else (a record
written before the summary came first, a hand edit, a syntax error, a foreign file) returns
None and the caller falls back to the full, validated read, which gives the same record or the
same one-sentence problem as before. The rest of the file is not read: `records check` (and
every command that reads one record) still validates all of it.

This module also holds the folder basics shared with `decisions.record_store` (names, folder
resolution, leftovers of killed writers); it imports neither pydantic nor the knowledge pack.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_ID = "archdecide.record/1"
STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")

ENV_VAR = "ARCHDECIDE_RECORDS"
DEFAULT_DIR = Path("docs") / "decisions"

NAME_RE = re.compile(r"^(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")
NUMBERED_RE = re.compile(r"^(\d{4,})-.*\.toml$")
EXPORT_RE = re.compile(r"^\d{4,}-.*\.md$")
TEMP_RE = re.compile(r"^\.tmp-(\d+)-[0-9a-f]+\.toml$")
LOCK_RE = re.compile(r"^\.(\d{4,})\.lock$")
QUIET_FILES = {"readme.md", "index.md", "template.md"}

SUMMARY_KEYS = ("schema", "number", "title", "status", "date")
"""The top-level scalars written first, in this order; then `chosen.*` and `links.*`."""
DOTTED_TABLES = ("chosen", "links")
"""Tables written as dotted keys in the summary (small, and needed by `records list`)."""
HEAD_KEYS = frozenset((*SUMMARY_KEYS, *DOTTED_TABLES))
CHOSEN_KEYS = frozenset(("id", "name", "rationale", "margin", "runner_up"))
LINK_KEYS = frozenset(("supersedes", "superseded_by"))

_BLANK_LINE = re.compile(rb"\n\r?\n")
_FIRST_READ = 4096
_MAX_HEAD = 1 << 20


class RecordStoreError(Exception):
    """A records-folder problem; the message is one sentence naming the folder or file."""


# --------------------------------------------------------------------------- names


def resolve_records_dir(option: Path | None = None) -> Path:
    """--records DIR, else $ARCHDECIDE_RECORDS, else docs/decisions under the current folder."""
    if option is not None:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path.cwd() / DEFAULT_DIR


def show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


# --------------------------------------------------------------------------- leftovers


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def lock_owner(lock: Path) -> tuple[int, str] | None:
    try:
        pid, _, host = lock.read_text(encoding="utf-8").strip().partition(" ")
        return int(pid), host
    except (OSError, ValueError):
        return None


def stale(lock: Path) -> bool:
    owner = lock_owner(lock)
    if owner is None:  # being written just now, or unreadable: not ours to judge
        return False
    pid, host = owner
    import socket

    return host == socket.gethostname() and not alive(pid)


def cleanup_leftovers(directory: Path, names: list[str] | None = None) -> None:
    """Remove temp files and locks whose writer process is gone."""
    if names is None:
        try:
            names = os.listdir(directory)
        except OSError:
            return
    for name in names:
        if not name.startswith("."):
            continue
        path = directory / name
        temp = TEMP_RE.match(name)
        try:
            if (temp and not alive(int(temp.group(1)))) or (LOCK_RE.match(name) and stale(path)):
                path.unlink(missing_ok=True)
        except OSError:
            pass


# --------------------------------------------------------------------------- the folder


def entries(directory: Path,
            numbered: dict[int, list[str]] | None = None) -> Iterator[tuple[Path, int] | str]:
    """The folder in file-name order: (path, number) for each `NNNN-slug.toml`, a problem
    sentence for each file that does not match the naming (exports and README/index/template
    are quiet). Removes dead writers' leftovers first; fills `numbered` (number -> every
    `NNNN-*.toml` name). Nothing for a missing folder; RecordStoreError for a file or an
    unreadable folder."""
    if not directory.exists():
        return
    if not directory.is_dir():
        raise RecordStoreError(f"{show(directory)} is a file; expected a records folder")
    try:
        with os.scandir(directory) as scanned:
            found = sorted(((e.name, e) for e in scanned), key=lambda pair: pair[0])
    except OSError as exc:
        raise RecordStoreError(f"cannot read the records folder {show(directory)} "
                               f"({exc.strerror})") from None
    cleanup_leftovers(directory, [name for name, _ in found])
    for name, entry in found:
        if name.startswith("."):
            continue
        try:
            if entry.is_dir():
                continue
        except OSError:
            pass
        path = directory / name
        if numbered is not None:
            numbered_match = NUMBERED_RE.match(name)
            if numbered_match:
                numbered.setdefault(int(numbered_match.group(1)), []).append(name)
        match = NAME_RE.match(name)
        if match is None:
            if not (EXPORT_RE.match(name) or name.lower() in QUIET_FILES):
                yield (f"{show(path)}: does not match the record naming NNNN-slug.toml "
                       "(lowercase slug); ignored")
            continue
        yield path, int(match.group(1))


def mismatch(path: Path, recorded: int, named: int) -> str:
    return (f"{show(path)}: number: is {recorded} but the file name says {named}; expected "
            "them to agree")


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
    date: dt.date
    chosen: str | None = None
    supersedes: tuple[int, ...] = ()
    superseded_by: int | None = None

    def links(self) -> dict[str, Any]:
        """The links as `Links.model_dump(exclude_none=True)` gives them."""
        out: dict[str, Any] = {"supersedes": self.supersedes}
        if self.superseded_by is not None:
            out["superseded_by"] = self.superseded_by
        return out

    @classmethod
    def of(cls, path: Path, number: int, record: Any) -> RecordHead:
        """From a validated DecisionRecord (the fallback path)."""
        return cls(path, number, record.number, record.title, record.status, record.date,
                   record.chosen_id, tuple(record.links.supersedes),
                   record.links.superseded_by)


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
    supersedes = links.get("supersedes", [])
    return (type(supersedes) is list and all(_plain_int(n) for n in supersedes)
            and ("superseded_by" not in links or _plain_int(links["superseded_by"])))


def head_text(path: Path) -> str | None:
    """The file's text up to its first blank line (None: no blank line, not UTF-8, or
    unreadable; the full read then says what is wrong)."""
    try:
        with open(path, "rb") as file:
            data = file.read(_FIRST_READ)
            end = _BLANK_LINE.search(data)
            if end is None and len(data) == _FIRST_READ:
                data += file.read(_MAX_HEAD)
                end = _BLANK_LINE.search(data)
    except OSError:
        return None
    if end is None:
        return None
    try:
        return data[:end.start() + 1].decode("utf-8")
    except UnicodeDecodeError:
        return None


_LINE = re.compile(r"([a-z_]+)(?:\.([a-z_]+))? = (.*)")
_PLAIN_STR = re.compile(r'"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"')
_ESCAPED_STR = re.compile(r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[^\x00-\x1f\x7f])*"')
_INT = re.compile(r"[1-9][0-9]{0,17}")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_ITEM = re.compile(r"    ([1-9][0-9]{0,17}),")


class _NotSummary(Exception):
    """A key no summary has: tomllib would read it, but the head could not be trusted."""


def _value(raw: str, more: Iterator[str]) -> Any:
    """One value as tomllib reads it, for the forms tomli_w writes into a summary; raises
    ValueError for anything else (then tomllib reads the whole head)."""
    if match := _PLAIN_STR.fullmatch(raw):
        return match.group(1)
    if _ESCAPED_STR.fullmatch(raw):
        import tomllib

        return tomllib.loads(f"v = {raw}\n")["v"]  # escapes: exactly as TOML says
    if _INT.fullmatch(raw):
        return int(raw)
    if match := _DATE.fullmatch(raw):
        return dt.date(*(int(part) for part in match.groups()))
    if _FLOAT.fullmatch(raw):
        return float(raw)
    if raw == "[]":
        return []
    if raw == "[":
        items = []
        for line in more:
            if line == "]":
                return items
            item = _ITEM.fullmatch(line)
            if item is None:
                break
            items.append(int(item.group(1)))
    raise ValueError(raw)


def fast_head(text: str) -> dict[str, Any] | None:
    """tomllib.loads(text) for a summary exactly as to_toml writes it (one `key = value` or
    `table.key = value` per line; strings, positive integers, dates, plain decimals, arrays of
    positive integers), in a fraction of its time; None for anything else. _NotSummary for a
    well-formed line whose key no summary has (e.g. a record written before the summary came
    first), so such heads are not parsed twice."""
    data: dict[str, Any] = {}
    lines = iter(text.split("\n"))
    try:
        for line in lines:
            if not line:
                continue
            match = _LINE.fullmatch(line)
            if match is None:
                return None
            key, sub, raw = match.groups()
            if key not in HEAD_KEYS or (sub is not None and key in SUMMARY_KEYS):
                raise _NotSummary(key)
            if sub is None:
                if key in data or key in DOTTED_TABLES:  # e.g. an inline table: tomllib
                    return None
                data[key] = _value(raw, lines)
            else:
                table = data.setdefault(key, {})
                if sub in table:
                    return None
                table[sub] = _value(raw, lines)
    except ValueError:  # tomllib.TOMLDecodeError is one too
        return None
    return data


def parse_head(text: str) -> dict[str, Any] | None:
    """The summary data of a head, or None unless it is exactly a valid summary."""
    try:
        data = fast_head(text)
    except _NotSummary:
        return None
    if data is None:
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return None
    if not HEAD_KEYS.issuperset(data) or "links" not in data:
        return None  # e.g. written before the summary came first: no links in the head
    if not (data.get("schema") == SCHEMA_ID and _plain_int(data.get("number"))
            and _text(data.get("title")) and data.get("status") in STATUSES
            and type(data.get("date")) is dt.date and _links_ok(data["links"])
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
                      links.get("superseded_by"))


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
    listing.heads.sort(key=lambda h: (h.number, h.path.name))
    return listing
