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
from collections.abc import Mapping
from typing import Any

from archdecide.decisions.records.markdown_text import has_controls, md_block, md_inline
from archdecide.decisions.records.model import DecisionRecord
from archdecide.decisions.sizing.sources import credit

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


def _table(data: dict[str, Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_table(value, f"{name}."))
        elif isinstance(value, list | tuple) and value and all(
                isinstance(item, dict) for item in value):
            out.extend(f"  * {_line(name)} {i}: {_line(_value(item))}"
                       for i, item in enumerate(value, 1))
        else:
            out.append(f"  * {_line(name)}: {_line(_value(value))}")
    return out


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


def to_madr(record: DecisionRecord, *, front_matter: bool = False,
            names: Names | None = None, flavour: str = "default") -> str:
    """The record as MADR 4.0 Markdown in one of FLAVOURS (`front_matter=True` is madr4).
    `names`: the Markdown file names of the other records, so that supersede links are links
    to their files."""
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
    lines += ["## Context and Problem Statement", "", _para(record.context) or "(none given)",
              ""]
    if record.drivers:
        lines += ["## Decision Drivers", ""]
        lines += [f"* {_line(d.name)} (weight {d.weight:g})"
                  + (f": {_line(d.description)}" if d.description else "")
                  for d in record.drivers]
        lines.append("")
    lines += ["## Considered Options", ""]
    lines += [f"* {_line(option.name)}" for option in record.considered]
    lines += ["", "## Decision Outcome", ""]
    if record.chosen is not None:
        lines += [f'Chosen option: "{_line(record.chosen.name)}", because '
                  f"{_para(record.chosen.rationale)}.", ""]
    else:
        lines += ["No option chosen: every considered option is excluded by the answers.", ""]
    consequences = record.consequences
    if consequences.good or consequences.bad or consequences.neutral or consequences.notes:
        lines += ["### Consequences", ""]
        if consequences.notes:
            lines += [_para(consequences.notes), ""]
        lines += [f"* Good, because {_line(t)}" for t in consequences.good]
        lines += [f"* Bad, because {_line(t)}" for t in consequences.bad]
        lines += [f"* Neutral, because {_line(t)}" for t in consequences.neutral]
        lines.append("")
    lines += ["### Confirmation", "",
              f"Re-checked against the current knowledge pack in CI: `archdecide records recheck "
              f"{record.number}` exits 0 while the decision stands, 4 once the recommendation "
              "has changed, and lists what changed.", ""]
    if record.warnings:
        lines += ["### Warnings", ""]
        lines += [f"* {_line(w.message)}" + (f" ({_line(w.source)})" if w.source else "")
                  for w in record.warnings]
        lines.append("")
    lines += ["## Pros and Cons of the Options", ""]
    for option in record.considered:
        note = ", excluded" if option.excluded else ""
        lines += [f"### {_line(option.name)}", "", f"Score {option.score:g} of 100{note}.", ""]
        if option.summary:
            lines += [_para(option.summary), ""]
        lines += [f"* Good, because {_line(t)}" for t in option.pros]
        lines += [f"* Bad, because {_line(t)}" for t in option.cons]
        lines += [f"* Excluded, because {_line(t)}" for t in option.reasons]
        if not option.excluded:
            lines += [f"* Not chosen, because it {_line(t)}" for t in option.why_not]
        lines.append("")
    lines += _more_information(record, names)
    return "\n".join(lines).rstrip("\n") + "\n"


def _link(text: str) -> str:
    """An http(s) address as a Markdown autolink; anything else as escaped text."""
    plain = re.fullmatch(r"https?://[^\s<>\\`]+", text) and not has_controls(text)
    return f"<{text}>" if plain else _line(text)


def _sources(sources: object) -> list[str]:
    """The sources the sizing cites (source_dict's keys), each with its address as a link."""
    lines = [f"* {_line(credit(src))}" + (f": {_link(str(src['url']))}" if src.get("url") else "")
             for src in (sources if isinstance(sources, list) else []) if isinstance(src, dict)]
    return ["Sources:", "", *lines, ""] if lines else []


def _more_information(record: DecisionRecord, names: Names) -> list[str]:
    lines = ["## More Information", ""]
    if record.answers:
        lines += ["Answers:", ""]
        for answer in record.answers:
            shown = answer.label or _value(answer.value)
            assumed = " (assumed: the default)" if answer.assumed else ""
            lines.append(f"* {_line(answer.prompt or answer.question)} "
                         f"`{_fold(answer.question)}`: {_line(shown)}{assumed}")
        lines.append("")
    if record.sensitivity:
        lines += ["Sensitivity:", ""]
        lines += [f"* {_line(t)}" for t in record.sensitivity]
        lines.append("")
    sizing = {k: v for k, v in (record.sizing or {}).items() if k != "sources"}
    for name, table in (("Assumptions given", record.assumptions), ("Sizing", sizing),
                        ("TCO", record.tco)):
        if table:
            lines += [f"{name}:", "", *[t.lstrip() for t in _table(dict(table))], ""]
    lines += _sources((record.sizing or {}).get("sources"))
    if record.tags or record.review_by or record.ticket:
        lines += [f"* Ticket: {_link(record.ticket)}"] if record.ticket else []
        lines += [f"* Tags: {_line(', '.join(record.tags))}"] if record.tags else []
        lines += [f"* Review by: {record.review_by.isoformat()}"] if record.review_by else []
        lines.append("")
    if record.history:
        lines += ["Status history:", ""]
        lines += [f"* {change.date.isoformat()}: {change.status}"
                  + (f" (by {_line(change.by)})" if change.by else "")
                  for change in record.history]
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
    lines += [f"Knowledge pack {_line(pack.id)} {_line(pack.version)}, sha256 `{pack.sha256}`; "
              f"archdecide {_line(record.archdecide_version)}; record "
              f"{record.number:04d} (schema {record.schema_}).", ""]
    return lines


MARKER = re.compile(r"\n<!-- archdecide export sha256:([0-9a-f]{64}) -->\n\Z")


def export_text(record: DecisionRecord, *, flavour: str = "default",
                names: Names | None = None) -> str:
    """to_madr, then a comment with the sha256 of what precedes it: a later export can tell
    its own untouched file from one edited by hand (which it overwrites only with --force)."""
    text = to_madr(record, flavour=flavour, names=names)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{text}\n<!-- archdecide export sha256:{digest} -->\n"


def untouched(existing: str) -> bool:
    """Whether `existing` is an export exactly as archdecide wrote it."""
    match = MARKER.search(existing)
    if match is None:
        return False
    body = existing[:match.start()]
    return hashlib.sha256(body.encode("utf-8")).hexdigest() == match.group(1)
