"""Headless commands as whole processes, each beside its floor:
`python -c "import networkx, pydantic, tomllib"` (target: at most 1.3x)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.harness import alternate

TARGET = 1.3
FLOOR = [sys.executable, "-c", "import networkx, pydantic, tomllib"]
BASE = [sys.executable, "-c", "pass"]


def _exe() -> str:
    return str(Path(sys.executable).parent / "archdecide")


def commands(work: Path) -> dict[str, list[str]]:
    answers = work / "answers.toml"
    answers.write_text('[answers]\ndata_sensitivity = "regulated"\n'
                       'monthly_tokens = 500_000_000\n', encoding="utf-8")
    exe = _exe()
    return {
        "decide --format json": [exe, "decide", "--answers", str(answers), "--format", "json"],
        "validate": [exe, "validate"],
        "size --model llama-3.1-70b": [exe, "size", "--model", "llama-3.1-70b",
                                       "--precision", "int4", "--gpu", "h100-80gb"],
        "--version": [exe, "--version"],
    }


def run(work: Path, rounds: int, quick: bool) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
    rows = ["## Headless commands vs the floor", "",
            f"Floor: `{' '.join(FLOOR[1:])}`; target: at most {TARGET}x.", "",
            "| command | median | floor | ratio | `python -c pass` | target |",
            "|---|---|---|---|---|---|"]
    base, _ = alternate(BASE, BASE, max(3, rounds // 3), env)
    for name, cmd in commands(work).items():
        try:
            measured, floor = alternate(cmd, FLOOR, rounds, env)
        except Exception as exc:  # a command that is not there yet is reported, not fatal
            rows.append(f"| `{name}` | failed: {type(exc).__name__} | | | | |")
            continue
        ratio = measured.median / floor.median
        verdict = "met" if ratio <= TARGET else f"missed by {ratio / TARGET - 1:.0%}"
        rows.append(f"| `{name}` | {measured.ms()} | {floor.ms()} | {ratio:.2f}x | "
                    f"{base.ms()} | {verdict} |")
    return "\n".join(rows)
