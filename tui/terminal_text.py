"""Text that came from a file or a person, made safe for a terminal.

Records come in through git from other branches, packs and answers files from anywhere: a
title may carry an escape sequence that writes the clipboard (OSC 52), renames the window,
clears the screen, or a bidi override that makes text read backwards. Before any such text
reaches a terminal (the CLI's text output, error messages, the wizard), C0 and C1 control
characters are shown visibly escaped (`\\x1b`, `\\x07`, `\\x7f`, `\\x9b`) and bidi controls as
`<U+202E>`. Newlines and tabs are kept in multi-line text and escaped in one-line fields.
JSON output keeps the exact text, with these characters as JSON `\\uXXXX` escapes. Files are
never changed: only the display escapes."""

from __future__ import annotations

import json
import re
from typing import Any

BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_UNSAFE = re.compile(f"[{_CONTROL}{BIDI}\u2028\u2029]")
_UNSAFE_LINE = re.compile(f"[\t\n{_CONTROL}{BIDI}\u2028\u2029]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI}\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def safe(text: object) -> str:
    """Multi-line text for a terminal: controls and bidi marks escaped, newlines and tabs kept."""
    return _UNSAFE.sub(_escaped, str(text))


def safe_line(text: object) -> str:
    """A one-line field (a title, a name) for a terminal: newlines and tabs escaped too."""
    return _UNSAFE_LINE.sub(_escaped, str(text))


def machine_text(text: str) -> str:
    """JSON or TOML output with the exact text: the characters a terminal would act on that the
    writer left raw (C1 controls, DEL, bidi marks) become `\\uXXXX` escapes, which both formats
    read back to the same string (they only occur inside quoted strings)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_text(data: Any, *, sort_keys: bool = False) -> str:
    """Strict JSON (no NaN or Infinity: ValueError) with the exact text (see machine_text)."""
    return machine_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False,
                                   sort_keys=sort_keys))


def clip(text: str, width: int) -> str:
    """`text` in at most `width` characters; a cut one ends in an ellipsis, never mid-air."""
    from archdecide.tui.glyphs import ellipsis

    mark = ellipsis()
    return text if len(text) <= width else text[:max(0, width - len(mark))].rstrip() + mark
