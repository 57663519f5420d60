"""Sizing and cost as text for the result screen (the same lines as `decide`'s output)."""

from __future__ import annotations

from typing import Any

from archdecide.decisions.report import sizing_lines
from rich.text import Text


def cost_text(data: dict[str, Any]) -> Text:
    lines = sizing_lines(data, width=10_000)
    if not lines:
        return Text("Sizing and cost: no catalog figures in this pack", style="dim")
    text = Text()
    text.append("Sizing and cost\n", style="bold")
    text.append("\n".join(line for line in lines if line))
    return text
