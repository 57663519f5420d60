"""The exit codes of every archdecide command: the one place they are defined."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    """An unexpected failure (a bug): one line, never a traceback."""
    BAD_INPUT = 2
    """Bad input: usage, an answers file, a record, a --set or --assume value."""
    BAD_PACK = 3
    """The knowledge pack is invalid (schema, references or the lint)."""
    DRIFT = 4
    """A re-checked decision no longer stands."""
