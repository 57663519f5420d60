"""Free text in Markdown that stays text: no heading, list, quote, table, HTML, link, image or
code can come out of a title, a context or a name, whatever it holds.

Every character that can start Markdown structure is backslash-escaped (CommonMark lets any
ASCII punctuation be escaped, and an escaped `<` or `&` is never HTML or an entity; `-`, `+`,
`=` and `1.` only where a line starts, `!` and `(` need no escape once `[` has one); control
characters and bidi controls (which can make a line read backwards) become spaces, and a
line's leading spaces are dropped (four would make a code block). `://`, `www.` and `@` are
escaped too, so that GitHub's autolinks find no URL or address. `<beta> *pilot*` is written
`\\<beta\\> \\*pilot\\*` and reads literally when rendered."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&@$])")
_LEADING = re.compile(r"^([-+=])", re.MULTILINE)
"""A list marker, or a setext underline, only where a line starts."""
_AUTOLINK = re.compile(r"(?i)(://|www\.)")
_ORDERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"  # and the bidi controls,
                      "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # a Trojan Source
_BLANKS = re.compile(r"\n\s*\n")


def _escape(text: str) -> str:
    escaped = _LEADING.sub(r"\\\1", _ORDERED.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", text)))
    return _AUTOLINK.sub(lambda m: "\\://" if m.group() == "://" else m.group()[:3] + "\\.",
                         escaped)


def md_inline(text: str) -> str:
    """One line of Markdown: newlines and controls folded to spaces, then escaped."""
    line = " ".join(_CONTROL.sub(" ", text.replace("\t", " ")).split())
    return _escape(line.replace("\n", " "))


def md_block(text: str) -> str:
    """Paragraphs of Markdown: blank lines between paragraphs kept, each paragraph one line."""
    paragraphs = [md_inline(p) for p in _BLANKS.split(text.replace("\r\n", "\n"))]
    return "\n\n".join(p for p in paragraphs if p)


def has_controls(text: str) -> bool:
    """Whether `text` holds a character md_inline would fold: a control or a bidi control."""
    return _CONTROL.search(text) is not None
