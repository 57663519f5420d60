"""Records browser: the records folder with status; open one to read its reasoning and its
status history; accept, reject, supersede, recheck against the current pack, export as MADR."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from archdecide.decisions.records.expand import readable
from archdecide.decisions.records.model import DecisionRecord
from archdecide.knowledge.pack import KnowledgePack
from archdecide.tui.glyphs import dot
from archdecide.tui.screens.base import WizardScreen
from archdecide.tui.terminal_text import safe, safe_line
from archdecide.tui.widgets.footer import KeyFooter
from archdecide.tui.widgets.type_filter import TypeFilter


def record_text(saved: DecisionRecord, pack: KnowledgePack | None = None) -> Text:
    """A record's reasoning, as the result screen shows an evaluation: what it derived
    recomputed by `pack` when it is the record's (decisions.records.expand)."""
    record, note = readable(saved, pack)
    text = Text()
    if note is not None:
        text.append(safe_line(note) + "\n\n", style="dim")
    text.append(f"{record.number:04d} {safe_line(record.title)}\n", style="bold")
    text.append(safe_line(f"{record.status}{dot()}{record.date}{dot()}pack {record.pack.id} "
                          f"{record.pack.version} ({record.pack.sha256[:12]})") + "\n",
                style="dim")
    if record.decision_makers:
        text.append("Decision makers: " + safe_line(", ".join(record.decision_makers)) + "\n")
    if record.chosen is not None:
        text.append("\nChosen: ", style="bold")
        text.append(safe_line(f"{record.chosen.name} ({record.chosen.id})") + "\n")
        text.append(safe(record.chosen.rationale) + "\n")
    text.append("\nConsidered options\n", style="bold")
    for option in record.considered:
        mark = "excluded" if option.excluded else f"{option.score:.1f}"
        reasons = option.reasons if option.excluded else option.why_not
        text.append(safe_line(f"- {option.id} ({mark})"
                              + (": " + "; ".join(reasons) if reasons else "")) + "\n")
    if record.warnings:
        text.append("\nWarnings\n", style="bold")
        for w in record.warnings:
            text.append(safe_line(f"- [{w.kind}] {w.message}") + "\n")
    if record.sensitivity:
        text.append("\nSensitivity\n", style="bold")
        for line in record.sensitivity:
            text.append(safe_line(f"- {line}") + "\n")
    text.append("\nAnswers\n", style="bold")
    for answer in record.answer_rows():
        text.append(safe_line(f"- {answer.prompt or answer.question}: "
                              f"{answer.label or answer.value}")
                    + (" (assumed)" if answer.assumed else "") + "\n")
    if record.history:
        text.append("\nStatus history\n", style="bold")
        for change in record.history:
            text.append(safe_line(f"- {change.date}: {change.status}"
                                  + (f" (by {change.by})" if change.by else "")) + "\n")
    return text


