"""Turning pydantic error locations into readable key paths of a TOML file.

A location such as ('questions', 3, 'options', 0, 'help') becomes
`questions.data_sensitivity.options.public.help`: list items are named by their `id` where they
have one, so the path can be found with a text search in the file.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from archdecide.knowledge.conditions import _shape
from archdecide.knowledge.errors import Problem
from archdecide.knowledge.schema import PackFile

_TAGS = {"is", "in", "contains", "gte", "lte", "all", "any", "not"}


def render_loc(raw: Any, loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    cur: Any = raw
    for i, element in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(cur, list) and isinstance(element, int) and 0 <= element < len(cur):
            item = cur[element]
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f".{ident}" if isinstance(ident, str) and ident else f"[{element}]")
            cur = item
        elif isinstance(cur, dict) and isinstance(element, str):
            if element in _TAGS and _shape(cur) == element and not last:
                continue  # a discriminated-union tag, not a key of the file
            if element in cur or last:
                parts.append(f".{element}")
                cur = cur.get(element)
            # otherwise: a union member's name inserted by pydantic; not a key of the file
        elif isinstance(element, int):
            parts.append(f"[{element}]")
            cur = None
        elif last:
            parts.append(f".{element}")
    return "".join(parts).lstrip(".")


_PATTERNS = {
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "expected a date as YYYY, YYYY-MM or YYYY-MM-DD",
    r"^[a-z0-9][a-z0-9_.\-]*$": "expected an id: lowercase letters, digits, '_', '.', '-'",
}


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        if len(error["loc"]) == 1:
            return ("is not a known section; expected one of "
                    + ", ".join(PackFile.model_fields))
        return "is not a known key here (a typo?)"
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if pattern in _PATTERNS:
            return f"{_PATTERNS[pattern]} (got {error.get('input')!r})"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    value = error.get("input")
    if not isinstance(value, dict | list) and kind not in ("condition_shape",):
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        msg = f"{msg[0].lower()}{msg[1:]} (got {shown})"
    else:
        msg = f"{msg[0].lower()}{msg[1:]}"
    return msg


def problems_from_validation(file: str, raw: Any, exc: ValidationError) -> list[Problem]:
    """One problem per distinct key path (union members would otherwise repeat themselves)."""
    seen: dict[str, Problem] = {}
    for error in exc.errors(include_url=False):
        key = render_loc(raw, tuple(error["loc"]))
        if key not in seen:
            seen[key] = Problem(file, key or "(top level)", _message(dict(error)))
    return list(seen.values())
