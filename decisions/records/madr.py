"""MADR 4.0 Markdown export of a DecisionRecord.

Two layouts, the same sections:

* default (`front_matter=False`): the first line is `# Title`, followed by the metadata as a
  bullet list (`* Status: accepted`, `* Date: ...`, `* Deciders: ...`; a superseded record
  `* Status: superseded by [NNNN-slug](NNNN-slug.md)`). This is what existing ADR tooling
  reads: adr-tools takes the title from line 1 (`head -1 | cut -c 3-`) and log4brains reads the
  first `# ` heading and the `* Status:` / `* Date:` / `* Deciders:` bullets under it.
* `front_matter=True`: MADR 4.0's YAML front matter (status, date, decision-makers, consulted,
  informed) then `# Title`. Tools that parse front matter (MADR 4, Backstage, adrs) read it;
  adr-tools then shows "-" as the title because its title is the first line.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from archdecide.decisions.records.markdown_text import has_controls, md_block, md_inline
from archdecide.decisions.records.model import DecisionRecord
from archdecide.decisions.wording import first_sentence, per_month

MADR_SUFFIX = ".md"


def madr_file_name(record_file_name: str) -> str:
    """`0007-use-rented-gpus.toml` -> `0007-use-rented-gpus.md`."""
    return re.sub(r"\.toml$", "", record_file_name) + MADR_SUFFIX


_line = md_inline
"""Free text on one line, escaped: it can never become Markdown structure or HTML."""
_para = md_block


def _fold(text: str) -> str:
    """Our own words (a status, a code span's id): one line, no controls, no backticks."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f`]+", " ", text).strip()


def _yaml(value: str) -> str:
    return json.dumps(_fold(value), ensure_ascii=False)  # a JSON string is a YAML string


Names = Mapping[int, str]
"""record number -> its Markdown file name (`0003-use-a-gateway.md`), for links between records"""


def _ref(number: int, names: Names) -> str:
    """A link to another record's Markdown file, or its number when the file is not known."""
    name = names.get(number)
    return f"[{name[:-3]}]({name})" if name else f"ADR-{number:04d}"


def _status_text(record: DecisionRecord, names: Names) -> str:
    if record.status == "superseded" and record.links.successors():
        return "superseded by " + ", ".join(_ref(n, names) for n in record.links.successors())
    return record.status


def _front_matter(record: DecisionRecord, names: Names) -> list[str]:
    out = ["---", f"status: {_yaml(_status_text(record, names))}",
           f"date: {record.date.isoformat()}"]
    for key, people in (("decision-makers", record.decision_makers),
                        ("consulted", record.consulted), ("informed", record.informed)):
        if people:
            out.append(f"{key}: {_yaml(', '.join(people))}")
    return [*out, "---", ""]


def _bullets(record: DecisionRecord, names: Names) -> list[str]:
    """The metadata as bullets under the title, the form log4brains, pyadr and MADR 2 read."""
    out = [f"* Status: {_fold(_status_text(record, names))}",
           f"* Date: {record.date.isoformat()}"]
    for key, people in (("Deciders", record.decision_makers),
                        ("Consulted", record.consulted), ("Informed", record.informed)):
        if people:
            out.append(f"* {key}: {_line(', '.join(people))}")
    return [*out, ""]


def _value(value: Any) -> str:
    """A value as plain words: never a Python repr (no braces, brackets or quotes)."""
    if isinstance(value, dict):
        return ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) or "(none)"
    if isinstance(value, tuple | list):
        return ", ".join(_value(v) for v in value) or "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


FLAVOURS = ("default", "madr4", "nygard")
"""Where the metadata goes: bullets under the title (log4brains, pyadr, adr-tools, MADR 2),
YAML front matter (MADR 4.0 tooling), or a `## Status` section (adr-viewer, `adr generate
graph`). The sections after it are MADR 4.0's in every flavour."""


