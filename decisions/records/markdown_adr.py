"""Markdown ADRs that other tools wrote (adr-tools' `adr new`, log4brains, MADR by hand) in the
records folder: they take part in the one number space and the one log.

A `NNNN-*.md` file is a foreign ADR unless it is the export of a record (same stem as a
`NNNN-*.toml`). From it are read, without any Markdown library:
- the title: the first `# ` heading (or front matter `title:`), without adr-tools' `1. ` prefix;
- the status: a `* Status: X` / `- Status: X` bullet (MADR 2, log4brains), else the first line
  of a `## Status` section (adr-tools, Nygard), else front matter `status:`; the first word,
  lowercased (`Superseded by [2. ...]` is `superseded`);
- the date: a `Date:` line or bullet (adr-tools, MADR 2), else front matter `date:`.
Anything missing is None; a file that cannot be read is a one-sentence problem."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from archdecide.decisions.records.folder import show
from archdecide.knowledge.reading import RECORD_LIMIT, read_bounded

MARKDOWN_RE = re.compile(r"^(\d{4,})-(.+)\.md$")
_FRONT = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M)
_NUMBERED_TITLE = re.compile(r"^\d+\.\s+")
_STATUS_BULLET = re.compile(r"^[*-][ \t]+Status:[ \t]*(.+)$", re.M | re.I)
_STATUS_SECTION = re.compile(r"^##[ \t]+Status[ \t]*\r?\n\s*(\S.*)$", re.M | re.I)
_DATE_LINE = re.compile(r"^(?:[*-][ \t]+)?Date:[ \t]*(\d{4}-\d{2}-\d{2})", re.M | re.I)


@dataclass(frozen=True)
class MarkdownAdr:
    path: Path
    number: int
    title: str
    status: str | None
    date: dt.date | None


def _front_matter(text: str) -> dict[str, str]:
    match = _FRONT.match(text)
    out: dict[str, str] = {}
    if match:
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                out[key.strip().lower()] = value.strip().strip("\"'")
    return out


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def parse(path: Path, number: int, text: str) -> MarkdownAdr:
    front = _front_matter(text)
    opening = _FRONT.match(text)
    body = text[opening.end():] if opening else text
    heading = _TITLE.search(body)
    title = heading.group(1) if heading else front.get("title") or path.stem
    title = _NUMBERED_TITLE.sub("", title.strip()) or path.stem
    status_text = None
    for pattern in (_STATUS_BULLET, _STATUS_SECTION):
        found = pattern.search(body)
        if found:
            status_text = found.group(1)
            break
    status_text = status_text or front.get("status")
    status = None
    if status_text:
        words = re.findall(r"[A-Za-z]+", status_text)
        status = words[0].lower() if words else None
    dated = _DATE_LINE.search(body)
    date = _date(dated.group(1) if dated else front.get("date"))
    return MarkdownAdr(path, number, title, status, date)


def read_markdown_adr(path: Path, number: int) -> MarkdownAdr | str:
    """The ADR, or a one-sentence problem."""
    try:
        data = read_bounded(path, RECORD_LIMIT, "a Markdown ADR")
    except OSError as exc:
        return f"{show(path)}: {exc if exc.strerror is None else exc.strerror}; ignored"
    return parse(path, number, data.decode("utf-8", "replace"))


def foreign_markdown(names: list[str]) -> dict[str, int]:
    """name -> number of every `NNNN-*.md` among `names` that is not the export of a record
    (a `.toml` with the same stem)."""
    stems = {name[:-5] for name in names if name.endswith(".toml")}
    out: dict[str, int] = {}
    for name in names:
        match = MARKDOWN_RE.match(name)
        if match and name[:-3] not in stems:
            out[name] = int(match.group(1))
    return out
