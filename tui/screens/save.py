"""Save: MADR's fields (title, context, decision-makers, consulted, informed, consequences, a
ticket link) and the records folder -> a new record. Every keystroke is kept in the draft."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Input, Label, Static, TextArea

from archdecide.decisions.meta import Meta
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe, safe_line
from archdecide.tui.widgets.footer import KeyFooter


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class SaveScreen(WizardScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("escape", "app.pop_screen", "Cancel", id="cancel"),
    ]

    def compose(self) -> ComposeResult:
        meta = self.wizard.meta
        folder = str(self.wizard.records_dir())
        people = Meta.from_data(meta)  # one name may be a string: never its characters
        yield Header()
        yield Static(id="outcome", markup=False)  # above the form: always in sight
        with VerticalScroll(id="save"):
            yield Label("Title")
            yield Input(meta.get("title", ""), id="title", compact=True,
                        placeholder="e.g. LLM serving for the claims assistant")
            yield Label("Context and problem statement (optional; tab leaves the box)")
            yield TextArea(meta.get("context", ""), id="context", compact=True,
                           placeholder="Why this decision is needed, and for whom")
            yield Label("Decision-makers (comma-separated)")
            yield Input(", ".join(people.decision_makers), id="decision_makers", compact=True)
            yield Label("Consulted")
            yield Input(", ".join(people.consulted), id="consulted", compact=True)
            yield Label("Informed")
            yield Input(", ".join(people.informed), id="informed", compact=True)
            yield Label("Consequences you expect (optional)")
            yield TextArea(meta.get("consequences", ""), id="consequences", compact=True,
                           placeholder="What follows from it: cost, team, risks, next steps")
            yield Label("Ticket link (optional)")
            yield Input(meta.get("ticket", ""), id="ticket", compact=True,
                        placeholder="e.g. https://tracker.example/INFRA-123")
            yield Label("Records folder")
            yield Input(folder, id="folder", compact=True)
            yield Static(Text("ctrl+s saves (or enter in the last field)", style="dim"))
            yield Button("Save record", id="do-save", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._show_earlier()

    def _show_earlier(self) -> None:
        """Say whether this decision was saved before, and what saving again will do."""
        saved = self.wizard.saved
        if saved is None:
            return
        outcome = self.query_one("#outcome", Static)
        if self.wizard.unchanged_since_saved() is not None:
            outcome.update(Text(f"Already saved, unchanged since: {safe_line(saved.record)}",
                                style="bold"))
        else:
            outcome.update(Text(f"Changed since it was saved as {safe_line(saved.record)}: "
                                "saving writes a new record that supersedes it.",
                                style="bold"))

    def _collect(self) -> dict[str, object]:
        meta: dict[str, object] = {"title": self.query_one("#title", Input).value.strip(),
                                   "ticket": self.query_one("#ticket", Input).value.strip()}
        for key in ("context", "consequences"):
            meta[key] = self.query_one(f"#{key}", TextArea).text.strip()
        for key in ("decision_makers", "consulted", "informed"):
            meta[key] = _names(self.query_one(f"#{key}", Input).value)
        return meta

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _remember(self) -> None:
        if len(self.query("#ticket, #consequences")) == 2:  # not while it is taken down
            self.wizard.meta.update(self._collect())
            self.wizard.save_draft()  # every keystroke is kept

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "folder":
            self._save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#do-save")
    def _pressed(self) -> None:
        self._save()

    def action_save(self) -> None:
        self._save()

    def _save(self) -> None:
        from pathlib import Path

        outcome = self.query_one("#outcome", Static)
        meta = self._collect()
        if not meta["title"]:
            outcome.update(Text("A title is needed: it names the record file.", style="bold"))
            self.query_one("#title", Input).focus()
            return
        self.wizard.meta.update(meta)
        self.wizard.save_draft()
        already = self.wizard.unchanged_since_saved()
        if already is not None:
            outcome.update(Text(f"Not saved again: nothing has changed since it was saved as "
                                f"{safe_line(already)}. Change an answer or a field to save a "
                                "new record that supersedes it.", style="bold"))
            return
        folder = Path(self.query_one("#folder", Input).value.strip() or ".")
        root = self.wizard.settings.records_root
        try:
            if root is not None and not folder.resolve().is_relative_to(root.resolve()):
                outcome.update(Text(f"Not saved: records may be saved only in "
                                    f"{safe_line(root)} or a folder below it.",
                                    style="bold red"))
                return
            saved = self.wizard.save_record(folder)
        except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: a symlink loop
            outcome.update(Text(f"Not saved: {safe(exc)}. Your answers are kept in the draft; "
                                "choose another folder and try again.", style="bold red"))
            return
        lines = [f"Saved: {safe_line(saved.path)}"]
        if saved.supersedes is not None:
            lines.append(f"It supersedes {safe_line(saved.supersedes.name)}.")
        if saved.note:
            lines.append(f"Note: {safe_line(saved.note)}.")
        lines.append("Commit it to git beside the code it governs.")
        outcome.update(Text("\n".join(lines), style="bold"))
        self.notify(f"Saved {safe_line(saved.path)}", markup=False)