def _status_section(record: DecisionRecord, names: Names) -> list[str]:
    """Nygard's `## Status`: the status, then one line per link, which adr-tools reads."""
    out = [f"Date: {record.date.isoformat()}", "", "## Status", ""]
    if record.status == "superseded" and record.links.successors():
        out += [f"Superseded by {_ref(n, names)}" for n in record.links.successors()]
    else:
        out.append(record.status.capitalize())
    out += [f"Supersedes {_ref(n, names)}" for n in record.links.supersedes]
    people = [f"{key}: {_line(', '.join(names_))}" for key, names_ in (
        ("Deciders", record.decision_makers), ("Consulted", record.consulted),
        ("Informed", record.informed)) if names_]
    return [*out, "", *([*people, ""] if people else [])]


WIDTH = 80
_STARTS = re.compile(r"^([-+=]|\d+[.)])")


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """Escaped Markdown (md_inline's) wrapped within WIDTH columns: a word that starts a line
    and would start a list, a setext underline or an ordered item there is escaped again
    (md_inline escapes those only where its one line starts); a code span is never broken
    (an escape in it would show). A word longer than the line (an address) stays whole."""
    kept = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\x00"), text)  # code spans whole
    lines = [line.replace("\x00", " ") for line in textwrap.wrap(
        kept, WIDTH - 1, initial_indent=first, subsequent_indent=rest,  # room for one escape
        break_on_hyphens=False, break_long_words=False)]
    out = lines[:1]
    for line in lines[1:]:
        body = line[len(rest):]
        match = _STARTS.match(body)
        if match:
            marker = match.group(1)
            body = f"\\{body}" if marker in "-+=" else \
                f"{marker[:-1]}\\{marker[-1]}{body[len(marker):]}"
        out.append(rest + body)
    return out or [first.rstrip()]


def _bullet(text: str) -> list[str]:
    return _wrap(text, "* ", "  ")


def _money(usd: float | None) -> str:
    return "" if usd is None else f", {per_month(usd)}"


def to_madr(record: DecisionRecord, *, front_matter: bool = False,
            names: Names | None = None, flavour: str = "default") -> str:
    """The record as MADR 4.0 Markdown in one of FLAVOURS (`front_matter=True` is madr4),
    within 80 columns (but for a long title, which adr-tools reads from line 1, and
    addresses) and about 150 lines: the evaluation summarised, the record linked for the
    rest. `names`: the Markdown file names of the other records, so that supersede links
    are links to their files. Give the expanded record (decisions.records.expand) for the
    answers in words."""
    names = names or {}
    flavour = "madr4" if front_matter else flavour
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
    lines: list[str] = []
    title = _line(record.title) or f"Decision {record.number:04d}"
    if flavour == "madr4":  # no blank line after the closing ---, as MADR 4.0's template
        lines += [*_front_matter(record, names)[:-1], f"# {title}", ""]
    elif flavour == "nygard":
        lines += [f"# {title}", "", *_status_section(record, names)]
    else:
        lines += [f"# {title}", "", *_bullets(record, names)]
    lines += ["## Context and Problem Statement", ""]
    for paragraph in (_para(record.context) or "(none given)").split("\n\n"):
        lines += [*_wrap(paragraph), ""]
    weights = [(d.name, d.weight) for d in record.drivers] or \
        sorted(record.weights.items(), key=lambda kv: (-kv[1], kv[0]))
    if weights:
        lines += ["## Decision Drivers", ""]
        lines += _wrap("Each criterion's weight (0-10) under the answers: " + ", ".join(
            f"{_line(name)} {weight:g}" for name, weight in weights if weight > 0) + ".")
        lines.append("")
    lines += ["## Considered Options", ""]
    for option in record.considered:
        if option.excluded:
            why = " ".join(first_sentence(r, clause=True) for r in option.reasons)
            lines += _bullet(f"{_line(option.name)}, excluded: {_line(why)}")
        else:
            lines += _bullet(f"{_line(option.name)}: {option.score:g} of 100"
                             f"{_money(option.monthly_usd)}")
    lines += ["", "## Decision Outcome", ""]
    if record.chosen is not None:
        lines += [*_wrap(f'Chosen option: "{_line(record.chosen.name)}", because '
                         f"{_line(record.chosen.rationale)}."), ""]
    else:
        lines += ["No option chosen: every considered option is excluded by the answers.", ""]
    consequences = record.consequences
    if consequences.good or consequences.bad or consequences.neutral or consequences.notes:
        lines += ["### Consequences", ""]
        if consequences.notes:
            for paragraph in _para(consequences.notes).split("\n\n"):
                lines += [*_wrap(paragraph), ""]
        for kind, items in (("Good", consequences.good), ("Bad", consequences.bad),
                            ("Neutral", consequences.neutral)):
            for item in items:
                lines += _bullet(f"{kind}, because {_line(item)}")
        lines.append("")
    lines += ["### Confirmation", "",
              *_wrap(f"In CI, `archdecide records recheck {record.number}` exits 0 while the "
                     "decision stands on the current pack, 4 once it has changed."), ""]
    if record.warnings:
        lines += ["### Warnings", ""]
        for warning in record.warnings:
            lines += _bullet(_line(first_sentence(warning.message)))
        lines.append("")
    for detail in range(4):  # within LIMIT lines: sources, the assumed answers, then what
        more = _more_information(record, names, detail)  # would flip it, in the record alone
        if len(lines) + len(more) + MARKER_LINES <= LIMIT:
            break
    return "\n".join([*lines, *more]).rstrip("\n") + "\n"


