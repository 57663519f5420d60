"""Reading and checking answers: from an answers file, from TOML values, from `--set ID=VALUE`
strings and from what a person types ("2e9", "2_000_000_000", "2B"). Every problem names the
file or the question, the key and what was expected.

The answers file of `archdecide decide --answers FILE.toml`:

    [meta]          title, decision_makers, consulted, informed, context   (all optional)
    [answers]       question id -> value (string, list of strings, integer, number, boolean)
    [assumptions]   sizing/TCO constant id -> number (overrides the pack's catalog value)
    [volume]        users, requests_per_day, tokens_per_request: the volume calculator; it sets
                    the answers `users` and `monthly_tokens` (users x requests a day x tokens a
                    request x 365/12 days), and may not be given with `monthly_tokens`

Its problems name the file and the key, one per line, and map to exit code 2.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archdecide.decisions.meta import Meta, meta_problems
from archdecide.knowledge.errors import Problem
from archdecide.knowledge.numbers import is_number
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.reading import ANSWERS_LIMIT, NotToml, Refused, parse_toml, read_bounded
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


_AMBIGUOUS_COMMA = re.compile(r"\d,(?!\d{3}(?:\D|$))")
"""A comma not followed by exactly three digits: a decimal comma ('1,5B', '12,34')."""
_CALCULATOR = re.compile(r"^\s*([^x*×]+?)\s*[x*×]\s*([^x*×]+?)\s*[x*×]\s*([^x*×]+?)\s*$", re.I)


def parse_number(text: str) -> float:
    """'2e9', '2_000_000_000', '2,000,000', '2B', '1.5k' -> float; AnswerError otherwise.
    A decimal comma ('1,5B', '12,34') is refused as ambiguous."""
    if _AMBIGUOUS_COMMA.search(text):
        raise AnswerError(f"{text!r} is ambiguous: a comma is read as a thousands separator "
                          "only before groups of three digits; write a decimal point (1.5B) "
                          "or underscores (1_500_000_000)")
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
            calculator = _CALCULATOR.match(text) if question.sizing_input == "monthly_tokens" \
                else None
            if calculator:
                users, per_day, tokens = (parse_number(part) for part in calculator.groups())
                value = monthly_tokens(users, per_day, tokens)
            else:
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


# --------------------------------------------------------------------------- the file


SECTIONS = ("meta", "answers", "assumptions", "volume")
VOLUME_KEYS = ("users", "requests_per_day", "tokens_per_request")
DAYS_PER_MONTH = 365 / 12


def monthly_tokens(users: float, requests_per_day: float, tokens_per_request: float) -> int:
    """The volume calculator: users x requests per day x tokens per request x days a month."""
    return round(users * requests_per_day * tokens_per_request * DAYS_PER_MONTH)


def volume_answers(shown: str, volume: Mapping[str, Any], answers: Mapping[str, Any]
                   ) -> tuple[dict[str, Any], list[Problem]]:
    """The answers a [volume] table sets, and its problems (each naming the key)."""
    if not volume:
        return {}, []
    problems = [Problem(shown, f"volume.{key}", "is not a volume input; expected "
                        + ", ".join(VOLUME_KEYS)) for key in volume if key not in VOLUME_KEYS]
    values: dict[str, float] = {}
    for key in VOLUME_KEYS:
        value = volume.get(key)
        if value is None:
            problems.append(Problem(shown, f"volume.{key}", "is missing; expected a positive "
                                    "number"))
        elif not is_number(value) or value <= 0:
            problems.append(Problem(shown, f"volume.{key}", f"expected a positive number "
                                    f"(got {value!r})"))
        else:
            values[key] = float(value)
    if "monthly_tokens" in answers:
        problems.append(Problem(shown, "volume", "gives the volume a second way; expected "
                                "either [volume] or answers.monthly_tokens"))
    if problems:
        return {}, problems
    return {"users": round(values["users"]),
            "monthly_tokens": monthly_tokens(values["users"], values["requests_per_day"],
                                             values["tokens_per_request"])}, []


class AnswersFileError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass(frozen=True)
class AnswersFile:
    answers: dict[str, Any] = field(default_factory=dict)
    meta: Meta = field(default_factory=Meta)
    assumptions: dict[str, float] = field(default_factory=dict)
    pack_id: str | None = None
    """The pack a replayed record was made with (None for an answers file)."""
    record: int | None = None
    """The number of the replayed record (None for an answers file)."""


def read_toml_file(path: Path) -> dict[str, Any]:
    """The parsed TOML of an answers file; AnswersFileError (one sentence) if it is none."""
    shown = str(path)
    try:
        return parse_toml(read_bounded(path, ANSWERS_LIMIT, "a TOML answers file"))
    except FileNotFoundError:
        raise AnswersFileError([Problem(shown, "", "no such file; expected a TOML answers "
                                        "file or record")]) from None
    except IsADirectoryError:
        raise AnswersFileError([Problem(shown, "", "is a folder; expected a TOML answers "
                                        "file")]) from None
    except Refused as exc:
        raise AnswersFileError([Problem(shown, "", str(exc))]) from None
    except OSError as exc:
        raise AnswersFileError([Problem(shown, "", f"cannot be read ({exc.strerror})")]
                               ) from None
    except NotToml as exc:
        raise AnswersFileError([Problem(shown, "", str(exc))]) from None


def answers_from_data(data: Mapping[str, Any], shown: str) -> AnswersFile:
    """An answers file's parsed TOML, checked; AnswersFileError with every problem."""
    problems: list[Problem] = []
    for key in data:
        if key not in SECTIONS:
            problems.append(Problem(shown, key, "is not a known section; expected [meta], "
                                    "[answers], [assumptions] or [volume]"))
    sections: dict[str, dict[str, Any]] = {}
    for name in SECTIONS:
        value = data.get(name, {})
        if not isinstance(value, dict):
            problems.append(Problem(shown, name, "expected a table"))
            value = {}
        sections[name] = value
    meta = sections["meta"]
    problems += [Problem(shown, f"meta.{key}", why) for key, why in meta_problems(meta)]
    assumptions: dict[str, float] = {}
    for key, value in sections["assumptions"].items():
        if not is_number(value):
            problems.append(Problem(shown, f"assumptions.{key}", f"expected a finite number "
                                    f"(got {value!r})"))
        else:
            assumptions[key] = float(value)
    derived, volume_problems = volume_answers(shown, sections["volume"], sections["answers"])
    problems += volume_problems
    if "users" in derived and "users" in sections["answers"]:
        problems.append(Problem(shown, "volume.users", "is also given as answers.users; "
                                "expected one of them"))
    if problems:
        raise AnswersFileError(problems)
    return AnswersFile({**sections["answers"], **derived}, Meta.from_data(meta), assumptions)


def parse_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """`ID=VALUE` strings -> dict; ValueError naming the option and the bad pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{option} {pair!r}: expected ID=VALUE")
        out[key.strip()] = value.strip()
    return out


def answer_label(question: Question, value: AnswerValue) -> str:
    """An answer in the pack's words: the chosen options' labels, or the number with its
    unit."""
    chosen = value if isinstance(value, tuple) else (value,)
    labels = [opt.label for opt in question.options if opt.id in chosen]
    return ", ".join(labels) or number_label(value, question.unit)


def number_label(value: AnswerValue, unit: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        shown = f"{value:,g}" if isinstance(value, float) else f"{value:,}"
        return f"{shown} {unit}".strip()
    return format_value(value)
