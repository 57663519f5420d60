"""Review: every answer on the path (assumed ones marked); pick one to change it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe_line
from archdecide.tui.widgets.ranking import ranking_line


class ReviewScreen(WizardScreen):
    BINDINGS = [
        Binding("enter", "edit", "Change", id="edit", show=False),
        Binding("c", "result", "See result", id="result"),
        Binding("escape", "back", "Back", id="back"),
        Binding("b", "back", "Back", show=False, id="back-b"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review"):
            yield Static(id="summary", markup=False)
            yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
            yield Static(Text("enter: change the highlighted answer · c: see the result",
                              style="dim"), id="hint")
        yield Footer()

    def on_mount(self) -> None:
        ev = self.wizard.evaluation()
        answers = ev.shown_answers()
        self.query_one("#summary", Static).update(
            f"Review: {len(answers)} answers ({len(ev.assumed)} assumed) · {ranking_line(ev)}")
        table = self.query_one("#answers", DataTable)
        table.add_columns("Question", "Answer", "")
        for row in answers:
            mark = "assumed" if row.assumed else ""
            table.add_row(Text(row.question), Text(safe_line(row.label)),
                          Text(mark, style="italic"), key=row.question)
        table.focus()

    @on(DataTable.RowSelected, "#answers")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._edit(str(event.row_key.value))

    def action_edit(self) -> None:
        table = self.query_one("#answers", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._edit(str(key.value))

    def _edit(self, question_id: str) -> None:
        from archdecide.tui.screens.question import QuestionScreen

        self.wizard.switch_to(QuestionScreen(question_id, editing=True))

    def action_result(self) -> None:
        from archdecide.tui.screens.result import ResultScreen

        self.wizard.switch_to(ResultScreen())

    def action_back(self) -> None:
        from archdecide.tui.screens.question import QuestionScreen

        path = self.wizard.session.path()
        if not path:
            return
        self.wizard.switch_to(QuestionScreen(path[-1]))  # the last question, answer kept
