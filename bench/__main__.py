"""`python -m bench [--quick]`: run every benchmark beside its floor and write
docs/benchmarks.md. --quick runs each at a tiny size (a smoke test; no file written)."""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import engine, headless, scaling

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, print only")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 15
    sections: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for module in (headless, engine, scaling):
            print(f"== {module.__name__}", flush=True)
            text = module.run(work, rounds=rounds, quick=args.quick)
            print(text, flush=True)
            sections.append(text)
    if not args.quick:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = (f"# Benchmarks\n\nWritten by `make bench` on {stamp}; Python "
                f"{platform.python_version()} on {platform.machine()}, "
                f"{_cpus()} CPUs. Each measured command runs alternately with its floor in "
                f"the same run ({rounds} rounds after a warm-up); times are medians with the "
                f"range in brackets. Ratios, not absolute times, are the targets: this machine "
                f"is shared and noisy.\n\n")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(head + "\n\n".join(sections) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
