"""Run a full-screen program in a pseudo-terminal of a fixed size: time until a marker string
is on screen, count the bytes written after each keystroke, and read the child's own peak
memory (VmHWM in /proc/PID/status while it runs: the high-water mark of its own address
space; ru_maxrss from os.wait4 would also count the RSS of this process at fork time)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

CTRL_Q = b"\x11"
DOWN = b"\x1b[B"
UP = b"\x1b[A"
ENTER = b"\r"


class PtyError(RuntimeError):
    """The program did not show what was awaited in time."""


@dataclass
class PtyProcess:
    pid: int
    fd: int
    started: float
    output: bytearray = field(default_factory=bytearray)

    @classmethod
    def spawn(cls, argv: Sequence[str], env: dict[str, str], cols: int = 80,
              rows: int = 24) -> PtyProcess:
        """fork/exec argv on the slave side of a new pty already sized cols x rows."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # child: new session, the pty as controlling terminal and stdio
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        os.close(slave)
        return cls(pid, master, started)

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return b""
        self.output += chunk
        return chunk

    def wait_for(self, marker: bytes, timeout: float = 30.0) -> float:
        """Seconds from spawn until marker has been written (searched in all output so far)."""
        deadline = time.perf_counter() + timeout
        start = len(self.output)
        while marker not in self.output[max(0, start - len(marker)):]:
            if time.perf_counter() > deadline:
                tail = bytes(self.output[-300:])
                raise PtyError(f"{marker!r} not shown within {timeout:.0f} s; last bytes {tail!r}")
            self._read(deadline - time.perf_counter())
        return time.perf_counter() - self.started

    def drain(self, quiet: float = 0.25, limit: float = 5.0) -> int:
        """Read until nothing arrives for `quiet` seconds; return the bytes read."""
        total = 0
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            chunk = self._read(quiet)
            if not chunk:
                break
            total += len(chunk)
        return total

    def peak_kb(self) -> int | None:
        """The child's peak RSS so far (KiB), from /proc; None where there is no /proc."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def key_bytes(self, key: bytes, quiet: float = 0.25) -> int:
        """Bytes written in answer to one keystroke (read until the screen is quiet)."""
        self.send(key)
        return self.drain(quiet)

    def finish(self, key: bytes = CTRL_Q, timeout: float = 10.0) -> int:
        """Send the quit key, wait for the exit; return ru_maxrss (KiB) from os.wait4."""
        self.send(key)
        deadline = time.perf_counter() + timeout
        while True:
            self._read(0.05)
            pid, _status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                _pid, _status, usage = os.wait4(self.pid, 0)
                break
        os.close(self.fd)
        return int(usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.wait4(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        with contextlib.suppress(OSError):
            os.close(self.fd)


@dataclass(frozen=True)
class FirstScreen:
    seconds: float
    maxrss_kb: int


def first_screen(argv: Sequence[str], env: dict[str, str], marker: bytes,
                 timeout: float = 30.0) -> FirstScreen:
    """Spawn, time until marker is shown, quit with ctrl+q, return time and peak RSS."""
    proc = PtyProcess.spawn(argv, env)
    try:
        seconds = proc.wait_for(marker, timeout)
        proc.drain(0.1, 2.0)
        peak = proc.peak_kb()
        rss = proc.finish()
    except BaseException:
        proc.kill()
        raise
    return FirstScreen(seconds, rss if peak is None else peak)
