"""Reading and checking answers: from TOML values, from `--set ID=VALUE` strings and from what
a person types ("2e9", "2_000_000_000", "2B"). Every problem names the question and what was
expected."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.references import check_value
from archdecide.knowledge.schema import AnswerValue, Question

_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
_NUMBER = re.compile(r"^\s*([+-]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([kmbgt]?)\s*$",
                     re.IGNORECASE)
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class AnswerError(ValueError):
    """An answer that does not fit its question. The message is one sentence."""


@dataclass(frozen=True)
class AnswerProblem:
    question: str
    message: str

    def __str__(self) -> str:
        return f"{self.question}: {self.message}"


def parse_number(text: str) -> float:
    """'2e9', '2_000_000_000', '2,000,000', '2B', '1.5k' -> float; AnswerError otherwise."""
    match = _NUMBER.match(text)
    if not match:
        raise AnswerError(f"expected a number such as 2000000, 2e9, 2_000_000_000 or 2B "
                          f"(got {text!r})")
    mantissa, suffix = match.groups()
    value = float(mantissa.replace("_", "").replace(",", "")) * _SUFFIX.get(suffix.lower(), 1)
    if not math.isfinite(value):
        raise AnswerError(f"expected a finite number (got {text!r})")
    return value


def coerce(question: Question, raw: object) -> AnswerValue:
    """Turn a raw value (TOML value or typed text) into a valid answer, or raise AnswerError."""
    value: object = raw
    if isinstance(raw, str):
        text = raw.strip()
        if question.kind == "multiple":
            value = tuple(part.strip() for part in text.split(",") if part.strip())
        elif question.kind == "boolean":
            if text.lower() not in _TRUE | _FALSE:
                raise AnswerError(f"expected true or false (got {raw!r})")
            value = text.lower() in _TRUE
        elif question.kind in ("integer", "number"):
            value = parse_number(text)
    if isinstance(value, list):
        value = tuple(value)
    if question.kind == "integer" and isinstance(value, float) and value.is_integer():
        value = int(value)
    if question.kind == "number" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    problem = check_value(question, list(value) if isinstance(value, tuple) else value)
    if problem:
        raise AnswerError(problem)
    if isinstance(value, tuple):  # a canonical order: the options' order in the pack
        order = [o.id for o in question.options]
        value = tuple(sorted(value, key=order.index))
    assert isinstance(value, str | bool | int | float | tuple)
    return value


def check_answers(
    pack: KnowledgePack, raw: Mapping[str, object]
) -> tuple[dict[str, AnswerValue], list[AnswerProblem]]:
    """Validate a whole answer set; returns the coerced answers and EVERY problem found."""
    answers: dict[str, AnswerValue] = {}
    problems: list[AnswerProblem] = []
    for qid, value in raw.items():
        question = pack.questions.get(qid)
        if question is None:
            from difflib import get_close_matches

            close = get_close_matches(qid, list(pack.questions), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problems.append(AnswerProblem(qid, f"is not a question of pack {pack.id}{hint}"))
            continue
        try:
            answers[qid] = coerce(question, value)
        except AnswerError as exc:
            problems.append(AnswerProblem(qid, str(exc)))
    return answers, problems


def format_value(value: AnswerValue) -> str:
    """An answer as a person would type it back."""
    if isinstance(value, tuple):
        return ",".join(value) if value else "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
