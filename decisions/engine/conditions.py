"""Evaluating the pack's declarative conditions against answers. Pure data in, bool out:
no condition is ever executed as code."""

from __future__ import annotations

from collections.abc import Mapping

from archdecide.knowledge.conditions import All, Any_, Condition, Contains, Gte, In, Is, Lte, Not
from archdecide.knowledge.schema import AnswerValue


def _number(value: AnswerValue | None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def holds(cond: Condition, values: Mapping[str, AnswerValue]) -> bool:
    """Whether `cond` is true. A question without a value (not on the path) makes every
    comparison on it false, so `not` of such a comparison is true."""
    if isinstance(cond, All):
        return all(holds(sub, values) for sub in cond.all)
    if isinstance(cond, Any_):
        return any(holds(sub, values) for sub in cond.any)
    if isinstance(cond, Not):
        return not holds(cond.not_, values)
    value = values.get(cond.question)
    if value is None:
        return False
    if isinstance(cond, Is):
        return _same(value, cond.is_)
    if isinstance(cond, In):
        return any(_same(value, v) for v in cond.in_)
    if isinstance(cond, Contains):
        return isinstance(value, tuple | list) and cond.contains in value
    number = _number(value)
    if number is None:
        return False
    if isinstance(cond, Gte):
        return number >= cond.gte
    assert isinstance(cond, Lte)
    return number <= cond.lte


def _same(value: AnswerValue, expected: object) -> bool:
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    return value == expected
