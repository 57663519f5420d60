"""Reading a file that anyone may have put there: never a hang, never unbounded memory.

A FIFO would block a plain open() forever and `/dev/zero` (or a symlink to it) never ends, so
every file archdecide reads (pack files, answers files, records, drafts) is opened without
blocking, checked to be a regular file on the open descriptor, and read only up to its limit.
The reasons are phrased to follow a file name: "x.toml: is a FIFO, ..."."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from archdecide.knowledge.numbers import first_huge_int

_LONG_DIGITS = re.compile(r"[0-9a-fA-F_]{17}")
"""Any integer beyond 64 bits has 17 or more digits (hex, octal, binary or decimal)."""

MB = 1_000_000
PACK_FILE_LIMIT = 5 * MB
PACK_LIMIT = 20 * MB
"""All the files of a pack and its overlays together (the bundled pack: ~0.3 MB)."""
RECORD_LIMIT = 1 * MB
ANSWERS_LIMIT = 1 * MB
DRAFT_LIMIT = 1 * MB


class Refused(OSError):
    """The file is not one to read: a special file, or larger than its limit. str() is the
    reason, to follow the file's name."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


@contextmanager
def _regular(path: Path, limit: int, what: str) -> Iterator[int]:
    """A descriptor of `path` opened without blocking, once it is known to be a regular file of
    at most `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {_kind(info.st_mode)}; expected {what} (a regular file)")
        if info.st_size > limit:
            raise Refused(f"is {info.st_size:,} bytes, more than the {limit:,} allowed for "
                          f"{what}")
        yield fd
    finally:
        os.close(fd)


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path` (symlinks followed), at most `limit` of them.
    Refused for anything else; FileNotFoundError and other OSErrors as open() raises them."""
    with _regular(path, limit, what) as fd:
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise Refused(f"grew past the {limit:,} bytes allowed for {what} while being read")
    return b"".join(chunks)


def read_start(path: Path, first: int, limit: int, what: str) -> bytes:
    """Up to `first` bytes of a regular file (for a summary at its start), same checks."""
    with _regular(path, limit, what) as fd:
        return os.read(fd, first)


class NotToml(ValueError):
    """The bytes are not a TOML document archdecide can read; str() is the reason."""


def parse_toml(data: bytes | str) -> dict[str, Any]:
    """tomllib.loads of UTF-8 bytes (or text), with every way it can fail as one NotToml
    sentence: not UTF-8, a syntax error, nesting too deep, an integer with too many digits or
    beyond TOML's 64-bit range (which no float holds, so arithmetic on it would crash). A
    byte-order mark, which some editors put first, is not part of the text."""
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotToml(f"is not valid UTF-8 (byte {exc.start}); expected a UTF-8 TOML file"
                      ) from None
    text = text.removeprefix("\ufeff")
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NotToml(f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise NotToml("TOML nesting is too deep (arrays or tables inside each other)") from None
    except ValueError as exc:  # int('9' * 5000): Python's limit on integer digits
        raise NotToml(f"a number is too long to read ({exc})") from None
    if _LONG_DIGITS.search(text):  # only then can an integer be beyond 64 bits
        key = first_huge_int(parsed)
        if key is not None:
            raise NotToml(f"{key}: the integer is beyond TOML's 64-bit range; expected a "
                          "number between -2**63 and 2**63-1")
    return parsed


PATH_MAX = 4096
NAME_MAX = 255
"""What Linux allows a path and each of its names (bytes): a longer one fails every call."""


def path_problem(text: str) -> str | None:
    """Why `text` cannot name a file or folder at all, in words (None: it can): a NUL, more
    than PATH_MAX bytes, or a name in it of more than NAME_MAX; the value is never repeated
    (it may be 100,000 characters long)."""
    if "\0" in text:
        return "holds a NUL character; expected a path"
    size = len(text.encode("utf-8", "surrogateescape"))
    if size > PATH_MAX:
        return f"is {size:,} bytes long; expected a path of at most {PATH_MAX:,}"
    longest = max((len(p.encode("utf-8", "surrogateescape")) for p in text.split("/")),
                  default=0)
    if longest > NAME_MAX:
        return (f"holds a name of {longest:,} bytes; expected each file or folder name to be "
                f"at most {NAME_MAX}")
    return None