class RecordsScreen(WizardScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close", id="close"),
        Binding("enter", "open", "Open", show=False, id="open"),
    ]

    def __init__(self, *, learn: bool = False) -> None:
        """`learn`: choosing a record starts its guided tour instead of opening it."""
        super().__init__()
        self.learn = learn
        self.filter = TypeFilter()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="records-folder", markup=False)
        yield DataTable(id="records-list", cursor_type="row", zebra_stripes=True)
        yield Static(id="records-problems", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#records-list", DataTable).add_columns("No.", "Status", "Date", "Title")
        self._fill()

    def on_screen_resume(self) -> None:
        """Back from a record: its status may have changed."""
        if self.query_one("#records-list", DataTable).row_count:
            self._fill()

    def _fill(self) -> None:
        from archdecide.decisions.records.listing import list_heads

        folder = self.wizard.records_dir()
        listing = list_heads(folder)  # summaries only: a folder of 1,000 records in ~0.1 s
        table = self.query_one("#records-list", DataTable)
        row = table.cursor_row
        table.clear()
        heads = [h for h in listing.heads
                 if self.filter.keeps(h.title, f"{h.recorded_number:04d}", h.status)]
        what = "Pick a decision to learn from" if self.learn else "Records"
        self.query_one("#records-folder", Static).update(Text(safe_line(
            f"{what} in {folder}: {len(listing.heads)}{dot()}"
            f"{self.filter.line(len(heads), len(listing.heads))}")))
        for head in heads:
            title = safe_line(head.title) + (" [Markdown]" if head.format == "markdown" else "")
            table.add_row(Text(f"{head.recorded_number:04d}"), Text(safe_line(head.status)),
                          Text(str(head.date or "-")), Text(title), key=str(head.path))
        problems = "\n".join(safe_line(p) for p in listing.problems)
        self.query_one("#records-problems", Static).update(Text(problems, style="italic"))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        table.focus()

    def on_key(self, event: events.Key) -> None:
        if self.focused is self.query_one("#records-list") and \
                self.filter.key(event.key, event.character):
            event.stop()
            event.prevent_default()
            self._fill()

    @on(DataTable.RowSelected, "#records-list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#records-list", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._open(str(key.value))

    def _open(self, path: str) -> None:
        if self.learn and not path.endswith(".md"):
            self.wizard.open("learn", path)
        else:
            self.app.push_screen(RecordScreen(path))


class RecordScreen(WizardScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="back"),
        Binding("c", "recheck", "Recheck", id="recheck"),
        Binding("a", "status('accepted')", "Accept", id="accept"),
        Binding("r", "status('rejected')", "Reject", id="reject"),
        Binding("s", "supersede", "Supersede", id="supersede"),
        Binding("x", "export", "Export MADR", id="export-madr"),
        Binding("l", "learn", "Learn from it", id="learn"),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.file = Path(path)

    def compose(self) -> ComposeResult:
        from archdecide.decisions.records.model import RecordError
        from archdecide.decisions.records.store import read_record

        yield Header()
        with VerticalScroll(id="record"):
            try:
                if self.path.endswith(".md"):  # an ADR another tool wrote: its text, as is
                    from archdecide.knowledge.reading import RECORD_LIMIT, read_bounded

                    body = Text(safe(read_bounded(self.file, RECORD_LIMIT, "a Markdown "
                                                  "ADR").decode("utf-8", "replace")))
                else:
                    body = record_text(read_record(self.file), self.wizard.pack)
            except (RecordError, OSError) as exc:
                body = Text(safe(exc), style="bold")
            yield Static(body, id="record-body", markup=False)
            yield Static(id="recheck", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#record").focus()

    def _number(self) -> int | None:
        from archdecide.decisions.records.model import RecordError
        from archdecide.decisions.records.store import read_record

        if self.path.endswith(".md"):
            self._say("A Markdown ADR another tool wrote: change it with that tool.")
            return None
        try:
            return read_record(self.file).number
        except (RecordError, OSError) as exc:
            self._say(str(exc))
            return None

    def _say(self, message: str, *, bold: bool = True) -> None:
        self.show("#recheck", Text(safe(message), style="bold" if bold else ""))

    def _reload(self) -> None:
        from archdecide.decisions.records.store import read_record

        self.show("#record-body", record_text(read_record(self.file), self.wizard.pack))

    def action_status(self, status: str) -> None:
        from archdecide.decisions.records.folder import RecordStoreError
        from archdecide.decisions.records.store import set_status

        number = self._number()
        if number is None:
            return
        try:
            stored, changed = set_status(self.file.parent, number, status)
        except RecordStoreError as exc:
            self._say(str(exc))
            return
        self._reload()
        self._say(f"Record {number:04d} is {stored.record.status}"
                  + ("." if changed else " already."))

    def action_learn(self) -> None:
        if self._number() is not None:
            self.wizard.open("learn", self.path)

    def action_supersede(self) -> None:
        number = self._number()
        if number is not None:
            self.wizard.open("supersede", number, callback=self._superseded)

    def _superseded(self, by: int | None) -> None:
        from archdecide.decisions.records.folder import RecordStoreError
        from archdecide.decisions.records.store import supersede

        number = self._number()
        if by is None or number is None:
            return
        try:
            supersede(self.file.parent, number, by)
        except RecordStoreError as exc:
            self._say(str(exc))
            return
        self._reload()
        self._say(f"Record {number:04d} is superseded by {by:04d}.")

    def action_export(self) -> None:
        from archdecide.decisions.records.folder import RecordStoreError
        from archdecide.decisions.records.madr_files import export_names, write_export
        from archdecide.decisions.records.store import find

        number = self._number()
        if number is None:
            return
        from archdecide.decisions.records.expand import readable

        folder = self.file.parent
        try:
            stored = find(folder, number)
            path = write_export(stored, folder, export_names(folder),
                                record=readable(stored.record, self.wizard.pack)[0])
        except (RecordStoreError, OSError) as exc:
            self._say(str(exc) if isinstance(exc, RecordStoreError) else
                      f"cannot write to {folder} ({exc.strerror or exc})")
            return
        self._say(f"Exported as MADR: {path}", bold=False)

    def action_recheck(self) -> None:
        from archdecide.decisions.records.model import RecordError
        from archdecide.decisions.records.recheck import recheck
        from archdecide.decisions.records.store import read_record

        try:
            outcome = recheck(read_record(self.file), self.wizard.pack)
        except RecordError as exc:
            self.query_one("#recheck", Static).update(Text(safe(exc), style="bold"))
            return
        text = Text()
        verdict = {"stands": "The decision still stands."}.get(
            outcome.outcome, f"The decision no longer stands ({outcome.outcome}): "
                             f"{outcome.before} -> {outcome.after}.")
        text.append("\nRecheck against the current pack: " + safe_line(verdict) + "\n",
                    style="bold")
        for line in outcome.changes + outcome.problems:
            text.append(safe_line(f"- {line}") + "\n")
        self.query_one("#recheck", Static).update(text)
        self.query_one("#record").scroll_end(animate=False)
