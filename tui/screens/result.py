"""Result: the recommendation and margin, score breakdown, why not the others, warnings,
sensitivity, sizing and cost. Everything shown comes from Evaluation.to_dict()."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tui.widgets.cost import cost_text


def headline(data: dict[str, Any]) -> Text:
    ranking = {r["architecture"]: r for r in data["ranking"]}
    rec = data["recommendation"]
    text = Text()
    if rec is None:
        text.append("No recommendation: every architecture is excluded.", style="bold")
        return text
    text.append("Recommended: ", style="bold")
    text.append(f"{ranking[rec]['name']} ({rec})", style="bold reverse")
    text.append(f"\nScore {ranking[rec]['score']:.1f}/100")
    if data["margin"] is not None:
        text.append(f", {data['margin']:.1f} points ahead of {data['runner_up']}")
        if data["margin"] < 3:
            text.append(" - a close call: read the sensitivity below", style="italic")
    return text


def why_not_text(data: dict[str, Any]) -> Text:
    text = Text()
    text.append("Why not the others\n", style="bold")
    for row in data["ranking"]:
        if row["architecture"] == data["recommendation"]:
            continue
        head = "excluded" if row["excluded"] else f"{row['score']:.1f}"
        text.append(f"- {row['architecture']} ({head}): ", style="bold")
        text.append("; ".join(row["reasons"] if row["excluded"] else row["why_not"]) or
                    "close behind")
        text.append("\n")
    return text


def warnings_text(data: dict[str, Any]) -> Text:
    text = Text()
    text.append(f"Warnings and conflicts ({len(data['warnings'])})\n", style="bold")
    for w in data["warnings"]:
        text.append(f"- [{w['kind']}] ", style="bold" if w["kind"] == "conflict" else "")
        text.append(f"{w['message']} ({w['source']})\n")
    if not data["warnings"]:
        text.append("none\n", style="dim")
    return text


def sensitivity_text(data: dict[str, Any]) -> Text:
    sens = data.get("sensitivity") or {}
    text = Text()
    text.append("Sensitivity: what would change the answer\n", style="bold")
    flips = sens.get("answers", [])
    for flip in flips[:10]:
        text.append(f"- {flip['text']}\n")
    if len(flips) > 10:
        text.append(f"  ... and {len(flips) - 10} more (see the record)\n", style="dim")
    for flip in sens.get("weights", [])[:3]:
        text.append(f"- {flip['text']}\n")
    if not flips and not sens.get("weights"):
        text.append("no single answer change flips the recommendation\n", style="dim")
    return text


class ResultScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "save", "Save record", id="save"),
        Binding("e", "review", "Change answers", id="review"),
        Binding("escape", "review", "Back", show=False, id="back"),
        Binding("b", "review", "Back", show=False, id="back-b"),
    ]

    def compose(self) -> ComposeResult:
        data = self.app.evaluation(with_sensitivity=True).to_dict()  # type: ignore[attr-defined]
        yield Header()
        with VerticalScroll(id="result"):
            yield Static(headline(data), id="headline", markup=False)
            yield Static(Text("Score breakdown (points per criterion)", style="bold"))
            yield DataTable(id="breakdown", cursor_type="row", zebra_stripes=True)
            yield Static(why_not_text(data), id="why-not", markup=False)
            yield Static(warnings_text(data), id="warnings", markup=False)
            yield Static(sensitivity_text(data), id="sensitivity", markup=False)
            yield Static(cost_text(data), id="cost", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        data = self.app.evaluation(with_sensitivity=True).to_dict()  # type: ignore[attr-defined]
        table = self.query_one("#breakdown", DataTable)
        criteria = list(data["weights"])
        table.add_column("criterion (weight)")
        eligible = [r for r in data["ranking"] if not r["excluded"]][:4]
        for row in eligible:
            table.add_column(row["architecture"][:14])
        for cid in criteria:
            table.add_row(Text(f"{cid} ({data['weights'][cid]:g})"),
                          *[Text(f"{row['contributions'][cid]:.1f}") for row in eligible])
        table.add_row(Text("total", style="bold"),
                      *[Text(f"{row['score']:.1f}", style="bold") for row in eligible])
        self.query_one("#result").focus()

    def action_save(self) -> None:
        from tui.screens.save import SaveScreen

        self.app.push_screen(SaveScreen())

    def action_review(self) -> None:
        from tui.screens.review import ReviewScreen

        self.app.switch_to(ReviewScreen())  # type: ignore[attr-defined]
