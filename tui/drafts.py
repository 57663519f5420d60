"""The wizard's draft: the answers so far, saved after every answer so a dropped SSH session
loses nothing. Plain JSON in the user's state folder (platformdirs), written atomically.

A draft is checked when it is loaded, like an answers file: a file that is not a draft (not
JSON, the wrong shape, a [meta] key it does not know, a number that is not finite, a FIFO, a
huge file) is moved aside to `draft.json.broken-<time>` and the wizard says so; it is never
silently replaced. `serve` gives each browser session a draft of its own (`session_path`).
No Textual here."""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archdecide.knowledge.pack import KnowledgePack
    from archdecide.knowledge.schema import AnswerValue

STATE_ENV = "ARCHDECIDE_STATE_DIR"


def state_dir() -> Path:
    override = os.environ.get(STATE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("archdecide"))


@dataclass(frozen=True)
class Draft:
    pack_id: str
    answers: dict[str, AnswerValue]
    meta: dict[str, Any]

    def matches(self, pack: KnowledgePack) -> bool:
        return self.pack_id == pack.id


@dataclass(frozen=True)
class Loaded:
    """What load_draft found: the draft (or None), and a sentence for the user when the file
    was broken and moved aside."""

    draft: Draft | None = None
    problem: str | None = None


def draft_path() -> Path:
    return state_dir() / "draft.json"


def session_path() -> Path:
    """A draft of this wizard process alone (one per browser session of `serve`)."""
    import secrets  # not on the way to the first frame: it imports hashlib and random

    return state_dir() / "sessions" / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-" \
        f"{secrets.token_hex(4)}.json"


def save_draft(pack: KnowledgePack, answers: dict[str, AnswerValue],
               meta: dict[str, Any] | None = None, path: Path | None = None) -> Path:
    """Write the draft atomically (temp file + fsync + rename). Raises OSError on failure."""
    from archdecide.decisions.files import write_atomic

    path = path or draft_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"pack_id": pack.id,
            "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
            "meta": meta or {}}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False,
                                  allow_nan=False).encode("utf-8"))
    return path


def _answer_ok(value: object) -> bool:
    if isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def check(data: object) -> str | None:
    """Why `data` is not a draft (the key and what was expected), or None."""
    if not isinstance(data, dict):
        return "expected a JSON object with pack_id, answers and meta"
    unknown = sorted(set(data) - {"pack_id", "answers", "meta", "pack_sha256"})
    if unknown:
        return f"{unknown[0]}: is not a key of a draft; expected pack_id, answers, meta"
    if not isinstance(data.get("pack_id"), str):
        return "pack_id: expected a string"
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return "answers: expected an object of question id -> answer"
    for qid, value in answers.items():
        if not _answer_ok(value):
            return f"answers.{qid}: expected a string, true/false, a finite number or a " \
                   "list of strings"
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        return "meta: expected an object"
    from archdecide.decisions.meta import meta_problems  # no pydantic: checked like a [meta]

    problems = meta_problems(meta)
    return f"meta.{problems[0][0]}: {problems[0][1]}" if problems else None


def load_draft(path: Path | None = None) -> Loaded:
    """The saved draft; a broken one is moved aside and named in `problem`."""
    from archdecide.knowledge.reading import DRAFT_LIMIT, read_bounded

    path = path or draft_path()
    try:
        raw = read_bounded(path, DRAFT_LIMIT, "a JSON draft")
    except FileNotFoundError:
        return Loaded()
    except OSError as exc:
        why = str(exc) if exc.strerror is None else exc.strerror
        return _aside(path, why)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return _aside(path, f"is not valid JSON ({exc})")
    problem = check(data)
    if problem is not None:
        return _aside(path, problem)
    return Loaded(Draft(data["pack_id"], dict(data["answers"]), dict(data.get("meta") or {})))


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def _aside(path: Path, why: str) -> Loaded:
    target = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%dT%H%M%S')}")
    try:
        os.replace(path, target)
    except OSError:
        return Loaded(problem=f"the draft {path} cannot be used: {why}; it could not be "
                              "moved aside, so it is left as it is and not overwritten")
    return Loaded(problem=f"the draft {path} was not a valid draft ({why}); it was moved "
                          f"to {target.name} and a new decision starts")


def keep_aside(path: Path) -> Path | None:
    """Before a new decision takes the draft file over: a draft with answers is renamed
    `<name>.kept-<time>` (never deleted); None when there was none to keep."""
    loaded = load_draft(path)
    if loaded.draft is None or not loaded.draft.answers:
        return None
    target = path.with_name(f"{path.name}.kept-{time.strftime('%Y%m%dT%H%M%S')}")
    try:
        os.replace(path, target)
    except OSError:
        return None
    return target
