"""Which glossary terms a help text uses, so that every one links to its entry: the term's
name, the name before a parenthesis ("VRAM" of "VRAM (GPU memory)") and the words in it
("grouped-query attention" of "GQA (grouped-query attention)"), as whole words, a plural `s`
allowed; acronyms match in capitals only."""

from __future__ import annotations

import re
from functools import cache

from archdecide.knowledge.pack import KnowledgePack


def _names(term: str) -> list[str]:
    head, _, rest = term.partition(" (")
    names = [term, head.strip()]
    if rest.endswith(")"):
        names.append(rest[:-1].strip())
    return [n for n in dict.fromkeys(names) if len(n) >= 2]


@cache
def _pattern(name: str) -> re.Pattern[str]:
    flags = 0 if name.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(name)}s?(?![\w-])", flags)


def terms_in(pack: KnowledgePack, *texts: str) -> tuple[str, ...]:
    """The ids of the glossary terms the texts use, in the order they first appear."""
    text = "\n".join(texts)
    lowered = text.lower()  # a substring test first: most terms are absent from most texts
    found: list[tuple[int, str]] = []
    for tid, term in pack.glossary.items():
        hits = [m.start() for name in _names(term.term) if name.lower() in lowered
                for m in [_pattern(name).search(text)] if m is not None]
        if hits:
            found.append((min(hits), tid))
    return tuple(tid for _, tid in sorted(found))


def question_terms(pack: KnowledgePack, question_id: str) -> tuple[str, ...]:
    """A question's glossary links: the terms it names, then those its help texts use."""
    q = pack.questions[question_id]
    used = terms_in(pack, q.why, *(o.help for o in q.options))
    return tuple(t for t in dict.fromkeys((*q.glossary, *used)) if t in pack.glossary)
