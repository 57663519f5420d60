"""The wizard's drafts: one per decision, the answers so far, saved after every answer so a
dropped SSH session loses nothing. Plain JSON files `<state>/drafts/<id>.json` (platformdirs'
state folder, or ARCHDECIDE_STATE_DIR), written atomically; each is edited by one wizard at a
time (the lock below). A draft that has been saved as a record, and not changed since, is
closed: it is listed, but no longer offered for resume.

A draft is checked when it is loaded, like an answers file: a file that is not a draft (not
JSON, the wrong shape, a [meta] key it does not know, a number that is not finite, a FIFO, a
huge file) is moved aside to `<id>.json.broken-<time>` and the wizard says so; it is never
silently replaced. The single `draft.json` of earlier versions becomes a named draft.

One wizard per draft: an advisory `flock` on `<id>.lock` beside the draft, held for as long
as a wizard edits it. The kernel drops the lock when the process ends, however it ends (a
dropped SSH session, SIGKILL, a crash), so a lock is never left stale. The lock file names its
holder (pid and host) for the message another wizard shows."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archdecide.knowledge.numbers import is_number

if TYPE_CHECKING:
    from archdecide.knowledge.pack import KnowledgePack
    from archdecide.knowledge.schema import AnswerValue

STATE_ENV = "ARCHDECIDE_STATE_DIR"
ID_PATTERN = re.compile(r"[0-9]{8}-[0-9]{6}-[0-9a-f]{4}")  # always used with fullmatch
"""A draft id: when it was started (UTC) and four random hex digits, e.g. 20261202-013005-3fa2."""
KEYS = ("pack_id", "answers", "meta", "updated", "saved", "pack_sha256")


class StateDirError(ValueError):
    """ARCHDECIDE_STATE_DIR cannot be the state folder (one sentence naming it)."""


def state_dir() -> Path:
    """ARCHDECIDE_STATE_DIR, else platformdirs' state folder. StateDirError when the variable
    cannot name a folder (too long, a NUL, an existing file or device such as /dev/zero)."""
    override = os.environ.get(STATE_ENV)
    if override:
        from archdecide.knowledge.reading import path_problem

        problem = path_problem(override)
        if problem is None and os.path.exists(override) and not os.path.isdir(override):
            problem = "is not a folder; expected a folder for archdecide's drafts"
        if problem is not None:
            raise StateDirError(f"{STATE_ENV} {problem}")
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("archdecide"))


def drafts_dir() -> Path:
    return state_dir() / "drafts"


def new_id() -> str:
    import secrets  # not on the way to the first frame: it imports hashlib and random

    return f"{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{secrets.token_hex(2)}"


def path_of(draft_id: str) -> Path:
    return drafts_dir() / f"{draft_id}.json"


@dataclass(frozen=True)
class Saved:
    """Where the decision was last saved as a record, and what it was then."""

    record: str
    fingerprint: str


@dataclass(frozen=True)
class Draft:
    pack_id: str
    answers: dict[str, AnswerValue]
    meta: dict[str, Any]
    path: Path | None = None
    updated: str = ""
    """When it was last written (ISO 8601, UTC, to the second)."""
    saved: Saved | None = None

    def matches(self, pack: KnowledgePack) -> bool:
        return self.pack_id == pack.id

    @property
    def id(self) -> str:
        return self.path.stem if self.path is not None else ""

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or "")

    @property
    def closed(self) -> bool:
        """Saved as a record, and unchanged since."""
        return self.saved is not None and \
            self.saved.fingerprint == fingerprint(self.answers, self.meta)


@dataclass(frozen=True)
class Loaded:
    """What load_draft found: the draft (or None), and a sentence for the user when the file
    was broken and moved aside."""

    draft: Draft | None = None
    problem: str | None = None


def fingerprint(answers: Mapping[str, object], meta: Mapping[str, object]) -> str:
    """What a record would be made of: the answers and the words of the save form."""
    import hashlib  # not on the way to the first frame

    plain = {"answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
             "meta": {k: v for k, v in meta.items() if v not in ("", [], None)}}
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_draft(pack: KnowledgePack, answers: dict[str, AnswerValue],
               meta: dict[str, Any] | None = None, path: Path | None = None,
               saved: Saved | None = None) -> Path:
    """Write the draft atomically (temp file + fsync + rename). Raises OSError on failure."""
    from archdecide.decisions.files import write_atomic

    path = path or path_of(new_id())
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {
        "pack_id": pack.id,
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
        "meta": meta or {},
        "updated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if saved is not None:
        data["saved"] = {"record": saved.record, "fingerprint": saved.fingerprint}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False,
                                  allow_nan=False).encode("utf-8"))
    return path


def _answer_ok(value: object) -> bool:
    if isinstance(value, str | bool):
        return True
    if isinstance(value, int | float):
        return is_number(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def check(data: object) -> str | None:
    """Why `data` is not a draft (the key and what was expected), or None."""
    if not isinstance(data, dict):
        return "expected a JSON object with pack_id, answers and meta"
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        return f"{unknown[0]}: is not a key of a draft; expected pack_id, answers, meta, " \
               "updated, saved"
    if not isinstance(data.get("pack_id"), str):
        return "pack_id: expected a string"
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return "answers: expected an object of question id -> answer"
    for qid, value in answers.items():
        if not _answer_ok(value):
            return f"answers.{qid}: expected a string, true/false, a finite number or a " \
                   "list of strings"
    if not isinstance(data.get("updated", ""), str):
        return "updated: expected a date and time as text"
    saved = data.get("saved")
    if saved is not None and not (isinstance(saved, dict) and set(saved) == {
            "record", "fingerprint"} and all(isinstance(v, str) for v in saved.values())):
        return "saved: expected an object with the record's path and a fingerprint"
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        return "meta: expected an object"
    from archdecide.decisions.meta import meta_problems  # no pydantic: checked like a [meta]

    problems = meta_problems(meta)
    return f"meta.{problems[0][0]}: {problems[0][1]}" if problems else None


def read_draft(path: Path) -> Draft:
    """The draft in `path`; ValueError (why) if it is not one, OSError if it cannot be read."""
    from archdecide.knowledge.reading import DRAFT_LIMIT, read_bounded

    raw = read_bounded(path, DRAFT_LIMIT, "a JSON draft")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ValueError(f"is not valid JSON ({exc})") from None
    problem = check(data)
    if problem is not None:
        raise ValueError(problem)
    saved = data.get("saved")
    return Draft(data["pack_id"], dict(data["answers"]), dict(data.get("meta") or {}), path,
                 data.get("updated", ""), Saved(**saved) if saved else None)


def load_draft(path: Path, *, move_broken: bool = True) -> Loaded:
    """The draft in `path`; a broken one is named in `problem` and moved aside (unless not
    `move_broken`: `drafts list` changes nothing)."""
    try:
        return Loaded(read_draft(path))
    except FileNotFoundError:
        return Loaded()
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if not move_broken:
            return Loaded(problem=f"{path}: {why}; expected a draft written by the wizard "
                                  "(it moves such a file aside)")
        return _aside(path, why)


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
                          f"to {target.name} and is no longer offered")


def paths() -> list[Path]:
    """Every draft file, newest id first."""
    try:
        found = [p for p in drafts_dir().iterdir()
                 if p.suffix == ".json" and ID_PATTERN.fullmatch(p.stem)]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.stem, reverse=True)


def load_all(*, move_broken: bool = True) -> tuple[list[Draft], list[str]]:
    """Every valid draft (most recently updated first) and a sentence per broken one: moved
    aside (the wizard) or only named (`drafts list`, which changes nothing else). The
    draft.json of earlier versions is first taken in as a named draft."""
    problems: list[str] = []
    legacy = adopt_legacy(move_broken=move_broken)
    if legacy is not None:
        problems.append(legacy)
    found: list[Draft] = []
    for path in paths():
        loaded = load_draft(path, move_broken=move_broken)
        if loaded.problem is not None:
            problems.append(loaded.problem)
        if loaded.draft is not None:
            found.append(loaded.draft)
    found.sort(key=lambda d: (d.updated, d.id), reverse=True)
    return found, problems


def adopt_legacy(*, move_broken: bool = True) -> str | None:
    """Move `<state>/draft.json` (one draft per user, before named drafts) into drafts/;
    a sentence when it was broken (and moved aside, if `move_broken`)."""
    old = state_dir() / "draft.json"
    if not old.exists() and not old.is_symlink():
        return None
    loaded = load_draft(old, move_broken=move_broken)
    if loaded.draft is None:
        return loaded.problem
    target = path_of(new_id())
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, target)
    except OSError as exc:
        return f"the draft {old} could not be moved to {target.parent}: {exc.strerror or exc}"
    return None


def discard(draft_id: str) -> Path:
    """Delete one draft (and its lock file). ValueError with one sentence if `draft_id` is not
    a draft's id, is unknown, or the draft is open in a wizard."""
    if not ID_PATTERN.fullmatch(draft_id):
        raise ValueError(f"{draft_id!r} is not a draft id; expected YYYYMMDD-HHMMSS-xxxx, as "
                         "`archdecide drafts list` shows")
    path = path_of(draft_id)
    if not path.exists() and not path.is_symlink():
        raise ValueError(f"no draft {draft_id} in {path.parent}; `archdecide drafts list` "
                         "shows them")
    if path.is_symlink() or not path.is_file():
        raise ValueError(f"{path} is not a draft file (a folder, a link or a device), so it is "
                         "not discarded; remove it yourself if it is not yours")
    try:
        lock = DraftLock.acquire(path)  # held while deleting: no wizard can take it meanwhile
    except OSError as exc:
        raise ValueError(f"draft {draft_id} cannot be locked ({exc.strerror or exc})") from None
    if lock is None:
        who = holder(path) or "another process"
        raise ValueError(f"draft {draft_id} is open in a wizard ({who}); quit that wizard "
                         "first")
    try:
        path.unlink()
    except OSError as exc:
        raise ValueError(f"draft {draft_id} cannot be removed from {path.parent} "
                         f"({exc.strerror or exc})") from None
    finally:
        lock.release()  # the draft is gone, so its lock file goes too
    return path


