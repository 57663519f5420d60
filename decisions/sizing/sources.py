"""Where the sizing and cost figures come from: the pack's [[sources]] entries behind the model,
the GPU and every value used, for JSON, records and text."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import Source


def cited_sources(pack: KnowledgePack, ids: Iterable[str]) -> tuple[Source, ...]:
    """The pack's [[sources]] entries behind `ids`, once each, in the order first cited (ids
    that name no entry, such as a model described on the command line, are left out)."""
    return tuple(pack.sources[i] for i in dict.fromkeys(ids) if i in pack.sources)


def source_dict(source: Source) -> dict[str, str]:
    """A source for JSON and records: id, title, publisher, date, url, and its note if any."""
    out = {"id": source.id, "title": source.title, "publisher": source.publisher,
           "date": source.date, "url": source.url}
    return {**out, "note": source.note} if source.note else out


def credit(src: Mapping[str, object]) -> str:
    """`title (publisher, date)` of a source_dict, as read back from a record too (where any
    key may be missing or of another type)."""
    by = ", ".join(str(src[k]) for k in ("publisher", "date") if src.get(k))
    title = str(src.get("title") or src.get("id") or "")
    return f"{title} ({by})" if by else title


def source_lines(sources: Iterable[Mapping[str, str]], width: int = 80) -> list[str]:
    """Plain text: a "Sources:" heading and one wrapped item per source (source_dict's keys),
    or nothing when there are none."""
    lines: list[str] = []
    for src in sources:
        text = f"[{src['id']}] {credit(src)}" + (f" {src['url']}" if src["url"] else "")
        lines += textwrap.wrap(text, width, initial_indent="  - ", subsequent_indent="    ",
                               break_on_hyphens=False, break_long_words=False)
    return ["", "Sources:", *lines] if lines else []