def _link(text: str) -> str:
    """An http(s) address as a Markdown autolink; anything else as escaped text."""
    plain = re.fullmatch(r"https?://[^\s<>\\`]+", text) and not has_controls(text)
    return f"<{text}>" if plain else _line(text)


def _source_list(record: DecisionRecord) -> list[Mapping[str, object]]:
    """The sources the record cites: its own list, or an earlier record's sizing sources."""
    if record.sources:
        return [src.model_dump() for src in record.sources]
    found = (record.sizing or {}).get("sources")
    return [src for src in found if isinstance(src, dict)] if isinstance(found, list) else []


def _sources(record: DecisionRecord) -> list[str]:
    """One bullet per source, one line each: who published it and when, and its address (the
    one kind of line allowed past 80 columns)."""
    lines: list[str] = []
    for src in _source_list(record):
        publisher = str(src.get("publisher") or "")
        if len(publisher) > 40:  # a list of publishers: the first names it
            publisher = re.split(r"[;(]", publisher)[0].strip()[:40].rstrip(", ") + " et al."
        by = ", ".join(v for v in (publisher, str(src.get("date") or "")) if v)
        label = _line(by or str(src.get("title") or src.get("id") or "a source"))
        lines += [f"* {label}: {_link(str(src['url']))}"] if src.get("url") else _bullet(label)
    return ["Sources:", "", *lines, ""] if lines else []


def _answers(record: DecisionRecord, assumed_listed: bool = True) -> list[str]:
    rows = record.answer_rows()
    given = [a for a in rows if not a.assumed]
    assumed = [a for a in rows if a.assumed]
    if given:
        lines = ["Answers given:", ""]
        lines += [row for a in given for row in _bullet(
            f"{_line(a.prompt or a.question)} {_line(a.label or _value(a.value))}")]
        lines.append("")
    else:
        lines = ["No question was answered.", ""]
    if assumed and not assumed_listed:
        lines += [*_wrap(f"{len(assumed)} questions were left unanswered and took their "
                         "defaults (listed in the record)."), ""]
    elif assumed:
        lines += _wrap(f"Assumed, the defaults of {len(assumed)} questions left unanswered: "
                       + "; ".join(f"{_line(a.label or _value(a.value))} "
                                   f"(`{_fold(a.question)}`)" for a in assumed) + ".")
        lines.append("")
    return lines


def _headline(record: DecisionRecord) -> list[str]:
    sizing = record.sizing or {}
    if not sizing.get("model"):
        return []
    text = (f"Sized for {_line(str(sizing.get('model_name') or sizing['model']))} at "
            f"{_line(str(sizing.get('precision', '')))} on "
            f"{sizing.get('total_gpus', '?')} x {_line(str(sizing.get('gpu_name') or ''))}"
            f" ({_line(str(sizing.get('layout_text', '')))}), "
            f"{sizing.get('decode_tokens_per_s', '?')} tokens/s per stream.")
    return [*_wrap(text), ""]


LIMIT = 150
"""Lines of an export at most (issue 30), its closing marker included."""
MARKER_LINES = 3

SENSITIVITY_SHOWN = 3
"""Single changes that would flip the decision, shown in the export (the record has all)."""


