"""Sizing and cost as text (the chart lives in the result screen)."""

from __future__ import annotations

from typing import Any

from rich.text import Text


def _money(value: float) -> str:
    return f"${value:,.0f}" if abs(value) >= 100 else f"${value:,.2f}"


def cost_text(data: dict[str, Any]) -> Text:
    text = Text()
    text.append("Sizing and cost\n", style="bold")
    sizing = data.get("sizing")
    tco = data.get("tco")
    if not sizing and not tco:
        text.append("no sizing figures for this pack\n", style="dim")
        return text
    if sizing:
        for key in ("model", "precision", "gpu", "gpus_per_replica", "replicas", "total_gib",
                    "decode_tokens_per_s"):
            if key in sizing and sizing[key] is not None:
                text.append(f"{key.replace('_', ' ')}: {sizing[key]}\n")
    if tco and isinstance(tco.get("families"), dict):
        for name, fam in tco["families"].items():
            if isinstance(fam, dict) and "monthly_usd" in fam:
                text.append(f"{name:<18} {_money(fam['monthly_usd']):>12}/month\n")
    return text
