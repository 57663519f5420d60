"""The declarative condition language of a knowledge pack.

A condition is data, never code. In TOML it is an inline table:

    { question = "network_isolation", is = "air_gapped" }
    { question = "network_isolation", in = ["air_gapped", "private_only"] }
    { question = "compliance", contains = "hipaa" }
    { question = "monthly_tokens", gte = 1_000_000_000 }
    { question = "monthly_tokens", lte = 10_000_000 }
    { all = [ ... ] }   { any = [ ... ] }   { not = { ... } }

Each shape is its own pydantic model; a callable discriminator picks the model from the keys
present, so a malformed condition produces one error naming the shape that was expected.
Evaluation lives in decisions/conditions.py; this module only describes the shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

Scalar = str | bool | int | float


class _Cond(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              allow_inf_nan=False,
                              defer_build=True)


class Is(_Cond):
    """True when the answer equals the value."""

    question: str
    is_: Scalar = Field(alias="is")


class In(_Cond):
    """True when the answer is one of the values."""

    question: str
    in_: tuple[Scalar, ...] = Field(alias="in", min_length=1)


class Contains(_Cond):
    """True when a multiple-choice answer contains the option."""

    question: str
    contains: str


class Gte(_Cond):
    """True when a numeric answer is greater than or equal to the value."""

    question: str
    gte: float


class Lte(_Cond):
    """True when a numeric answer is less than or equal to the value."""

    question: str
    lte: float


class All(_Cond):
    """True when every sub-condition is true."""

    all: tuple[Condition, ...] = Field(min_length=1)


class Any_(_Cond):
    """True when at least one sub-condition is true."""

    any: tuple[Condition, ...] = Field(min_length=1)


class Not(_Cond):
    """True when the sub-condition is false."""

    not_: Condition = Field(alias="not")


_OPERATORS = ("is", "in", "contains", "gte", "lte")


def _shape(value: Any) -> str | None:
    """Pick the condition shape from the keys present (None: not a condition at all)."""
    if isinstance(value, BaseModel):
        return type(value).__name__.lower().rstrip("_")
    if not isinstance(value, dict):
        return None
    for key in ("all", "any", "not"):
        if key in value:
            return key
    for key in _OPERATORS:
        if key in value:
            return key
    return None


Condition = Annotated[
    Annotated[Is, Tag("is")]
    | Annotated[In, Tag("in")]
    | Annotated[Contains, Tag("contains")]
    | Annotated[Gte, Tag("gte")]
    | Annotated[Lte, Tag("lte")]
    | Annotated[All, Tag("all")]
    | Annotated[Any_, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _shape,
        custom_error_type="condition_shape",
        custom_error_message=(
            "expected a condition: {question, is|in|contains|gte|lte} or {all|any|not}"
        ),
    ),
]

# All, Any_ and Not refer to Condition before it exists: with defer_build their schemas are
# built (and the reference resolved from this module) on first use, not at import.

Comparison = Is | In | Contains | Gte | Lte


def walk(cond: Condition) -> Iterator[Condition]:
    """Every node of a condition tree, depth first (for reference checks and lint)."""
    yield cond
    if isinstance(cond, All):
        for sub in cond.all:
            yield from walk(sub)
    elif isinstance(cond, Any_):
        for sub in cond.any:
            yield from walk(sub)
    elif isinstance(cond, Not):
        yield from walk(cond.not_)


def questions_read(cond: Condition | None) -> set[str]:
    """The question ids a condition reads."""
    if cond is None:
        return set()
    return {node.question for node in walk(cond) if isinstance(node, Comparison)}


def describe(cond: Condition) -> str:
    """A condition as a short readable expression, e.g. `compliance contains hipaa`."""
    if isinstance(cond, Is):
        return f"{cond.question} = {_text(cond.is_)}"
    if isinstance(cond, In):
        return f"{cond.question} in [{', '.join(_text(v) for v in cond.in_)}]"
    if isinstance(cond, Contains):
        return f"{cond.question} contains {cond.contains}"
    if isinstance(cond, Gte):
        return f"{cond.question} >= {cond.gte:g}"
    if isinstance(cond, Lte):
        return f"{cond.question} <= {cond.lte:g}"
    if isinstance(cond, All):
        return " and ".join(_group(c) for c in cond.all)
    if isinstance(cond, Any_):
        return " or ".join(_group(c) for c in cond.any)
    return f"not {_group(cond.not_)}"


def _group(cond: Condition) -> str:
    text = describe(cond)
    return f"({text})" if isinstance(cond, All | Any_) else text


def _text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
