"""The table of real decisions in docs/real-decisions.md:
`python -m tests.real_decisions.table` prints it; a test checks the docs contain it."""

from __future__ import annotations

from archdecide.knowledge.loader import bundled_pack_path, load_pack
from archdecide.knowledge.pack import KnowledgePack
from tests.real_decisions.evaluate import load, run


def why(pack: KnowledgePack, case_id: str) -> str:
    case = next(c for c in load() if c.id == case_id)
    ev = run(pack, case)
    rec = ev.recommendation
    if rec is None:
        return "every architecture excluded"
    stated = ", ".join(f"{k} = {v}" for k, v in case.answers.items())
    if rec == case.chose:
        if ev.runner_up is None:
            return f"from {stated}: the only architecture these answers leave"
        return f"from {stated}: {ev.margin or 0:.1f} points ahead of {ev.runner_up}"
    gap = ev.ranked(rec).score - (ev.ranked(case.chose).score
                                  if not ev.ranked(case.chose).excluded else 0.0)
    reason = ("; ".join(ev.why_not(case.chose))[:160] if not ev.ranked(case.chose).excluded
              else "; ".join(ev.ranked(case.chose).reasons)[:160])
    return f"from {stated}: {case.chose} is {gap:.1f} points behind; it {reason}"


def render(pack: KnowledgePack) -> str:
    lines = ["| case | year | what they did | archdecide's pick | why | source |",
             "|---|---|---|---|---|---|"]
    for case in load():
        ev = run(pack, case)
        pick = ev.recommendation or "none"
        mark = "" if pick == case.chose else " (differs)"
        lines.append(f"| {case.organisation} | {case.year} | {case.chose} | {pick}{mark} | "
                     f"{why(pack, case.id).replace('|', '/')} | "
                     f"[{case.source_date}]({case.source}) |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(load_pack(bundled_pack_path())))
