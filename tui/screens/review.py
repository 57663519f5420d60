"""Review: every answer on the path (assumed ones marked); pick one to change it."""

from __future__ import annotations

from archdecide.tui.widgets.ranking import ranking_line
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static


class ReviewScreen(Screen[None]):
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
        data = self.app.evaluation().to_dict()  # type: ignore[attr-defined]
        assumed = len(data["assumed"])
        self.query_one("#summary", Static).update(
            f"Review: {len(data['answers'])} answers ({assumed} assumed) · {ranking_line(data)}")
        table = self.query_one("#answers", DataTable)
        table.add_columns("Question", "Answer", "")
        for row in data["answers"]:
            mark = "assumed" if row["assumed"] else ""
            table.add_row(Text(row["question"]), Text(row["label"]), Text(mark, style="italic"),
                          key=row["question"])
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

        self.app.switch_to(QuestionScreen(question_id, editing=True))  # type: ignore[attr-defined]

    def action_result(self) -> None:
        from archdecide.tui.screens.result import ResultScreen

        self.app.switch_to(ResultScreen())  # type: ignore[attr-defined]

    def action_back(self) -> None:
        from archdecide.tui.screens.question import QuestionScreen

        previous = self.app.session.back()  # type: ignore[attr-defined]
        if previous is None:
            return
        self.app.remember(*previous)  # type: ignore[attr-defined]
        self.app.save_draft()  # type: ignore[attr-defined]
        self.app.switch_to(QuestionScreen(previous[0]))  # type: ignore[attr-defined]
