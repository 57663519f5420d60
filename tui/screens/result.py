"""Result: the recommendation and margin, score breakdown, why not the others, warnings,
sensitivity, sizing and cost. Everything shown comes from Evaluation.to_dict()."""

from __future__ import annotations

from typing import Any

from archdecide.tui.widgets.cost import cost_text
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


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


def chart_series(data: dict[str, Any], top: int = 3
                 ) -> list[tuple[str, list[float], int | None]]:
    """(family, cumulative cost per month, break-even month vs API) for the families of the
    top eligible architectures, plus the API for comparison."""
    tco = data.get("tco") or {}
    families = tco.get("families") or {}
    ranking = [r for r in data["ranking"] if not r["excluded"]][:top]
    wanted: list[str] = []
    for row in ranking:
        family = row.get("family")
        if family and family not in wanted:
            wanted.append(family)
    if "api" not in wanted:
        wanted.append("api")
    out = []
    for family in wanted:
        fam = families.get(family) or {}
        values = fam.get("cumulative_usd")
        if fam.get("feasible") and values:
            month = (fam.get("break_even_vs_api") or {}).get("month")
            if not isinstance(month, int) or family == "api":
                month = None  # "never" or not applicable: nothing to mark
            out.append((family, list(values), month))
    return out


def assumptions_text(data: dict[str, Any]) -> Text:
    sizing = data.get("sizing") or {}
    text = Text()
    used = sizing.get("assumptions") or []
    if not used:
        return text
    text.append("Assumptions used (override with --assume or [assumptions])\n", style="bold")
    for a in used:
        text.append(f"- {a['id']} = {a['value']} {a.get('unit', '')} "
                    f"({a.get('source', '')}, {a.get('date', '')})\n")
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
            if chart_series(data):
                from textual_plotext import PlotextPlot

                yield PlotextPlot(id="tco-chart")
            yield Static(assumptions_text(data), id="assumptions", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        data = self.app.evaluation(with_sensitivity=True).to_dict()  # type: ignore[attr-defined]
        table = self.query_one("#breakdown", DataTable)
        criteria = list(data["weights"])
        table.add_column("criterion (weight)")
        eligible = [r for r in data["ranking"] if not r["excluded"]][:3]
        for row in eligible:
            table.add_column(row["architecture"][:15])
        for cid in criteria:
            table.add_row(Text(f"{cid[:20]} ({data['weights'][cid]:g})"),
                          *[Text(f"{row['contributions'][cid]:.1f}") for row in eligible])
        table.add_row(Text("total", style="bold"),
                      *[Text(f"{row['score']:.1f}", style="bold") for row in eligible])
        self._draw_chart(data)
        self.query_one("#result").focus()

    def _draw_chart(self, data: dict[str, Any]) -> None:
        series = chart_series(data)
        if not series:
            return
        from textual_plotext import PlotextPlot

        plot = self.query_one("#tco-chart", PlotextPlot)
        plt = plot.plt
        for name, values, _ in series:
            plt.plot(list(range(1, len(values) + 1)), [v / 1000 for v in values], label=name)
        for name, _, month in series:
            if month is not None:
                plt.vline(month)
                plt.text(f"{name} breaks even", x=month, y=0)
        plt.title("Cumulative cost, k$ (vertical line: break-even vs API)")
        plt.xlabel("month")

    def action_save(self) -> None:
        from archdecide.tui.screens.save import SaveScreen

        self.app.push_screen(SaveScreen())

    def action_review(self) -> None:
        from archdecide.tui.screens.review import ReviewScreen

        self.app.switch_to(ReviewScreen())  # type: ignore[attr-defined]
