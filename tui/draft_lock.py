"""One wizard per draft: an advisory `flock` on `<id>.lock` beside the draft, held for as long
as a wizard edits it. The kernel drops the lock when the process ends, however it ends (a
dropped SSH session, SIGKILL, a crash), so a lock is never left stale. The lock file names its
holder (pid and host) for the message another wizard shows. No Textual here."""

from __future__ import annotations

import fcntl
import os
import stat
import time
from pathlib import Path

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
