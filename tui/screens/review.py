"""Review: every answer on the path by its question's prompt (assumed ones marked); pick one
to change it, and come back to the same row."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from archdecide.tui.glyphs import dot
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import clip, safe_line
from archdecide.tui.widgets.footer import KeyFooter
from archdecide.tui.widgets.ranking import ranking_line


class ReviewScreen(WizardScreen):
    BINDINGS = [
        Binding("enter", "edit", "Change", id="edit", show=False),
        Binding("c", "result", "See result", id="result"),
        Binding("x", "app.export_answers", "Export answers", id="export-answers"),
        Binding("escape", "back", "Back", id="back"),
        Binding("b", "back", "Back", show=False, id="back-b"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review"):
            yield Static(id="summary", markup=False)
            yield DataTable(id="answers", cursor_type="row", zebra_stripes=True)
            yield Static(Text(f"enter: change the highlighted answer{dot()}c: see the result",
                              style="dim"), id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        ev = self.wizard.evaluation()
        answers = ev.shown_answers()
        self.query_one("#summary", Static).update(
            f"Review: {len(answers)} answers ({len(ev.assumed)} assumed){dot()}{ranking_line(ev)}")
        table = self.query_one("#answers", DataTable)
        table.add_columns("Question", "Answer", "")
        # The columns share the width: the answers as wide as their longest (up to half), the
        # questions the rest; 3 columns of 1+1 padding, the mark's 7, the scrollbar and edges 4.
        room = max(30, self.app.size.width - 6 - 7 - 4)
        longest = max((len(safe_line(row.label)) for row in answers), default=12)
        answer_width = max(12, min(longest, room // 2))
        question_width = room - answer_width
        for row in answers:
            mark = "assumed" if row.assumed else ""
            table.add_row(Text(clip(safe_line(row.prompt), question_width)),
                          Text(clip(safe_line(row.label), answer_width)),
                          Text(mark, style="italic"), key=row.question)
        edited = self.wizard.last_edited
        if edited is not None and edited in {row.question for row in answers}:
            table.move_cursor(row=table.get_row_index(edited))
        table.focus()

    @on(DataTable.RowHighlighted, "#answers")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole prompt of the highlighted row (the table cuts long ones)."""
        qid = str(event.row_key.value)
        if qid in self.wizard.pack.questions:
            self.show("#hint", Text.assemble(
                (safe_line(self.wizard.pack.questions[qid].prompt), "bold"),
                (f"\nenter: change it{dot()}c: see the result{dot()}x: export the answers",
                 "dim")))

    @on(DataTable.RowSelected, "#answers")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._edit(str(event.row_key.value))

    def action_edit(self) -> None:
        table = self.query_one("#answers", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._edit(str(key.value))

    def _edit(self, question_id: str) -> None:
        self.wizard.last_edited = question_id
        self.wizard.show("question", question_id, editing=True)

    def action_result(self) -> None:
        self.wizard.show("result")

    def action_back(self) -> None:
        path = self.wizard.session.path()
        if not path:
            return
        self.wizard.show("question", path[-1])  # the last question, answer kept
