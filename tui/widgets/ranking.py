"""The live ranking: top three with scores and how many are excluded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from archdecide.tui.glyphs import dot
from archdecide.tui.terminal_text import safe_line

if TYPE_CHECKING:
    from archdecide.decisions.engine.evaluation import Evaluation


def ranking_text(ev: Evaluation, top: int = 3) -> Text:
    text = Text()
    text.append("Live ranking (/100)\n", style="bold")
    eligible = [row for row in ev.ranking if not row.excluded]
    for i, row in enumerate(eligible[:top], 1):
        text.append(f"{row.score:>3.0f} ", style="bold" if i == 1 else "dim")
        text.append(f"{safe_line(row.name)}\n", style="bold" if i == 1 else "")
    excluded = len(ev.ranking) - len(eligible)
    if excluded:
        text.append(f"{excluded} excluded\n", style="italic")
    if not eligible:
        text.append("every option is excluded\n", style="bold")
    return text


def ranking_line(ev: Evaluation) -> str:
    """One line for narrow terminals."""
    eligible = [row for row in ev.ranking if not row.excluded]
    if not eligible:
        return "Leading: none (all excluded)"
    first = eligible[0]
    return (f"Leading: {safe_line(first.name)} {first.score:.0f}/100{dot()}"
            f"{len(ev.ranking) - len(eligible)} excluded")


class RankingPanel(Static):
    def show(self, ev: Evaluation) -> None:
        self.update(ranking_text(ev))
