"""Result: a summary that fits one 80x24 screen (the recommendation in words, its monthly cost
and GPUs, the runner-up and the margin, what an unanswered question would change, the top
three risks), then sections a user jumps between with the number keys: ranking (score
breakdown, why not the others), cost (sizing, the cost table, the chart, the assumptions),
sensitivity, warnings, and what the chosen architecture is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from archdecide.decisions.wording import first_sentence, question_words
from archdecide.tui.glyphs import ascii_only
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import clip, safe_line
from archdecide.tui.widgets.cost import cost_text
from archdecide.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from archdecide.decisions.engine.evaluation import Evaluation


SECTIONS = (("summary", "Summary"), ("ranking", "Ranking"), ("cost", "Cost"),
            ("sensitivity", "Sensitivity"), ("warnings", "Warnings"), ("about", "About"))
"""The result's sections, in tab order: key 1 opens the first, 2 the second..."""


def headline(ev: Evaluation) -> Text:
    """The summary: what is recommended and what it costs, the runner-up, what an unanswered
    question would change, the top three risks; in words, within one 80x24 screen."""
    rec = ev.recommendation
    text = Text()
    if rec is None:
        text.append("No recommendation: every architecture is excluded.", style="bold")
        text.append("\nThe Ranking section (key 2) says what excluded each one.")
        return text
    pack, row = ev.pack, ev.ranked(rec)
    arch = pack.architectures[rec]
    text.append("Recommended: ", style="bold")
    text.append(safe_line(row.name), style="bold reverse")
    text.append(f"\nScore {row.score:.1f} of 100")
    margin, runner = ev.margin, ev.runner_up
    if margin is not None and runner is not None:
        text.append(f", {margin:.1f} points ahead of {safe_line(pack.architectures[runner].name)}")
        if margin < 3:
            text.append(" - a close call: see Sensitivity (4)", style="italic")
    report = ev.report
    family = report.families.get(arch.family) if report is not None else None
    if family is not None and family.feasible and family.monthly_usd is not None:
        gpus = f"; {family.gpus} GPUs" if family.gpus else "; no GPUs of your own"
        tokens = report.sizing.request.monthly_tokens if report is not None else 0
        text.append(f"\nAbout ${family.monthly_usd:,.0f} a month for {tokens:,} tokens"
                    f"{gpus} (Cost, key 3)")
    depends = ev.depends_on
    if depends:
        names = ", ".join(question_words(d["question"]) for d in depends[:4])
        more = f" and {len(depends) - 4} more" if len(depends) > 4 else ""
        text.append("\n\nDepends on what you did not answer: ", style="bold")
        text.append(safe_line(f"{names}{more}") + " (e to answer, 4 for what each changes)")
    notices = ev.warnings()
    if notices:
        text.append("\n\nTop risks:", style="bold")
        for n in sorted(notices, key=lambda n: n.kind != "conflict")[:3]:
            text.append("\n- " + safe_line(clip(first_sentence(n.message), 140)))
        if len(notices) > 3:
            text.append(f"\n  and {len(notices) - 3} more (Warnings, key 5)", style="dim")
    text.append("\n\nWhat it is: About, key 6. Save the record: s.", style="dim")
    return text


def chosen_text(ev: Evaluation) -> Text:
    """What the recommended architecture is built with, what it needs, when it fits and when
    it is risky (from the pack)."""
    text = Text()
    if ev.recommendation is None:
        return text
    arch = ev.pack.architectures[ev.recommendation]
    text.append(f"About {safe_line(arch.name)}\n", style="bold")
    text.append(("Needs a third party at run time" if arch.internet_dependent
                 else "Runs without a connection to a third party") + "; data "
                + ("leaves" if arch.data_leaves_premises else "stays on") + " your premises\n")
    for title, items in (("Built with", arch.stack), ("Needs", arch.prerequisites),
                         ("Fits when", arch.fits_when), ("Risky when", arch.risky_when)):
        if items:
            text.append(f"{title}\n", style="bold")
            for item in items:
                text.append(f"- {safe_line(item)}\n")
    return text


def why_not_text(ev: Evaluation) -> Text:
    text = Text()
    text.append("Why not the others\n", style="bold")
    for row in ev.ranking:
        if row.architecture == ev.recommendation:
            continue
        head = "excluded" if row.excluded else f"{row.score:.1f}"
        text.append(f"- {safe_line(row.name)} ({head}): ", style="bold")
        text.append(safe_line("; ".join(row.why_not)) or "close behind")
        text.append("\n")
    return text


def warnings_text(ev: Evaluation) -> Text:
    notices = ev.warnings()
    text = Text()
    text.append(f"Warnings and conflicts ({len(notices)})\n", style="bold")
    for n in notices:
        text.append(f"- [{n.kind}] ", style="bold" if n.kind == "conflict" else "")
        text.append(safe_line(f"{n.message} ({n.source})") + "\n")
    if not notices:
        text.append("none\n", style="dim")
    return text


