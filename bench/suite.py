"""The whole test suite, as `make test` runs it (pytest, 3 workers with work stealing on the
2-core machine), timed once, with the time of each test file (target, issue 28: `make test`
in a fresh clone within 150 s, of which install and lint take ~30 s; this section times the
pytest part). Tests of the real ADR tools that are not installed skip, and the line says how
many did. Not run by `--quick` (the smoke test is itself part of the suite)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import verdict
from bench.report import Section

TARGET = 120.0
"""The pytest part of make test's 150 s: install and lint take ~30 s of a fresh clone's run."""
PYTEST = ["-n", "3", "--dist", "worksteal"]
"""As the Makefile's test target runs it."""
DURATION = re.compile(r"^([0-9.]+)s (?:call|setup|teardown)\s+(\S+?)::")
ROOT = Path(__file__).resolve().parent.parent


def run(work: Path, rounds: int, quick: bool) -> Section:
    section = Section("Test suite")
    if quick:
        section.add("Not run by --quick (this smoke run is part of the suite).")
        return section
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", *PYTEST, "-q", "-p",
                             "no:cacheprovider", "--durations=0", "--durations-min=0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    last = (result.stdout.strip().splitlines() or [""])[-1]
    by_file: dict[str, float] = {}
    for line in result.stdout.splitlines():
        found = DURATION.match(line)
        if found:
            by_file[found.group(2)] = by_file.get(found.group(2), 0.0) + float(found.group(1))
    skipped = re.search(r"(\d+) skipped", last)
    met, text = verdict(seconds, TARGET, unit=" s")
    if result.returncode != 0:
        met, text = False, f"the suite failed (exit {result.returncode})"
    section.add(f"`python -m pytest {' '.join(PYTEST)}` from the repository root, once: "
                f"{seconds:.0f} s wall; pytest says: `{last}`. Skipped tests are those whose "
                "outside tool is missing here (each says which), and the root-permission test.")
    if by_file:
        total = sum(by_file.values())
        section.add("", f"Test-seconds by file ({total:.0f} s in all, on 3 workers; a test's "
                    "time includes waiting for its child processes):", "",
                    "| file | seconds | share |", "|---|---|---|",
                    *(f"| `{name}` | {secs:.1f} | {secs / total:.0%} |" for name, secs in
                      sorted(by_file.items(), key=lambda kv: -kv[1])))
    failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED ",
                                                                            "ERROR "))]
    if failed:  # name them: a test that fails here and passes alone is a flaky one to fix
        section.add("", "Failed in this run:", "", *(f"- `{line}`" for line in failed))
    section.check(f"test suite (pytest part of make test) < {TARGET:g} s "
                  f"({skipped.group(1) if skipped else 0} skipped)", f"{seconds:.0f} s", met,
                  text)
    return section
