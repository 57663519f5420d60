"""Small pieces of wording shared by every human output (the text report, records, the MADR
export, the wizard): a question named in words, the first sentence of a long text, a
monthly cost. No pack, no UI."""

from __future__ import annotations

import re

_SENTENCE_END = r"(?<!\bArt)(?<!\be\.g)(?<!\bi\.e)"
"""Not the full stop of "Art. 28", "e.g." or "i.e."."""


def question_words(question_id: str) -> str:
    """A question id as words: `data_sensitivity` -> `data sensitivity`."""
    return question_id.replace("_", " ")


def first_sentence(text: str, clause: bool = False) -> str:
    """Up to the first full stop that ends a sentence (not one in "Art. 28" or "e.g."), or
    with `clause` the first semicolon too (then a full stop ends it)."""
    ends = "[.;!?]" if clause else "[.!?]"
    match = re.search(rf"{_SENTENCE_END}{ends}(?=\s+\S)", text)
    if not match:
        return text
    return text[:match.start()] + "." if match.group() == ";" else text[:match.end()]


def per_month(usd: float) -> str:
    """`$5,982 a month`."""
    return f"${usd:,.0f} a month"