def sensitivity_text(ev: Evaluation) -> Text:
    sens = ev.sensitivity
    text = Text()
    text.append("Sensitivity: what would change the answer\n", style="bold")
    if sens.defaults:
        text.append("Decided by a default (not answered; answer to be sure):\n", style="bold")
        for default_flip in sens.defaults[:6]:
            text.append(f"- {safe_line(default_flip.words(ev.pack))}\n")
    for answer_flip in sens.answers[:10]:
        text.append(f"- {safe_line(answer_flip.words(ev.pack))}\n")
    if len(sens.answers) > 10:
        text.append(f"  ... and {len(sens.answers) - 10} more (see the record)\n", style="dim")
    for weight_flip in sens.weights[:3]:
        text.append(f"- {safe_line(weight_flip.words(ev.pack))}\n")
    if not sens.answers and not sens.weights and not sens.defaults:
        text.append("no single answer change flips the recommendation\n", style="dim")
    return text


def chart_series(ev: Evaluation, top: int = 3) -> list[tuple[str, list[float], int | None]]:
    """(family, cumulative cost per month, break-even month vs API) for the families of the
    top eligible architectures, plus the API for comparison."""
    report = ev.report
    if report is None:
        return []
    wanted: list[str] = []
    for row in [r for r in ev.ranking if not r.excluded][:top]:
        if row.family not in wanted:
            wanted.append(row.family)
    if "api" not in wanted:
        wanted.append("api")
    out = []
    for family in wanted:
        fam = report.families.get(family)
        if fam is not None and fam.feasible and fam.cumulative_usd:
            month = fam.break_even_vs_api.month if fam.break_even_vs_api is not None else None
            out.append((family, list(fam.cumulative_usd), None if family == "api" else month))
    return out


def assumptions_text(ev: Evaluation) -> Text:
    text = Text()
    used = ev.report.assumptions if ev.report is not None else ()
    if not used:
        return text
    text.append("Assumptions used (override with --assume or [assumptions])\n", style="bold")
    for item in used:
        shown = item.to_dict()
        text.append(safe_line(f"- {shown['id']} = {shown['value']} {item.unit} "
                              f"({shown['source']}, {shown['date']})") + "\n")
    return text


class ResultScreen(WizardScreen):
    BINDINGS = [  # the section keys are on the tabs themselves ("1 Summary"), not the footer
        *(Binding(str(i), f"section('{sid}')", title, show=False, id=f"section-{sid}")
          for i, (sid, title) in enumerate(SECTIONS, 1)),
        Binding("s", "save", "Save record", id="save"),
        Binding("e", "review", "Change answers", id="review"),
        Binding("w", "what_if", "What if", id="what-if"),
        Binding("x", "app.export_answers", "Export answers", show=False, id="export-answers"),
        Binding("escape", "review", "Back", show=False, id="back"),
        Binding("b", "review", "Back", show=False, id="back-b"),
    ]

    def compose(self) -> ComposeResult:
        ev = self.wizard.evaluation(with_sensitivity=True)
        yield Header()
        with TabbedContent(initial="summary-tab", id="result-tabs"):
            with TabPane("1 Summary", id="summary-tab"), VerticalScroll(id="result"):
                yield Static(headline(ev), id="headline", markup=False)
            with TabPane("2 Ranking", id="ranking-tab"), VerticalScroll():
                yield Static(Text("Score breakdown (points per criterion)", style="bold"))
                yield DataTable(id="breakdown", cursor_type="row", zebra_stripes=True)
                yield Static(why_not_text(ev), id="why-not", markup=False)
            with TabPane("3 Cost", id="cost-tab"), VerticalScroll():
                yield Static(cost_text(ev), id="cost", markup=False)
                if chart_series(ev) and not ascii_only():  # plotext draws with braille
                    from textual_plotext import PlotextPlot

                    yield PlotextPlot(id="tco-chart")
                yield Static(assumptions_text(ev), id="assumptions", markup=False)
            with TabPane("4 Sensitivity", id="sensitivity-tab"), VerticalScroll():
                yield Static(sensitivity_text(ev), id="sensitivity", markup=False)
            with TabPane("5 Warnings", id="warnings-tab"), VerticalScroll():
                yield Static(warnings_text(ev), id="warnings", markup=False)
            with TabPane("6 About", id="about-tab"), VerticalScroll():
                yield Static(chosen_text(ev), id="chosen", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        ev = self.wizard.evaluation(with_sensitivity=True)
        table = self.query_one("#breakdown", DataTable)
        table.add_column("criterion (weight)")
        eligible = [row for row in ev.ranking if not row.excluded][:3]
        for row in eligible:
            table.add_column(clip(row.name, 18))
        for cid, weight in ev.weights.items():
            table.add_row(Text(f"{clip(ev.pack.criteria[cid].name, 24)} ({round(weight, 2):g})"),
                          *[Text(f"{row.contributions[cid]:.1f}") for row in eligible])
        table.add_row(Text("total", style="bold"),
                      *[Text(f"{row.score:.1f}", style="bold") for row in eligible])
        self._draw_chart(ev)
        self.query_one("#result").focus()

    def _draw_chart(self, ev: Evaluation) -> None:
        series = chart_series(ev)
        if not series or ascii_only():
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

    def action_section(self, section: str) -> None:
        """Open a section of the result (keys 1-6)."""
        self.query_one("#result-tabs", TabbedContent).active = f"{section}-tab"

    def action_save(self) -> None:
        self.wizard.open("save")

    def action_what_if(self) -> None:
        self.wizard.open("whatif")

    def action_review(self) -> None:
        self.wizard.show("review")
