"""A plain-text summary of an Evaluation, at most 80 columns, for terminals and CI logs."""

from __future__ import annotations

import textwrap
from typing import Any

WIDTH = 80


def _wrap(text: str, indent: str = "  ", first: str | None = None,
          width: int = WIDTH) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent + "  ", break_on_hyphens=False) or [indent]


def _money(value: float) -> str:
    return f"${value:,.0f}" if abs(value) >= 100 else f"${value:,.2f}"


def sizing_lines(data: dict[str, Any], width: int = WIDTH) -> list[str]:
    """Sizing and cost, as plain lines (shared by `decide` and the wizard, which passes a
    huge width and lets its widget wrap)."""
    sizing, tco = data.get("sizing"), data.get("tco")
    lines: list[str] = []
    if sizing:
        lines += ["", "Sizing (GiB = 2^30 bytes):"]
        lines += _wrap(
            f"{sizing['model_name']} at {sizing['precision']} on {sizing['gpu_name']}: "
            f"{sizing['total_gib']:.1f} GiB per replica (weights {sizing['weights_gib']:.1f}, "
            f"KV cache {sizing['kv_cache_gib']:.1f}, overhead {sizing['overhead_gib']:.1f}) "
            f"-> {sizing['gpus_per_replica']} GPU(s) per replica x {sizing['replicas']} "
            f"replica(s) = {sizing['total_gpus']} GPUs; about "
            f"{sizing['decode_tokens_per_s']:.0f} tokens/s per stream.", first="  ",
            width=width)
    if tco and tco.get("families"):
        lines += ["", f"Cost for {tco['monthly_tokens']:,} tokens/month (over "
                  f"{tco['horizon_months']} months; cheapest: {tco['cheapest']}):",
                  f"  {'family':<17} {'per month':>12} {'per 1M tok':>11}  break-even vs API"]
        for name, fam in tco["families"].items():
            if not fam.get("feasible") or fam.get("monthly_usd") is None:
                lines.append(f"  {name:<17} {'not feasible':>12}")
                continue
            be = fam.get("break_even_vs_api") or {}
            month = be.get("month")
            when = "" if not fam.get("capex_usd") else (
                f"month {month}" if isinstance(month, int) else "never")
            per_m = fam.get("usd_per_mtok")
            lines.append(f"  {name:<17} {_money(fam['monthly_usd']):>12} "
                         f"{'' if per_m is None else _money(per_m):>11}  {when}"[:WIDTH])
    return lines


def render_text(data: dict[str, Any]) -> str:
    """Render Evaluation.to_dict() output (so text and JSON can never disagree)."""
    lines: list[str] = []
    k = data["knowledge"]
    rec = data["recommendation"]
    ranking = {r["architecture"]: r for r in data["ranking"]}
    lines.append(f"archdecide - knowledge pack {k['id']} {k['version']} "
                 f"(sha256 {k['sha256'][:12]})")
    lines.append("")
    if rec is None:
        lines.append("Recommendation: none - every architecture is excluded.")
    else:
        margin = data["margin"]
        extra = (f", {margin:.1f} points ahead of {data['runner_up']}"
                 if margin is not None else "")
        lines += _wrap(f"Recommendation: {ranking[rec]['name']} ({rec}), score "
                       f"{ranking[rec]['score']:.1f}/100{extra}", first="")
    lines += ["", "Ranking:"]
    for i, row in enumerate(data["ranking"], 1):
        mark = "excluded" if row["excluded"] else f"{row['score']:5.1f}"
        lines.append(f"  {i:>2}. {row['architecture']:<24} {mark:>8}  {row['name']}"[:WIDTH])
    if data["excluded"]:
        lines += ["", "Excluded:"]
        for row in data["excluded"]:
            for text in row["explanations"]:
                lines += _wrap(text, first="  - ", indent="    ")
    why = [r for r in data["ranking"] if not r["excluded"] and r["why_not"]]
    if why:
        lines += ["", "Why not the others:"]
        for row in why:
            lines += _wrap(f"{row['architecture']}: " + "; ".join(row["why_not"]),
                           first="  - ", indent="    ")
    if data["warnings"]:
        lines += ["", "Warnings and conflicts:"]
        for w in data["warnings"]:
            lines += _wrap(f"[{w['kind']}] {w['message']} ({w['source']})", first="  - ",
                           indent="    ")
    sens = data.get("sensitivity") or {}
    if sens.get("answers") or sens.get("weights"):
        lines += ["", "Sensitivity:"]
        for flip in sens.get("answers", [])[:8]:
            lines += _wrap(flip["text"], first="  - ", indent="    ")
        for flip in sens.get("weights", [])[:3]:
            lines += _wrap(flip["text"], first="  - ", indent="    ")
    lines += sizing_lines(data)
    if data["assumed"]:
        lines += ["", "Assumed (defaults, not answered):"]
        lines += _wrap(", ".join(data["assumed"]), first="  ")
    if data["ignored"]:
        lines += ["", "Ignored (not on the path for these answers):"]
        lines += _wrap(", ".join(data["ignored"]), first="  ")
    return "\n".join(line.rstrip() for line in lines) + "\n"
