"""Who decided and why: the [meta] of an answers file, the wizard's save form and its draft, and
the head of a record. No pydantic here: the wizard checks its draft with it before its first
frame."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TAG_PATTERN = r"^[a-z0-9][a-z0-9_.\-]{0,39}$"
"""A tag: lowercase letters, digits, `_ . -`, at most 40 characters."""
META_TEXTS = ("title", "context", "consequences", "ticket")
META_LISTS = ("decision_makers", "consulted", "informed")


def meta_problems(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, what was expected) for every field of a [meta] table that is wrong: texts must be
    strings, names a string or a list of strings, and no other key is known."""
    out: list[tuple[str, str]] = []
    for key, value in meta.items():
        if key in META_TEXTS:
            if not isinstance(value, str):
                out.append((key, "expected a string"))
        elif key in META_LISTS:
            if not (isinstance(value, str) or (isinstance(value, list)
                                               and all(isinstance(v, str) for v in value))):
                out.append((key, "expected a list of names"))
        else:
            out.append((key, "is not a known key; expected " + ", ".join(META_TEXTS + META_LISTS)))
    return out


@dataclass(frozen=True)
class Meta:
    """The people and the words of a decision, and how it is filed (tags, review date)."""

    title: str = ""
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()
    context: str = ""
    tags: tuple[str, ...] = ()
    review_by: dt.date | None = None
    consequences: str = ""
    """What the deciders expect to follow, in their words (MADR's Consequences)."""
    ticket: str = ""
    """A link to the ticket or issue the decision belongs to."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Meta:
        """From data that meta_problems accepts (a single name may be a string)."""
        def names(key: str) -> tuple[str, ...]:
            value = data.get(key) or ()
            return (value,) if isinstance(value, str) else tuple(str(v) for v in value)
        return cls(str(data.get("title") or ""), names("decision_makers"), names("consulted"),
                   names("informed"), str(data.get("context") or ""),
                   consequences=str(data.get("consequences") or ""),
                   ticket=str(data.get("ticket") or ""))

    def to_data(self) -> dict[str, Any]:
        return {"title": self.title, "decision_makers": list(self.decision_makers),
                "consulted": list(self.consulted), "informed": list(self.informed),
                "context": self.context, "consequences": self.consequences,
                "ticket": self.ticket}
