"""A plain-text summary of an Evaluation, at most 80 columns, for terminals and CI logs."""

from __future__ import annotations

import textwrap

from archdecide.decisions.engine.evaluation import Evaluation
from archdecide.decisions.sizing.memory import GIB
from archdecide.decisions.sizing.sources import source_dict, source_lines
from archdecide.decisions.sizing.tco import FAMILIES, TCOReport
from archdecide.decisions.wording import question_words

WIDTH = 80


def _wrap(text: str, indent: str = "  ", first: str | None = None,
          width: int = WIDTH) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent + "  ", break_on_hyphens=False) or [indent]


def _money(value: float) -> str:
    return f"${value:,.0f}" if abs(value) >= 100 else f"${value:,.2f}"


def sizing_lines(report: TCOReport | None, width: int = WIDTH,
                 ev: Evaluation | None = None) -> list[str]:
    """Sizing and cost, as plain lines (shared by `decide` and the wizard, which passes a
    huge width and lets its widget wrap). With `ev`, the cheapest is the cheapest of the
    families an option not excluded belongs to, the recommended family is marked, and a
    family every option of which is excluded says so."""
    if report is None:
        return []
    eligible: set[str] | None = None
    chosen = None
    if ev is not None:
        eligible = {ev.pack.architectures[r.architecture].family for r in ev.ranking
                    if not r.excluded}
        rec = ev.recommendation
        chosen = ev.pack.architectures[rec].family if rec is not None else None
    open_costs = {f: c.monthly_usd for f, c in report.families.items()
                  if c.feasible and c.monthly_usd is not None
                  and (eligible is None or f in eligible)}
    cheapest = min(open_costs, key=lambda f: (open_costs[f], FAMILIES.index(f))) \
        if open_costs else None
    s = report.sizing
    lines = ["", "Sizing (GiB = 2^30 bytes):"]
    lines += _wrap(
        f"{s.model_name} ({s.model_license}) at {s.request.precision} on {s.gpu_name}: "
        f"{s.total_bytes / GIB:.1f} GiB per replica (weights {s.weights_bytes / GIB:.1f}, "
        f"KV cache {s.kv_cache_bytes / GIB:.1f}, overhead {s.overhead_bytes / GIB:.1f}) "
        f"-> {s.gpus_per_replica} GPU(s) per replica x {s.replicas} "
        f"replica(s) = {s.total_gpus} GPUs"
        + (f" ({s.spares} spare for {s.request.availability} availability)" if s.spares else "")
        + f"; about {s.decode_tokens_per_s:.0f} tokens/s per stream, first token in "
        f"{s.ttft_s * 1000:,.0f} ms.", first="  ", width=width)
    among = "" if eligible is None else " of the options not excluded"
    lines += ["", *_wrap(f"Cost for {s.request.monthly_tokens:,} tokens/month (over "
                         f"{report.horizon_months} months; cheapest{among}: "
                         f"{cheapest or 'none'}):", first="", width=width)]
    lines += _wrap(f"API basis: {report.api_basis}; prices as of "
                   f"{report.prices_as_of() or 'n/a'} or later.", first="  ", width=width)
    lines += [
              f"  {'family':<17} {'per month':>12} {'per 1M tok':>11}  break-even vs API"]
    for name in FAMILIES:
        fam = report.families.get(name)
        if fam is None:
            continue
        if not fam.feasible or fam.monthly_usd is None:
            lines.append(f"  {name:<17} {'not feasible':>12}")
            continue
        month = fam.break_even_vs_api.month if fam.break_even_vs_api is not None else None
        when = "" if not fam.capex_usd else (f"month {month}" if month is not None else "never")
        per_m = fam.usd_per_mtok
        mark = " <- recommended" if name == chosen else (
            " (excluded)" if eligible is not None and name not in eligible else "")
        lines.append(f"  {name:<17} {_money(fam.monthly_usd):>12} "
                     f"{'' if per_m is None else _money(per_m):>11}  {when}{mark}"[:WIDTH])
    return lines + source_lines(map(source_dict, report.sources), width)


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _depends_text(ev: Evaluation, entry: dict[str, object]) -> str:
    """One unanswered question in the pack's words: what was assumed, and what each other
    answer would recommend."""
    from archdecide.decisions.engine.answers import answer_label

    question = ev.pack.questions[str(entry["question"])]
    outcomes = entry["outcomes"]
    assert isinstance(outcomes, list)
    then = "; ".join(
        f"{answer_label(question, o['answer'])}: "
        + (ev.pack.architectures[o["recommendation"]].name if o["recommendation"]
           else "nothing (all excluded)") for o in outcomes)
    return (f"{question.prompt} (assumed: {answer_label(question, entry['assumed'])}) - "  # type: ignore[arg-type]
            f"{then}")


