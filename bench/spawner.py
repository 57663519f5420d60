"""A small long-lived helper that starts the measured processes, so that their peak memory
is their own.

Why: on Linux a child's `ru_maxrss` is at least the RSS of the process it was forked (or
vforked/posix_spawned) from, because exec folds the old address space's high-water mark
into the new process's. Forking from the benchmark itself (tens of MiB once Textual or the
engine is imported) would hide the difference between a command and its floor. This helper
runs with `python -I -S` and imports only the standard library's basics (a few MiB), so that
bias is below every floor measured.

Protocol: one JSON object per line on stdin {"argv": [...], "env": {...}}; one per line on
stdout {"seconds": float, "maxrss_kb": int, "code": int}.
"""

from __future__ import annotations

import json
import os
import sys
import time


def serve() -> None:
    actions = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
    actions.append((os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0))
    for line in sys.stdin:
        request = json.loads(line)
        argv = request["argv"]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, request["env"], file_actions=actions)
        _pid, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
        sys.stdout.write(json.dumps({"seconds": seconds, "maxrss_kb": rss,
                                     "code": os.waitstatus_to_exitcode(status)}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
