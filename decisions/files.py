"""Writing files whole or not at all: the one atomic-write helper of archdecide (records,
record exports and the wizard's drafts)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Make a rename or a link in `directory` durable (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(directory: Path, data: bytes, suffix: str) -> Path:
    """A new `.tmp-PID-XXXXXXXX<suffix>` file in `directory` holding `data`, fsynced. Never
    replaces a file (O_EXCL); the caller renames or links it into place."""
    tmp = directory / f".tmp-{os.getpid()}-{secrets.token_hex(4)}{suffix}"
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: a temp file in the same folder, fsync, rename,
    fsync of the folder. A reader sees the old content or the new, never a part. Raises
    OSError when the folder cannot be written (nothing is left behind)."""
    tmp = write_temp(path.parent, data, path.suffix)
    try:
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)