RETRIES = 5
"""Tries of a busy lock, 10 ms apart: `holder()` probes with a brief shared lock."""


def lock_path(draft: Path) -> Path:
    return draft.with_suffix(".lock")


class DraftLock:
    """A held lock; release() (or the end of the process) lets another wizard take it."""

    def __init__(self, fd: int, draft: Path) -> None:
        self.fd: int | None = fd
        self.draft = draft

    @classmethod
    def acquire(cls, draft: Path) -> DraftLock | None:
        """The lock on `draft`, or None when another wizard holds it. OSError when the
        folder cannot be written."""
        draft.parent.mkdir(parents=True, exist_ok=True)
        fd = _open_regular(lock_path(draft), os.O_RDWR | os.O_CREAT)
        try:
            for attempt in range(RETRIES):
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if attempt == RETRIES - 1:
                        os.close(fd)
                        return None
                    time.sleep(0.01)
            import socket  # only when a wizard takes a draft, not before the first frame

            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode())
        except OSError:
            os.close(fd)  # never keep a lock that acquire() did not hand out
            raise
        return cls(fd, draft)

    def release(self) -> None:
        """Drop the lock; the lock file goes too when the draft was never written."""
        if self.fd is None:
            return
        if not self.draft.exists():
            lock_path(self.draft).unlink(missing_ok=True)  # still held: nobody else has it
        os.close(self.fd)  # closing the descriptor drops the flock
        self.fd = None


def holder(draft: Path) -> str | None:
    """Who holds the lock on `draft` ("pid 123 on host"), or None when nobody does."""
    try:
        fd = _open_regular(lock_path(draft), os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 200).decode("utf-8", "replace").strip()
            return text or "another wizard"
        except OSError:
            return None
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _open_regular(path: Path, flags: int) -> int:
    """Open without following a symlink and without blocking on a FIFO; OSError unless it is a
    regular file (a planted FIFO or device must not hang the wizard or `drafts list`)."""
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a regular file")
    return fd
