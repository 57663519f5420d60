"""Whether the terminal can show more than ASCII. The Linux console (TERM=linux) and the
vt100 family lack the block and box glyphs Textual draws with; there, and whenever
ARCHDECIDE_ASCII=1, the wizard draws with ASCII only (borders, boxes, the header icon).
No Textual here: read before the first frame."""

from __future__ import annotations

import os

ASCII_TERMS = ("linux", "vt52")
"""With every vt1xx and vt2xx: terminals whose fonts lack block and box glyphs."""
ASCII_ENV = "ARCHDECIDE_ASCII"


def ascii_only() -> bool:
    forced = os.environ.get(ASCII_ENV, "").strip().lower()
    if forced in ("1", "true", "yes", "on"):
        return True
    if forced in ("0", "false", "no", "off"):
        return False
    term = os.environ.get("TERM", "").lower()
    return term in ASCII_TERMS or term.startswith(("vt1", "vt2"))


def dot() -> str:
    """The separator between items on one line."""
    return " - " if ascii_only() else " · "


def ellipsis() -> str:
    return "..." if ascii_only() else "…"