def render_text(ev: Evaluation) -> str:
    """The report of an evaluation: recommendation, ranking, exclusions with their paths in
    words, why not the others, warnings, sensitivity, sizing and cost, assumed answers."""
    pack = ev.pack
    lines = [f"archdecide - knowledge pack {pack.id} {pack.version} (sha256 {pack.sha256[:12]})"]
    rec = ev.recommendation
    if rec is None:
        lines.append("Recommendation: none - every architecture is excluded.")
    else:
        margin, runner = ev.margin, ev.runner_up
        extra = (f", {round(margin, 2):.1f} points ahead of {pack.architectures[runner].name}"
                 if margin is not None and runner is not None else "")
        lines += _wrap(f"Recommendation: {pack.architectures[rec].name}, score "
                       f"{round(ev.ranked(rec).score, 2):.1f}/100{extra}", first="")
    depends = ev.depends_on
    if depends:  # within the first five lines: what an unanswered question would change
        lines += _wrap("It depends on what you did not answer: " + and_list(
            [question_words(d["question"]) for d in depends]) + " (see below).", first="")
        lines += ["", *_wrap(
            "Decided by a default: another answer to "
            + ("this question" if len(depends) == 1 else "these questions")
            + " would change the recommendation. Answer "
            + ("it" if len(depends) == 1 else "them") + " to be sure:", first="")]
        for entry in depends[:6]:
            lines += _wrap(_depends_text(ev, entry), first="  - ", indent="    ")
    lines += ["", "Ranking:"]
    for i, row in enumerate(ev.ranking, 1):
        mark = "excluded" if row.excluded else f"{round(row.score, 2):5.1f}"
        lines.append(f"  {i:>2}. {row.architecture:<24} {mark:>8}  {row.name}"[:WIDTH])
    if ev.excluded:
        lines += ["", "Excluded:"]
        for row in ev.excluded:
            for ex in row.exclusions:
                lines += _wrap(ev.explain(ex), first="  - ", indent="    ")
    why = [row for row in ev.ranking if not row.excluded and row.why_not]
    if why:
        lines += ["", "Why not the others:"]
        for row in why:
            lines += _wrap(f"{row.architecture}: " + "; ".join(row.why_not),
                           first="  - ", indent="    ")
    warnings = ev.warnings()
    if warnings:
        lines += ["", "Warnings and conflicts:"]
        for n in warnings:
            lines += _wrap(f"[{n.kind}] {n.message} ({n.source})", first="  - ", indent="    ")
    sens = ev.sensitivity
    if sens.answers or sens.weights:
        lines += ["", "Sensitivity:"]
        for answer_flip in sens.answers[:8]:
            lines += _wrap(answer_flip.words(pack), first="  - ", indent="    ")
        for weight_flip in sens.weights[:3]:
            lines += _wrap(weight_flip.words(pack), first="  - ", indent="    ")
    lines += sizing_lines(ev.report, ev=ev)
    if ev.assumed:
        lines += ["", "Assumed (defaults, not answered):"]
        lines += _wrap(", ".join(ev.assumed), first="  ")
        for qid, value, reason in ev.strict_defaults:
            lines += _wrap(f"{qid} = {value}: the strict option, because {reason}",
                           first="  - ", indent="    ")
    if ev.ignored:
        lines += ["", "Ignored (not on the path for these answers):"]
        lines += _wrap(", ".join(ev.ignored), first="  ")
    return "\n".join(line.rstrip() for line in lines) + "\n"
