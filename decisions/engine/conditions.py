"""Evaluating the pack's declarative conditions against answers. Pure data in, bool out:
no condition is ever executed as code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from archdecide.knowledge.conditions import All, Any_, Condition, Contains, Gte, In, Is, Lte, Not
from archdecide.knowledge.schema import AnswerValue


def _number(value: AnswerValue | None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def holds(cond: Condition, values: Mapping[str, AnswerValue]) -> bool:
    """Whether `cond` is true. A question without a value (not on the path) makes every
    comparison on it false, so `not` of such a comparison is true. One function per shape,
    picked by the condition's exact class (the shapes are final): the sensitivity analysis
    asks ~5,000 of these."""
    return _HOLDS[type(cond)](cond, values)


def _all(cond: All, values: Mapping[str, AnswerValue]) -> bool:
    return all(holds(sub, values) for sub in cond.all)


def _any(cond: Any_, values: Mapping[str, AnswerValue]) -> bool:
    return any(holds(sub, values) for sub in cond.any)


def _not(cond: Not, values: Mapping[str, AnswerValue]) -> bool:
    return not holds(cond.not_, values)


def _is(cond: Is, values: Mapping[str, AnswerValue]) -> bool:
    value = values.get(cond.question)
    return value is not None and _same(value, cond.is_)


def _in(cond: In, values: Mapping[str, AnswerValue]) -> bool:
    value = values.get(cond.question)
    return value is not None and any(_same(value, v) for v in cond.in_)


def _contains(cond: Contains, values: Mapping[str, AnswerValue]) -> bool:
    value = values.get(cond.question)
    return isinstance(value, tuple | list) and cond.contains in value


def _gte(cond: Gte, values: Mapping[str, AnswerValue]) -> bool:
    number = _number(values.get(cond.question))
    return number is not None and number >= cond.gte


def _lte(cond: Lte, values: Mapping[str, AnswerValue]) -> bool:
    number = _number(values.get(cond.question))
    return number is not None and number <= cond.lte


_HOLDS: dict[type, Callable[[Any, Mapping[str, AnswerValue]], bool]] = {
    All: _all, Any_: _any, Not: _not, Is: _is, In: _in, Contains: _contains, Gte: _gte,
    Lte: _lte}


def _same(value: AnswerValue, expected: object) -> bool:
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    return value == expected
