"""The wizard's own commands in the command palette (ctrl+p): go to a question, review,
result, save, export the answers, glossary, records. Textual's system commands stay."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from archdecide.tui.terminal_text import clip, safe_line

if TYPE_CHECKING:
    from archdecide.tui.app import ArchdecideApp


def wizard_commands(app: ArchdecideApp) -> Iterator[SystemCommand]:
    from archdecide.tui.screens.question import QuestionScreen
    from archdecide.tui.screens.records import RecordsScreen
    from archdecide.tui.screens.result import ResultScreen
    from archdecide.tui.screens.review import ReviewScreen
    from archdecide.tui.screens.save import SaveScreen

    if app.loaded:
        yield SystemCommand("Glossary", "Terms and definitions (ctrl+g)", app.action_glossary)
        yield SystemCommand("Decision records", "Browse, recheck and export saved records",
                            lambda: app.push_screen(RecordsScreen()))
    if not app.loaded or not app.draft_claimed:
        return
    yield SystemCommand("Review answers", "Every answer on the path (ctrl+r)",
                        lambda: app.switch_to(ReviewScreen()))
    yield SystemCommand("See the result", "The ranking, the reasons, the GPUs and the cost",
                        lambda: app.switch_to(ResultScreen()))
    yield SystemCommand("Save the decision as a record", "A TOML decision record (MADR fields)",
                        lambda: app.push_screen(SaveScreen()))
    yield SystemCommand("Export answers", "Write the answers as an answers file (x)",
                        app.action_export_answers)
    for number, qid in enumerate(app.session.path(), start=1):
        prompt = app.pack.questions[qid].prompt

        def go(qid: str = qid) -> None:
            app.switch_to(QuestionScreen(qid))

        yield SystemCommand(f"Go to question {number}: {clip(safe_line(prompt), 60)}",
                            f"{qid}", go, discover=False)
