"""`python -m bench --quick` runs every benchmark at a tiny size and exits 0 (a smoke test;
`make bench` itself is not part of `make test`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    "== Wizard in a pseudo-terminal",
    "== Answer -> updated screen",
    "== Headless commands vs the floor",
    "== Engine on the bundled pack",
    "== Scaling with synthetic packs",
    "== Test suite",
    "## Summary of targets",
]


@pytest.mark.skipif(sys.platform == "win32", reason="the wizard benchmark needs a POSIX pty")
def test_quick_bench_runs_every_section(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    out = tmp_path / "benchmarks.md"
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for title in SECTIONS:
        assert title in result.stdout, f"{title!r} missing from the quick bench output"
    assert "bench finished" in result.stdout
    assert not out.exists(), "--quick must not write the benchmarks document"
