"""Markdown ADRs that other tools wrote (adr-tools' `adr new`, log4brains, MADR by hand) in the
records folder: they take part in the one number space and the one log.

A `NNNN-*.md` file is a foreign ADR unless it is the export of a record (same stem as a
`NNNN-*.toml`); a log4brains ADR is named by its date (`YYYYMMDD-slug.md`) and takes no number.
Each is parsed as CommonMark (markdown-it-py), as the tools that render it do, so a heading or
a `Status:` line inside a code block is code, a setext heading is a heading, escapes and
entities read as the characters they stand for, and a byte-order mark is not text:
- the title: the first level-1 heading (or front matter `title:`), without adr-tools' `1. `;
- the status, whole and lowercased (`on hold`, `draft`): a `Status: X` line or bullet (MADR 2,
  log4brains), else the first paragraph of a `## Status` section (adr-tools, Nygard; an empty
  section is no status), else front matter `status:` (MADR 3 and 4); `Superseded by [...](f.md)`
  is `superseded`, and the file it links to is kept;
- the date: a `Date:` line or bullet (adr-tools, MADR 2), else front matter `date:`.
Anything missing is None; a file that cannot be read is a one-sentence problem."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archdecide.decisions.records.folder import show
from archdecide.knowledge.reading import RECORD_LIMIT, read_bounded

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MARKDOWN_RE = re.compile(r"^(\d{4,})-(.+)\.md$")
_FRONT = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
_NUMBERED_TITLE = re.compile(r"^\d+\.\s+")
_KEYED = re.compile(r"^(status|date)\s*:\s*(.*)$", re.I)
_LINKED = re.compile(r"^(superseded|amended|clarified|replaced)\s+by\b", re.I)


@dataclass(frozen=True)
class MarkdownAdr:
    path: Path
    number: int
    title: str
    status: str | None
    date: dt.date | None
    successor: str | None = None
    """The file a `Superseded by [...](file.md)` status links to."""


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


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _words(inline: Any) -> tuple[str, list[str]]:
    """An inline token as plain text (lines kept apart), and the links it holds."""
    parts: list[str] = []
    links: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            links.append(str(child.attrGet("href") or ""))
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts), links


def _status(text: str, links: list[str]) -> tuple[str | None, str | None]:
    """(the status, whole and lowercased, or None; the file a `... by` status links to)."""
    words = " ".join(text.split()).strip(" .;:").lower()
    linked = _LINKED.match(words)
    if linked:
        target = next((Path(href.split("#")[0]).name for href in links
                       if href.split("#")[0].endswith(".md")), None)
        return linked.group(1).lower(), target
    return words or None, None


def parse(path: Path, number: int, text: str) -> MarkdownAdr:
    text = text.removeprefix("\ufeff")
    front = _front_matter(text)
    opening = _FRONT.match(text)
    tokens = _markdown().parse(text[opening.end():] if opening else text)
    title: str | None = None
    keyed: dict[str, tuple[str, list[str]]] = {}
    section: tuple[str, list[str]] | None = None
    in_status = False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = _words(tokens[i + 1])[0].replace("\n", " ").strip()
            if token.tag == "h1" and title is None:
                title = heading
            in_status = token.tag == "h2" and heading.lower() == "status"
            continue
        if token.type != "inline" or tokens[i - 1].type != "paragraph_open":
            continue
        words, links = _words(token)
        if in_status and section is None:
            section = (words.split("\n")[0], links)
        for line in words.split("\n"):
            found = _KEYED.match(line.strip())
            if found:
                keyed.setdefault(found.group(1).lower(), (found.group(2), links))
    title = _NUMBERED_TITLE.sub("", (title or front.get("title") or "").strip()) or path.stem
    status, successor = None, None
    for source in (keyed.get("status"), section, (front.get("status", ""), [])):
        if source is not None:
            status, successor = _status(*source)
            if status is not None:
                break
    dated = keyed.get("date")
    date = _date(dated[0].strip() if dated else front.get("date"))
    return MarkdownAdr(path, number, title, status, date, successor)


def read_markdown_adr(path: Path, number: int) -> MarkdownAdr | str:
    """The ADR, or a one-sentence problem (see read_markdown)."""
    found = read_markdown(path, number)
    return found if isinstance(found, str) else found[0]


def read_markdown(path: Path, number: int) -> tuple[MarkdownAdr, str] | str:
    """(the ADR, its text), read once, or a one-sentence problem: a file that is not
    regular, too big, or a symbolic link that leads out of its folder (never followed there)
    is not read."""
    if path.is_symlink():
        try:
            inside = path.resolve(strict=True).parent == path.parent.resolve()
        except (OSError, RuntimeError):
            return f"{show(path)}: a symbolic link to nothing; ignored"
        if not inside:
            return (f"{show(path)}: a symbolic link out of the records folder; not followed "
                    "(ignored)")
    try:
        data = read_bounded(path, RECORD_LIMIT, "a Markdown ADR")
    except OSError as exc:
        return f"{show(path)}: {exc if exc.strerror is None else exc.strerror}; ignored"
    text = data.decode("utf-8", "replace")
    return parse(path, number, text), text


MAX_NUMBER = 999_999
"""The largest number a Markdown ADR's name may carry (adr-tools writes 4 digits): a longer
one would make the next record's number one no tool reads back."""


def dated(number_text: str) -> bool:
    """Whether a name's leading digits are a date, as log4brains names ADRs (YYYYMMDD)."""
    if len(number_text) != 8:
        return False
    try:
        return 1970 <= dt.date(int(number_text[:4]), int(number_text[4:6]),
                               int(number_text[6:])).year <= 2199
    except ValueError:
        return False


def foreign_markdown(names: list[str], *, with_dated: bool = False) -> dict[str, int]:
    """name -> number of every `NNNN-*.md` among `names` that is not the export of a record
    (a `.toml` with the same stem). A date-named ADR (log4brains' `YYYYMMDD-slug.md`) takes no
    number: it is left out, or with `with_dated` given its date as YYYYMMDD; so is a name whose
    number is above MAX_NUMBER (see oversized)."""
    stems = {name[:-5] for name in names if name.endswith(".toml")}
    out: dict[str, int] = {}
    for name in names:
        match = MARKDOWN_RE.match(name)
        if not match or name[:-3] in stems:
            continue
        digits = match.group(1)
        if dated(digits):
            if with_dated:
                out[name] = int(digits)
        elif int(digits) <= MAX_NUMBER:
            out[name] = int(digits)
    return out


def oversized(names: list[str]) -> list[str]:
    """The `NNNN-*.md` names whose number is neither a date nor at most MAX_NUMBER."""
    return [name for name in names if (m := MARKDOWN_RE.match(name)) and not dated(m.group(1))
            and int(m.group(1)) > MAX_NUMBER]


def read_folder(directory: Path, names: list[str]) -> tuple[list[MarkdownAdr], list[str]]:
    """Every Markdown ADR among the folder's `names` (date-named ones included), and one
    sentence per file that looks like one but cannot be read or numbered."""
    problems = [f"{show(directory / name)}: its number has more than 6 digits and is not a "
                "date; expected NNNN-slug.md (ignored)" for name in oversized(names)]
    found = []
    for name, number in foreign_markdown(names, with_dated=True).items():
        adr = read_markdown_adr(directory / name, number)
        if isinstance(adr, str):
            problems.append(adr)
        else:
            found.append(adr)
    return found, problems
