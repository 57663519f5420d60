"""Rounding for output, in one place (JSON and text show the same figures)."""

from __future__ import annotations

import math


def r(value: float) -> float:
    """4 significant digits below 1000, else 2 decimals."""
    if value == 0 or not math.isfinite(value):
        return float(value)
    if abs(value) >= 1000:
        return round(value, 2)
    return float(f"{value:.4g}")
