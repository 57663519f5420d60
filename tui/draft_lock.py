"""One wizard per draft: an advisory `flock` on `<id>.lock` beside the draft, held for as long
as a wizard edits it. The kernel drops the lock when the process ends, however it ends (a
dropped SSH session, SIGKILL, a crash), so a lock is never left stale. The lock file names its
holder (pid and host) for the message another wizard shows. No Textual here."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


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
        fd = os.open(lock_path(draft), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError:
            os.close(fd)
            raise
        import socket  # only when a wizard takes a draft, not on the way to the first frame

        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}".encode())
        return cls(fd, draft)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None


def holder(draft: Path) -> str | None:
    """Who holds the lock on `draft` ("pid 123 on host"), or None when nobody does."""
    try:
        fd = os.open(lock_path(draft), os.O_RDONLY | os.O_NOFOLLOW)
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
