"""evaluate() and the sensitivity analysis in-process on the bundled pack (targets: under
5 ms and under 100 ms), beside a floor of the same machine: one walk of the flow."""

from __future__ import annotations

from pathlib import Path

from bench.harness import time_call

PROFILE = {"data_sensitivity": "regulated", "network_isolation": "private_only",
           "compliance": ["gdpr"], "monthly_tokens": 800_000_000,
           "model_quality": "strong_open", "fine_tuning": "adapters"}


def run(work: Path, rounds: int, quick: bool) -> str:
    from decisions.answers import check_answers
    from decisions.evaluation import core, evaluate
    from decisions.flow import walk
    from decisions.sensitivity import analyse
    from knowledge.loader import load_pack

    pack = load_pack()
    answers, _ = check_answers(pack, {k: v for k, v in PROFILE.items() if k in pack.questions})
    inner = 5 if quick else 50
    floor = time_call(lambda: walk(pack, answers), rounds, inner)
    ev = time_call(lambda: evaluate(pack, answers, with_sensitivity=False), rounds, inner)
    base = core(pack, answers)
    sens = time_call(lambda: analyse(pack, answers, base, None), rounds, max(1, inner // 10))
    rows = ["## Engine on the bundled pack", "",
            "| measurement | median | floor (walk only) | target | verdict |",
            "|---|---|---|---|---|"]
    for name, timing, target in (("evaluate() without sensitivity", ev, 5e-3),
                                 ("sensitivity analysis", sens, 100e-3)):
        verdict = "met" if timing.median < target else "missed"
        rows.append(f"| {name} | {timing.ms()} | {floor.ms()} | < {target * 1e3:.0f} ms | "
                    f"{verdict} |")
    return "\n".join(rows)
