"""The records folder: where it is, how files are named, leftovers of killed writers, and the
folder's entries in name order. Nothing here reads a record's content (no pydantic)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from archdecide.knowledge.pack_files import display
from archdecide.knowledge.reading import read_bounded

SCHEMA_ID = "archdecide.record/1"
STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")

ENV_VAR = "ARCHDECIDE_RECORDS"
DEFAULT_DIR = Path("docs") / "decisions"

NAME_RE = re.compile(r"^(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")
NUMBERED_RE = re.compile(r"^(\d{4,})-.*\.toml$")
TEMP_RE = re.compile(r"^\.tmp-(\d+)-[0-9a-f]+\.toml$")
LOCK_RE = re.compile(r"^\.(\d{4,})\.lock$")

SUMMARY_KEYS = ("schema", "number", "title", "status", "date", "tags")
"""The top-level scalars written first, in this order; then `chosen.*` and `links.*`."""
DOTTED_TABLES = ("chosen", "links")
"""Tables written as dotted keys in the summary (small, and needed by `records list`)."""


class RecordStoreError(Exception):
    """A records-folder problem; the message is one sentence naming the folder or file."""


# --------------------------------------------------------------------------- names


def resolve_records_dir(option: Path | None = None) -> Path:
    """--records DIR, else $ARCHDECIDE_RECORDS, else docs/decisions under the current folder."""
    if option is not None:
        return _folder(Path(option), f"--records {str(option)!r}")
    env = os.environ.get(ENV_VAR)
    if env:
        return _folder(Path(env), f"{ENV_VAR}={env!r}")
    return Path.cwd() / DEFAULT_DIR


def _folder(path: Path, given: str) -> Path:
    """`path` unless it cannot name a folder, or exists and is not one (a file, a device such
    as /dev/zero, a FIFO): then one sentence naming the option or the variable that gave
    it."""
    from archdecide.knowledge.reading import path_problem

    problem = path_problem(str(path))
    if problem is not None:
        name = given.split("=")[0].split(" ")[0]  # the option or variable, not its value
        raise RecordStoreError(f"{name} {problem}")
    if path.exists() and not path.is_dir():
        raise RecordStoreError(f"{given}: is not a folder; expected a records folder")
    return path


USER_ENV = "ARCHDECIDE_USER"


def changed_by() -> str:
    """Who makes a change, for a record's history: ARCHDECIDE_USER, else the login name."""
    name = os.environ.get(USER_ENV, "").strip()
    if name:
        return name
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return ""


def show(path: Path) -> str:
    return display(path)


# --------------------------------------------------------------------------- leftovers


def alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def lock_owner(lock: Path) -> tuple[int, str] | None:
    try:
        text = read_bounded(lock, 4096, "a lock file").decode("utf-8")
        pid, _, host = text.strip().partition(" ")
        return int(pid), host
    except (OSError, ValueError):
        return None


def stale(lock: Path) -> bool:
    owner = lock_owner(lock)
    if owner is None:  # being written just now, or unreadable: not ours to judge
        return False
    pid, host = owner
    import socket

    return host == socket.gethostname() and not alive(pid)


def cleanup_leftovers(directory: Path, names: list[str] | None = None) -> None:
    """Remove temp files and locks whose writer process is gone."""
    if names is None:
        try:
            names = os.listdir(directory)
        except OSError:
            return
    for name in names:
        if not name.startswith("."):
            continue
        path = directory / name
        temp = TEMP_RE.match(name)
        try:
            if (temp and not alive(int(temp.group(1)))) or (LOCK_RE.match(name) and stale(path)):
                path.unlink(missing_ok=True)
        except OSError:
            pass


# --------------------------------------------------------------------------- the folder


def entries(directory: Path) -> Iterator[tuple[Path, int] | str]:
    """The folder in file-name order: (path, number) for each `NNNN-slug.toml`, a problem
    sentence for each other `.toml` file (anything else, such as Markdown ADRs, images,
    templates, a README or a licence, is not a record and not a problem). Removes dead
    writers' leftovers first. Nothing for a missing folder; RecordStoreError for a file or an
    unreadable folder."""
    if not directory.exists():
        return
    if not directory.is_dir():
        raise RecordStoreError(f"{show(directory)} is a file; expected a records folder")
    try:
        with os.scandir(directory) as scanned:
            found = sorted(((e.name, e) for e in scanned), key=lambda pair: pair[0])
    except OSError as exc:
        raise RecordStoreError(f"cannot read the records folder {show(directory)} "
                               f"({exc.strerror})") from None
    cleanup_leftovers(directory, [name for name, _ in found])
    for name, entry in found:
        if name.startswith("."):
            continue
        try:
            if entry.is_dir():
                continue
        except OSError:
            pass
        path = directory / name
        match = NAME_RE.match(name)
        if match is None:
            if name.lower().endswith(".toml"):  # images, templates, a README: not records
                yield (f"{show(path)}: does not match the record naming NNNN-slug.toml "
                       "(lowercase slug); ignored")
            continue
        yield path, int(match.group(1))


def mismatch(path: Path, recorded: int, named: int) -> str:
    return (f"{show(path)}: number: is {recorded} but the file name says {named}; expected "
            "them to agree")


# --------------------------------------------------------------------------- init


def init_folder(root: Path, folder: Path, *, log4brains: bool = False
                ) -> tuple[list[Path], list[Path]]:
    """(written, kept): the records folder `folder` (relative to `root` unless absolute),
    `root/.adr-dir` naming it (adr-tools reads it), and with `log4brains`
    `root/.log4brains.yml`; an existing file is kept. RecordStoreError in one sentence when
    the folder cannot be made."""
    target = folder if folder.is_absolute() else root / folder
    written: list[Path] = []
    kept: list[Path] = []
    try:
        if not target.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            written.append(target)
    except OSError as exc:
        raise RecordStoreError(f"cannot make the records folder {show(target)} "
                               f"({exc.strerror or exc})") from None
    try:
        shown = target.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(target)
    files = {root / ".adr-dir": f"{shown}\n"}
    if log4brains:
        files[root / ".log4brains.yml"] = (
            "---\nproject:\n  name: Architecture decisions\n  tz: Etc/UTC\n"
            f"  adrFolder: ./{shown}\n")
    from archdecide.decisions.files import write_atomic

    for path, text in files.items():
        if path.exists() or path.is_symlink():
            kept.append(path)
            continue
        try:
            write_atomic(path, text.encode("utf-8"))
        except OSError as exc:
            raise RecordStoreError(f"cannot write {show(path)} ({exc.strerror or exc})") \
                from None
        written.append(path)
    return written, kept
