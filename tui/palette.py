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
    if app.loaded:
        yield SystemCommand("Glossary", "Terms and definitions (ctrl+g)", app.action_glossary)
        yield SystemCommand("Decision records", "Browse, recheck and export saved records",
                            lambda: app.open("records"))
    if not app.loaded or not app.draft_claimed:
        return
    yield SystemCommand("Review answers", "Every answer on the path (ctrl+r)",
                        lambda: app.show("review"))
    yield SystemCommand("See the result", "The ranking, the reasons, the GPUs and the cost",
                        lambda: app.show("result"))
    yield SystemCommand("Save the decision as a record", "A TOML decision record (MADR fields)",
                        lambda: app.open("save"))
    yield SystemCommand("Export answers", "Write the answers as an answers file (x)",
                        app.action_export_answers)
    for number, qid in enumerate(app.session.path(), start=1):
        prompt = app.pack.questions[qid].prompt

        def go(qid: str = qid) -> None:
            app.show("question", qid)

        yield SystemCommand(f"Go to question {number}: {clip(safe_line(prompt), 60)}",
                            f"{qid}", go, discover=False)
