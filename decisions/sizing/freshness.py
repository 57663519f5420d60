"""How old the prices are: `validate` warns about a price more than 12 months old, and a record
stores the oldest date among the figures its cost used.

A date is YYYY, YYYY-MM or YYYY-MM-DD (how precisely it is known). Its age is counted from the
earliest day it can mean ("2025" is 2025-01-01), so a vague date is never taken as fresher than
it may be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

STALE_MONTHS = 12
PRICE_SECTIONS = ("gpu_prices", "cloud_gpu_prices", "api_prices", "seat_prices")


def earliest_day(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def age_months(text: str, today: dt.date) -> int:
    """Whole months from the date's earliest day to today (0 when in the future)."""
    day = earliest_day(text)
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    return max(0, months)


def oldest(dates: Iterable[str]) -> str | None:
    """The date that may be oldest, as written; None when there is none."""
    known = [d for d in dates if d]
    return min(known, key=lambda d: (earliest_day(d), d)) if known else None
