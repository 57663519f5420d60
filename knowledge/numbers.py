"""What counts as a number in archdecide's files and answers: a finite float, or an integer in
TOML's 64-bit range. Python reads `9` x 400 as an int that no float can hold (math.isfinite and
float() raise OverflowError on it), and TOML itself says integers beyond 64 bits must be an
error, so every reader applies this one test."""

from __future__ import annotations

import math
from typing import Any

INT64 = 2**63


def is_number(value: object) -> bool:
    """True for a finite float or an int in -2**63 .. 2**63-1; False for bool, NaN, inf, an
    integer beyond 64 bits and anything else."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -INT64 <= value < INT64
    return isinstance(value, float) and math.isfinite(value)


def first_huge_int(data: Any, where: str = "") -> str | None:
    """The dotted key of the first integer in `data` (parsed TOML or JSON) beyond 64 bits."""
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return where if isinstance(data, int) and not isinstance(data, bool) and \
            not -INT64 <= data < INT64 else None
    for key, value in items:
        name = f"{where}[{key}]" if isinstance(key, int) else \
            (f"{where}.{key}" if where else str(key))
        found = first_huge_int(value, name)
        if found is not None:
            return found
    return None
