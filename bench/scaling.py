"""Synthetic packs of growing size: load + lint + graph build, and evaluation per answer.
Targets: under 1 s at 1,000 questions; per-answer evaluation grows no worse than linearly."""

from __future__ import annotations

from pathlib import Path

from bench.harness import time_call
from bench.synthetic import write_pack

SIZES = [(100, 50), (1000, 50), (1000, 200), (5000, 200)]
QUICK = [(20, 5), (60, 10)]


def run(work: Path, rounds: int, quick: bool) -> str:
    from decisions.evaluation import core
    from decisions.graph import build
    from decisions.lint import lint
    from knowledge.loader import load_pack

    rows = ["## Scaling with synthetic packs", "",
            "| questions | architectures | load + lint + build | evaluate per answer | "
            "per-answer time / question |", "|---|---|---|---|---|"]
    per_question = []
    for n, m in QUICK if quick else SIZES:
        folder = write_pack(work / f"syn-{n}-{m}", n, m)

        def full(folder: Path = folder) -> None:
            pack = load_pack(folder)
            lint(pack)
            build(pack)

        total = time_call(full, max(1, rounds // 5))
        pack = load_pack(folder)
        answers = {f"q{i}": "o1" for i in range(0, n, 3)}
        per = time_call(lambda pack=pack, answers=answers: core(pack, answers),
                        max(3, rounds // 3))
        per_question.append(per.median / n)
        rows.append(f"| {n} | {m} | {total.ms()} | {per.ms()} | "
                    f"{per.median / n * 1e6:.1f} µs |")
    growth = per_question[-1] / per_question[0]
    rows += ["", f"Per-answer time per question changes {growth:.2f}x from the smallest to the "
             "largest pack (1.0 = exactly linear; below 1 = better than linear)."]
    return "\n".join(rows)
