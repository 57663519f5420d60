"""What every benchmark returns: its markdown section and the targets it checked."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Result:
    target: str
    """The target as stated in the issue, e.g. "wizard first screen <= 1.25x bare Textual"."""
    measured: str
    met: bool | None
    """None: reported only, no target."""
    verdict: str


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def check(self, target: str, measured: str, met: bool | None, verdict: str) -> None:
        self.results.append(Result(target, measured, met, verdict))

    def markdown(self) -> str:
        return "\n".join([f"## {self.title}", "", *self.lines]).rstrip()


def summary(sections: list[Section]) -> str:
    rows = ["## Summary of targets", "", "| target | measured | verdict |", "|---|---|---|"]
    for section in sections:
        for r in section.results:
            text = {True: "met", False: f"**{r.verdict}**", None: "reported (no target)"}[r.met]
            rows.append(f"| {r.target} | {r.measured} | {text} |")
    return "\n".join(rows)
