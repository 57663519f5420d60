"""What ADR users ask their tools for most: a table of contents with a status column (for a
README) and a graph of the links between decisions (supersede, amend, clarify, relate), over
the whole folder: archdecide's records and the Markdown ADRs other tools wrote.

Both read the listing (decisions.records.listing: each record's summary, each Markdown ADR's
head) and nothing else; text from the files is escaped for the format it goes into."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from archdecide.decisions.records.listing import RecordHead
from archdecide.decisions.records.madr import madr_file_name
from archdecide.decisions.records.markdown_text import md_inline

EDGES = (("supersedes", "supersedes"), ("amends", "amends"), ("clarifies", "clarifies"),
         ("relates_to", "relates to"))
"""The links drawn, each once, from the record that holds it (`relates_to` is symmetric: the
lower number draws it)."""


def _target(head: RecordHead, exported: frozenset[str]) -> str:
    """The file a reader opens: a record's Markdown export when there is one, else the
    record itself; a Markdown ADR is its own file."""
    if head.format == "toml":
        export = madr_file_name(head.path.name)
        return export if export in exported else head.path.name
    return head.path.name


def toc(heads: Iterable[RecordHead], exported: Iterable[str] = ()) -> str:
    """A Markdown table: number (a link to the file), title, status, date; one row per
    record, in number order."""
    names = frozenset(exported)
    lines = ["| ADR | Title | Status | Date |", "| --- | --- | --- | --- |"]
    for head in sorted(heads, key=lambda h: (h.number, h.path.name)):
        file = _target(head, names)
        link = f"[{head.number:04d}](<{file}>)"
        date = head.date.isoformat() if head.date else ""
        lines.append(f"| {link} | {md_inline(head.title)} | {md_inline(head.status)} | {date} |")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    kind: str


def edges(heads: Iterable[RecordHead]) -> list[Edge]:
    """Every link between two records of the folder, once, from the one that holds it."""
    listed = list(heads)
    present = {h.number for h in listed}
    out: set[Edge] = set()
    for head in listed:
        links: Mapping[str, object] = head.links()
        for key, kind in EDGES:
            for other in links.get(key, ()) or ():  # type: ignore[attr-defined]
                if other not in present or other == head.number:
                    continue
                if key == "relates_to":
                    low, high = sorted((head.number, other))
                    out.add(Edge(low, high, kind))
                else:
                    out.add(Edge(head.number, other, kind))
        if head.superseded_by is not None and head.superseded_by in present:
            out.add(Edge(head.superseded_by, head.number, "supersedes"))
    return sorted(out, key=lambda e: (e.source, e.target, e.kind))


def _label(head: RecordHead) -> str:
    """One line of plain text: no control or separator character survives."""
    text = f"{head.number:04d} {' '.join(head.title.split())} ({head.status})"
    return "".join(ch if ch.isprintable() else " " for ch in text)


def mermaid(heads: Iterable[RecordHead]) -> str:
    """A Mermaid flowchart: one node per record, one arrow per link (newer -> older)."""
    listed = sorted(heads, key=lambda h: (h.number, h.path.name))
    lines = ["flowchart LR"]
    for head in listed:
        text = _label(head).replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
        lines.append(f'    adr{head.number}["{text}"]')
    lines += [f"    adr{e.source} -->|{e.kind}| adr{e.target}" for e in edges(listed)]
    return "\n".join(lines) + "\n"


def dot(heads: Iterable[RecordHead]) -> str:
    """The same graph in Graphviz DOT."""
    listed = sorted(heads, key=lambda h: (h.number, h.path.name))
    lines = ["digraph decisions {", "    rankdir=LR;", "    node [shape=box];"]
    lines += [f"    adr{h.number} [label={json.dumps(_label(h), ensure_ascii=False)}];"
              for h in listed]
    lines += [f'    adr{e.source} -> adr{e.target} [label="{e.kind}"];' for e in edges(listed)]
    return "\n".join([*lines, "}"]) + "\n"
