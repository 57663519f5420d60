"""`python -m bench [--quick]`: run every benchmark beside its floor and write
docs/benchmarks.md. --quick runs each at a tiny size (a smoke test; no file written)."""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench import engine, headless, latency, scaling, suite, wizard
from bench.harness import Spawner
from bench.report import Section, summary

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS = Path(__file__).with_name("analysis.md")
BENCHMARKS: list[Callable[[Path, int, bool], Section]] = [
    wizard.run, latency.run, headless.run, engine.run, scaling.run, suite.run]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, print only")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    compile_project()
    rounds = 1 if args.quick else 9
    sections: list[Section] = []
    started = time.perf_counter()
    original_env = saved_env = dict(os.environ)
    try:
        with tempfile.TemporaryDirectory(prefix="archdecide-bench-") as tmp:
            saved_env = dict(os.environ)
            for bench in BENCHMARKS:
                work = Path(tmp) / bench.__module__.rsplit(".", 1)[-1]
                work.mkdir()
                began = time.perf_counter()
                section = bench(work, rounds, args.quick)
                section.add("", f"_Section time: {time.perf_counter() - began:.0f} s._")
                os.environ.clear()
                os.environ.update(saved_env)
                print(f"== {section.title}\n{section.markdown()}\n", flush=True)
                sections.append(section)
    finally:
        Spawner.close()
        os.environ.clear()
        os.environ.update(original_env)
    elapsed = time.perf_counter() - started
    print(summary(sections))
    print(f"\nbench finished in {elapsed:.0f} s")
    if not args.quick:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(_document(sections, rounds, elapsed), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def compile_project() -> None:
    """Measure the package as installed: pip compiles a wheel's bytecode at install, while an
    editable install under PYTHONDONTWRITEBYTECODE=1 (this machine's setting) would recompile
    every project module at every start, a cost the floor's libraries never pay."""
    for folder in ("archdecide", "knowledge", "decisions", "tui"):
        compileall.compile_dir(ROOT / folder, quiet=2)


def _document(sections: list[Section], rounds: int, elapsed: float) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (f"# Benchmarks\n\nWritten by `make bench` (`python -m bench`) on {stamp} in "
            f"{elapsed:.0f} s; Python {platform.python_version()} on {platform.machine()}, "
            f"{os.cpu_count() or 1} CPUs, load average {_load()}. Each measured thing runs "
            f"alternately with its floor in the same run ({rounds} rounds after a warm-up "
            "unless a section says otherwise); times are medians with the range in brackets. "
            "The project's bytecode is compiled first, as pip does when it installs a wheel. "
            "Ratios to the floor, not absolute times, are the targets where the issue says "
            "so: this machine is shared and noisy. Profiles of missed targets are made in "
            "the same run (pyinstrument when installed, and `-X importtime`).")
    parts = [head, summary(sections)]
    if ANALYSIS.exists():
        parts.append(ANALYSIS.read_text(encoding="utf-8").strip())
    parts += [s.markdown() for s in sections]
    return "\n\n".join(parts) + "\n"


def _load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
