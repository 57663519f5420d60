"""Export the answers as an answers file (decisions.answers_export): a path, enter writes it.
An existing file is never overwritten; under `serve`, only inside the records folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from archdecide.tui.terminal_text import safe, safe_line

if TYPE_CHECKING:
    from archdecide.tui.app import ArchdecideApp


class ExportAnswersDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="close")]

    def __init__(self, suggested: Path) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Label("Export the answers to (an answers file; enter writes it):")
            yield Input(str(self.suggested), id="export-path", compact=True)
            yield Static(Text("Replay it with: archdecide decide --answers FILE",
                              style="dim"))
            yield Static(id="export-outcome", markup=False)

    @on(Input.Submitted, "#export-path")
    def _write(self, event: Input.Submitted) -> None:
        from archdecide.decisions.answers_export import answers_toml, write_new
        app = cast("ArchdecideApp", self.app)
        outcome = self.query_one("#export-outcome", Static)
        root = app.settings.records_root
        try:
            path = Path(event.value.strip() or str(self.suggested)).expanduser()
            if root is not None and not path.resolve().is_relative_to(root.resolve()):
                outcome.update(Text(f"Not written: under serve, files go only in "
                                    f"{safe_line(root)} or a folder below it.",
                                    style="bold red"))
                return
            write_new(path, answers_toml(app.session.answers, app.meta, app.pack.id))
        except (OSError, ValueError, RuntimeError) as exc:  # also ~nobody, a NUL, a loop
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror and \
                not isinstance(exc, FileExistsError) else str(exc)
            outcome.update(Text(f"Not written: {safe(why)}", style="bold red"))
            return
        outcome.update(Text(f"Written: {safe_line(path)} (escape closes)", style="bold"))
        app.notify(f"Answers exported to {safe_line(path)}", markup=False)
