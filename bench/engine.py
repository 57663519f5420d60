"""evaluate() and the sensitivity analysis in-process on the bundled pack (targets, issue 28:
at most 2 ms and 20 ms), beside a floor of the same machine: one walk of the flow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench import profiling
from bench.harness import time_call, verdict
from bench.report import Section

PROFILE = {"data_sensitivity": "regulated", "network_isolation": "private_only",
           "compliance": ["gdpr"], "monthly_tokens": 800_000_000,
           "model_quality": "strong_open", "fine_tuning": "adapters"}


def run(work: Path, rounds: int, quick: bool) -> Section:
    from archdecide.decisions.engine.answers import check_answers
    from archdecide.decisions.engine.evaluation import core, evaluate
    from archdecide.decisions.engine.flow import walk
    from archdecide.decisions.engine.sensitivity import analyse
    from archdecide.knowledge.loader import load_pack

    pack = load_pack()
    answers, _ = check_answers(pack, {k: v for k, v in PROFILE.items() if k in pack.questions})
    inner = 5 if quick else 50
    floor = time_call(lambda: walk(pack, answers), rounds, inner)
    base = core(pack, answers)
    cases: list[tuple[str, Callable[[], object], int, float]] = [
        ("evaluate() without sensitivity",
         lambda: evaluate(pack, answers, with_sensitivity=False), inner, 2e-3),
        ("sensitivity analysis", lambda: analyse(pack, answers, base, None),
         max(1, inner // 10), 20e-3),
    ]
    section = Section("Engine on the bundled pack")
    section.add(f"In-process, {len(pack.questions)} questions, {len(pack.architectures)} "
                f"architectures, answers for {len(answers)} questions. Floor: one walk of the "
                "flow over the same answers (what any evaluation must at least do).", "",
                "| measurement | median (range) | floor (walk only) | ratio | target | verdict |",
                "|---|---|---|---|---|---|")
    for name, func, n, target in cases:
        timing = time_call(func, rounds, n)
        met, text = verdict(timing.median * 1e3, target * 1e3, unit=" ms")
        section.add(f"| {name} | {timing.ms()} | {floor.ms()} | "
                    f"{timing.median / floor.median:.0f}x | < {target * 1e3:.0f} ms | {text} |")
        section.check(f"{name} < {target * 1e3:.0f} ms (bundled pack)",
                      f"{timing.median * 1e3:.2f} ms", met, text)
        if not met and not quick:
            profile = profiling.profile_call(lambda func=func: [func() for _ in range(20)])
            if profile is not None:
                section.add("", f"Profile of 20 calls of {name}:", "", *profile.lines())
    return section
