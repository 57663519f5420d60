"""The live ranking: top three with scores and how many are excluded."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static


def ranking_text(data: dict[str, Any], top: int = 3) -> Text:
    text = Text()
    text.append("Live ranking (/100)\n", style="bold")
    eligible = [r for r in data["ranking"] if not r["excluded"]]
    for i, row in enumerate(eligible[:top], 1):
        text.append(f"{row['score']:>3.0f} ", style="bold" if i == 1 else "dim")
        text.append(f"{row['architecture']}\n", style="bold" if i == 1 else "")
    excluded = len(data["ranking"]) - len(eligible)
    if excluded:
        text.append(f"{excluded} excluded\n", style="italic")
    if not eligible:
        text.append("every option is excluded\n", style="bold")
    return text


def ranking_line(data: dict[str, Any]) -> str:
    """One line for narrow terminals."""
    eligible = [r for r in data["ranking"] if not r["excluded"]]
    excluded = len(data["ranking"]) - len(eligible)
    if not eligible:
        return "Leading: none (all excluded)"
    first = eligible[0]
    return f"Leading: {first['architecture']} {first['score']:.0f}/100 · {excluded} excluded"


class RankingPanel(Static):
    def show(self, data: dict[str, Any]) -> None:
        self.update(ranking_text(data))