def _more_information(record: DecisionRecord, names: Names, cut: int = 0) -> list[str]:
    """`cut` 1: the sources only counted, 2: the assumed answers too, 3: what would change
    the decision too (the record has all three)."""
    lines = ["## More Information", "", *_answers(record, assumed_listed=cut < 2)]
    if record.sensitivity and cut >= 3:
        lines += [*_wrap(f"{len(record.sensitivity)} single changes would change the decision "
                         "(listed in the record)."), ""]
    elif record.sensitivity:
        shown, more = record.sensitivity[:SENSITIVITY_SHOWN], len(record.sensitivity) - \
            SENSITIVITY_SHOWN
        lines += [*_wrap("What would change the decision: " + "; ".join(
            _line(text) for text in shown) + (f"; and {more} more in the record." if more > 0
                                               else ".")), ""]
    if record.assumptions:
        lines += _wrap("Assumptions overridden: " + ", ".join(
            f"{_line(k)} = {_value(v)}" for k, v in record.assumptions.items()) + ".")
        lines.append("")
    lines += _headline(record)
    if cut == 0:
        lines += _sources(record)
    elif _source_list(record):
        lines += [*_wrap(f"The figures cite {len(_source_list(record))} sources: each "
                         "publisher, date and address is in the record."), ""]
    extra = [f"Ticket: {_link(record.ticket)}"] if record.ticket else []
    extra += [f"Tags: {_line(', '.join(record.tags))}"] if record.tags else []
    extra += [f"Review by: {record.review_by.isoformat()}"] if record.review_by else []
    if extra:
        lines += [row for item in extra for row in _bullet(item)] + [""]
    if len(record.history) > 1:  # one entry: proposed on its date, as the heading says
        lines += _wrap("Status history: " + "; ".join(
            f"{change.date.isoformat()} {change.status}"
            + (f" (by {_line(change.by)})" if change.by else "")
            for change in record.history) + ".")
        lines.append("")
    links = record.links
    typed = [(label, n) for label, numbers in (
        ("Amends", links.amends), ("Amended by", links.amended_by),
        ("Clarifies", links.clarifies), ("Clarified by", links.clarified_by),
        ("Relates to", links.relates_to), ("Also superseded by", links.also_superseded_by))
        for n in numbers]
    if links.supersedes or links.superseded_by or typed:
        lines += ["Links:", ""]
        lines += [f"* Supersedes {_ref(n, names)}" for n in links.supersedes]
        if links.superseded_by:
            lines.append(f"* Superseded by {_ref(links.superseded_by, names)}")
        lines += [f"* {label} {_ref(n, names)}" for label, n in typed]
        lines.append("")
    pack = record.pack
    own = names.get(record.number)
    where = f"`{_fold(own[:-3])}.toml`" if own else f"record {record.number:04d}"
    lines += _wrap(f"Warnings and excluding reasons are cut to their first sentence here; the "
                   f"whole decision is {where} in the records folder (schema "
                   f"{record.schema_}); "
                   f"`archdecide records show {record.number} --full` recomputes everything it "
                   f"derives. Knowledge pack {_line(pack.id)} {_line(pack.version)}, sha256 "
                   f"`{pack.sha256}`; archdecide {_line(record.archdecide_version)}.")
    return [*lines, ""]


MARKER = re.compile(r"\n<!-- archdecide export\s*sha256:([0-9a-f]{64}) -->\n\Z")
"""The closing comment: `<!-- archdecide export` and the sha256 on the next line (within 80
columns), or on one line as earlier versions wrote it."""


def export_text(record: DecisionRecord, *, flavour: str = "default",
                names: Names | None = None) -> str:
    """to_madr, then a comment with the sha256 of what precedes it: a later export can tell
    its own untouched file from one edited by hand (which it overwrites only with --force)."""
    text = to_madr(record, flavour=flavour, names=names)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{text}\n<!-- archdecide export\nsha256:{digest} -->\n"


def untouched(existing: str) -> bool:
    """Whether `existing` is an export exactly as archdecide wrote it."""
    match = MARKER.search(existing)
    if match is None:
        return False
    body = existing[:match.start()]
    return hashlib.sha256(body.encode("utf-8")).hexdigest() == match.group(1)
