"""The condition language and answer parsing."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from archdecide.decisions.engine.answers import AnswerError, check_answers, coerce, parse_number
from archdecide.decisions.engine.conditions import holds
from archdecide.knowledge.conditions import Condition, describe, questions_read
from archdecide.knowledge.pack import KnowledgePack

COND: TypeAdapter[Condition] = TypeAdapter(Condition)


def c(data: dict) -> Condition:
    return COND.validate_python(data)


VALUES = {"site": "edge", "laws": ("gdpr", "hipaa"), "tokens": 2_000_000_000, "on": True}


@pytest.mark.parametrize(("data", "expected"), [
    ({"question": "site", "is": "edge"}, True),
    ({"question": "site", "is": "central"}, False),
    ({"question": "site", "in": ["central", "edge"]}, True),
    ({"question": "laws", "contains": "hipaa"}, True),
    ({"question": "laws", "contains": "itar"}, False),
    ({"question": "site", "contains": "edge"}, False),
    ({"question": "tokens", "gte": 2e9}, True),
    ({"question": "tokens", "gte": 2e9 + 1}, False),
    ({"question": "tokens", "lte": 1e9}, False),
    ({"question": "on", "is": True}, True),
    ({"question": "on", "is": 1}, False),  # booleans never equal numbers
    ({"question": "missing", "is": "x"}, False),
    ({"not": {"question": "missing", "is": "x"}}, True),
    ({"all": [{"question": "site", "is": "edge"}, {"question": "tokens", "gte": 1}]}, True),
    ({"all": [{"question": "site", "is": "edge"}, {"question": "tokens", "lte": 1}]}, False),
    ({"any": [{"question": "site", "is": "central"}, {"question": "on", "is": True}]}, True),
    ({"not": {"any": [{"question": "site", "is": "central"}]}}, True),
])
def test_holds(data: dict, expected: bool) -> None:
    assert holds(c(data), VALUES) is expected


def test_condition_shapes_are_rejected() -> None:
    for bad in ({"question": "x"}, {"question": "x", "equals": 1}, {"all": []}, "x",
                {"question": "x", "is": "a", "in": ["a"]}):
        with pytest.raises(ValidationError):
            COND.validate_python(bad)


def test_describe_and_reads() -> None:
    cond = c({"all": [{"question": "a", "in": ["x", "y"]},
                      {"not": {"any": [{"question": "b", "gte": 3}, {"question": "c",
                                                                     "contains": "z"}]}}]})
    assert describe(cond) == "a in [x, y] and not (b >= 3 or c contains z)"
    assert questions_read(cond) == {"a", "b", "c"}


@pytest.mark.parametrize(("text", "value"), [
    ("2e9", 2e9), ("2_000_000_000", 2e9), ("2,000,000,000", 2e9), ("2B", 2e9), ("2b", 2e9),
    ("1.5k", 1500), ("500M", 5e8), ("3T", 3e12), (" 7 ", 7), (".5", 0.5),
])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "two", "2x", "1e999", "--3", "nan", "inf"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(AnswerError):
        parse_number(text)


def test_coerce_by_kind(tiny: KnowledgePack) -> None:
    volume = tiny.questions["volume"]
    assert coerce(volume, "2B") == 2_000_000_000
    assert isinstance(coerce(volume, "2B"), int)
    assert coerce(volume, 5.0) == 5
    with pytest.raises(AnswerError, match="whole number"):
        coerce(volume, 2.5)
    with pytest.raises(AnswerError, match="at least 0"):
        coerce(volume, -1)
    with pytest.raises(AnswerError, match="public, internal, secret"):
        coerce(tiny.questions["sensitivity"], "Secret")


def test_check_answers_lists_every_problem(tiny: KnowledgePack) -> None:
    answers, problems = check_answers(tiny, {"sensitivity": "x", "volum": 3, "volume": "lots",
                                             "speed_need": "weeks"})
    assert answers == {"speed_need": "weeks"}
    assert [p.question for p in problems] == ["sensitivity", "volum", "volume"]
    assert "did you mean volume" in problems[1].message
