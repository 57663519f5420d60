"""Sizing and cost as text for the result screen (the same lines as `decide`'s output)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from archdecide.decisions.report import sizing_lines
from archdecide.tui.terminal_text import safe

if TYPE_CHECKING:
    from archdecide.decisions.engine.evaluation import Evaluation


def cost_text(ev: Evaluation) -> Text:
    lines = sizing_lines(ev.report, width=10_000, ev=ev)
    if not lines:
        return Text("Sizing and cost: no catalog figures in this pack", style="dim")
    text = Text()
    text.append("Sizing and cost\n", style="bold")
    text.append(safe("\n".join(line for line in lines if line)))
    return text
