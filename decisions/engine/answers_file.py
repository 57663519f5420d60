"""The answers file of `archdecide decide --answers FILE.toml`:

    [meta]          title, decision_makers, consulted, informed, context   (all optional)
    [answers]       question id -> value (string, list of strings, integer, number, boolean)
    [assumptions]   sizing/TCO constant id -> number (overrides the pack's catalog value)

Problems name the file and the key, one per line, and map to exit code 2.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archdecide.knowledge.errors import Problem

META_LISTS = ("decision_makers", "consulted", "informed")
META_TEXTS = ("title", "context")
SECTIONS = ("meta", "answers", "assumptions")


class AnswersFileError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass(frozen=True)
class AnswersFile:
    answers: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    assumptions: dict[str, float] = field(default_factory=dict)


def read_answers_file(path: Path) -> AnswersFile:
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswersFileError([Problem(shown, "", "no such file; expected a TOML answers "
                                        "file")]) from None
    except IsADirectoryError:
        raise AnswersFileError([Problem(shown, "", "is a folder; expected a TOML answers "
                                        "file")]) from None
    except UnicodeDecodeError as exc:
        raise AnswersFileError([Problem(shown, "", f"is not valid UTF-8 (byte {exc.start})")]
                               ) from None
    except OSError as exc:
        raise AnswersFileError([Problem(shown, "", f"cannot be read ({exc.strerror})")]
                               ) from None
    except tomllib.TOMLDecodeError as exc:
        raise AnswersFileError([Problem(shown, "", f"TOML syntax error: {exc}")]) from None
    problems: list[Problem] = []
    for key in data:
        if key not in SECTIONS:
            problems.append(Problem(shown, key, "is not a known section; expected [meta], "
                                    "[answers] or [assumptions]"))
    sections: dict[str, dict[str, Any]] = {}
    for name in SECTIONS:
        value = data.get(name, {})
        if not isinstance(value, dict):
            problems.append(Problem(shown, name, "expected a table"))
            value = {}
        sections[name] = value
    meta = sections["meta"]
    for key, value in meta.items():
        if key in META_TEXTS:
            if not isinstance(value, str):
                problems.append(Problem(shown, f"meta.{key}", "expected a string"))
        elif key in META_LISTS:
            if isinstance(value, str):
                meta[key] = [value]
            elif not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                problems.append(Problem(shown, f"meta.{key}", "expected a list of names"))
        else:
            problems.append(Problem(shown, f"meta.{key}", "is not a known key; expected "
                                    + ", ".join(META_TEXTS + META_LISTS)))
    assumptions: dict[str, float] = {}
    for key, value in sections["assumptions"].items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(shown, f"assumptions.{key}", f"expected a number (got "
                                    f"{value!r})"))
        else:
            assumptions[key] = float(value)
    if problems:
        raise AnswersFileError(problems)
    return AnswersFile(dict(sections["answers"]), dict(meta), assumptions)


def parse_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """`ID=VALUE` strings -> dict; ValueError naming the option and the bad pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"{option} {pair!r}: expected ID=VALUE")
        out[key.strip()] = value.strip()
    return out
