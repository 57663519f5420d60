"""The Textual application: holds the Session and the draft; screens only render what
decisions/ returns and pass answers back."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding

from archdecide.decisions import drafts
from archdecide.tui.exit_codes import ExitCode

if TYPE_CHECKING:  # pydantic and the engine are imported after the first frame
    from textual.screen import Screen

    from archdecide.decisions.drafts import DraftLock
    from archdecide.decisions.engine.evaluation import Evaluation
    from archdecide.decisions.engine.session import Session
    from archdecide.decisions.records.store import SaveOutcome
    from archdecide.knowledge.pack import KnowledgePack
    from archdecide.knowledge.schema import AnswerValue
    from archdecide.tui.navigation import ScreenName


@dataclass(frozen=True)
class PackSource:
    """Where to load the pack from, when the wizard loads it after its first frame."""

    knowledge: Path | None = None
    overlays: tuple[Path, ...] = ()


@dataclass
class Settings:
    records: Path | None = None
    theme: str | None = None
    resume: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    session_draft: bool = False
    """serve: this process starts a new draft and is offered no other (each browser tab has
    its own; a terminal may resume it later)."""
    records_root: Path | None = None
    """When set (serve), records may be saved only in this folder or below it."""


class ArchdecideApp(App[None]):
    TITLE = "archdecide"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("ctrl+g", "glossary", "Glossary", id="glossary"),
        Binding("f1", "keys", "Keys", show=False, id="keys", priority=True),
        Binding("question_mark", "keys", "Keys", show=False, id="keys-question-mark"),
    ]

    def __init__(self, pack: KnowledgePack | PackSource,
                 settings: Settings | None = None) -> None:
        """`pack` is a loaded pack, or a PackSource: then the welcome screen is drawn first
        and the pack (pydantic, TOML, validation: ~0.3 s) is loaded in a thread after it."""
        super().__init__()
        self.settings = settings or Settings()
        self.source = pack if isinstance(pack, PackSource) else None
        self.pack: KnowledgePack = None  # type: ignore[assignment]
        self.session: Session = None  # type: ignore[assignment]
        self.pack_problems: list[object] = []
        """Why the pack is invalid (loader problems or lint errors), printed at exit."""
        self._when_loaded: list[Callable[[], None]] = []
        if not isinstance(pack, PackSource):
            self._set_pack(pack)
        self.meta: dict[str, Any] = dict(self.settings.meta)
        self.draft_error: str | None = None
        self.draft_problem: str | None = None
        """Why the saved draft could not be used (it was moved aside), as told to the user."""
        self.draft_file: Path | None = None
        """The draft this session writes, once it has taken one (resumed or started new)."""
        self._lock: DraftLock | None = None
        self.saved: drafts.Saved | None = None
        """Where this decision was last saved as a record, and what it was then."""
        self.offered: list[drafts.Draft] = []
        """The drafts the welcome screen offers to resume (open, not saved since)."""
        self.last_edited: str | None = None
        """The question last changed from the review (its row keeps the cursor)."""
        self.draft_claimed = False
        """True once this session took a draft over (resumed one or started a new one)."""
        self._evaluation: tuple[tuple[Any, ...], Evaluation] | None = None
        if self.settings.theme:
            self.theme = self.settings.theme

    # ------------------------------------------------------------------ lifecycle

    def on_mount(self) -> None:
        from archdecide.tui.glyphs import ascii_only

        if ascii_only():
            self._draw_with_ascii()

        self._install_signal_handlers()
        if not self.settings.session_draft:  # serve: a browser session never sees the drafts
            found, problems = drafts.load_all()
            self.offered = [d for d in found if d.answers and not d.closed]
            for problem in problems:
                from archdecide.tui.terminal_text import safe_line

                self.draft_problem = problem
                self.notify(safe_line(problem), severity="warning", markup=False, timeout=30)
        if self.loaded:
            self.offered = [d for d in self.offered if d.matches(self.pack)]
        self.open("welcome", self.offered)
        if self.settings.resume:
            self.when_loaded(self._resume_latest)
        if not self.loaded:
            self.call_after_refresh(self._start_loading)

    def on_unmount(self) -> None:
        """Let another wizard take the draft (the process's end would too)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _draw_with_ascii(self) -> None:
        """The Linux console and vt100s lack block glyphs: ASCII borders (app.tcss, App.-ascii)
        and scrollbars drawn with blanks on a coloured track (Textual's documented hook)."""
        from textual.scrollbar import ScrollBar, ScrollBarRender

        class Blank(ScrollBarRender):
            VERTICAL_BARS = [" "] * 8
            HORIZONTAL_BARS = [" "] * 8

        ScrollBar.renderer = Blank
        self.add_class("-ascii")

    def _resume_latest(self) -> None:
        """--resume: the most recently updated draft for this pack that no wizard has open."""
        from archdecide.decisions.drafts import holder

        for draft in self.offered:
            if draft.matches(self.pack) and draft.path is not None and \
                    holder(draft.path) is None:
                self.resume(draft)
                return

    # ------------------------------------------------------------------ the pack

    @property
    def loaded(self) -> bool:
        return self.pack is not None

    def _set_pack(self, pack: KnowledgePack) -> None:
        from archdecide.decisions.engine.session import Session

        self.pack = pack
        self.session = Session(pack)

    def when_loaded(self, callback: Callable[[], None]) -> None:
        """Run callback now if the pack is loaded, else as soon as it is."""
        if self.loaded:
            callback()
        else:
            self._when_loaded.append(callback)

    def _start_loading(self) -> None:
        self.run_worker(self._load, thread=True, exclusive=True, exit_on_error=False,
                        name="load-pack")

    def _load(self) -> None:
        """In a thread: import the engine, load and validate the pack."""
        from archdecide.knowledge.errors import KnowledgeError
        from archdecide.knowledge.loader import load_pack

        assert self.source is not None
        try:
            pack = load_pack(self.source.knowledge, overlays=self.source.overlays)
            from archdecide.decisions.engine.lint import errors

            found = errors(pack)  # networkx and the graph, built here, off the UI thread
            if found:
                self.call_from_thread(self._load_failed, list(found))
                return
            from archdecide.decisions.engine.session import Session  # noqa: F401
        except KnowledgeError as exc:
            self.call_from_thread(self._load_failed, list(exc.problems))
            return
        except Exception as exc:  # never sit at "loading": say it, and leave
            self.call_from_thread(self._load_failed,
                                  [f"archdecide: unexpected error while loading the pack: "
                                   f"{type(exc).__name__}: {exc}"], ExitCode.FAILURE)
            return
        self.call_from_thread(self._loaded, pack)

    def _load_failed(self, problems: list[object], code: int = ExitCode.BAD_PACK) -> None:
        self.pack_problems = problems
        self.exit(return_code=code)

    def _loaded(self, pack: KnowledgePack) -> None:
        self._set_pack(pack)
        callbacks, self._when_loaded = self._when_loaded, []
        for callback in callbacks:
            callback()

    def _install_signal_handlers(self) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self.save_and_exit)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not on the main thread (tests) or no signals on this platform

    def save_and_exit(self) -> None:
        """SIGHUP/SIGTERM: keep every answer, then leave and restore the terminal."""
        self.save_draft()
        self.exit(return_code=ExitCode.OK)

    def _fatal_error(self) -> None:
        """An unexpected error: keep the answers, say one sentence, no traceback (set
        ARCHDECIDE_DEBUG=1 for Textual's full report). Textual calls this hook on an unhandled
        exception; it exits through the public App.panic."""
        import sys

        from archdecide.tui.process import debug_enabled

        if debug_enabled():
            super()._fatal_error()
            return
        self.save_draft()
        error = sys.exc_info()[1]
        what = f"{type(error).__name__}: {error}" if error is not None else "(no details)"
        from archdecide.tui.terminal_text import safe

        self.panic(Text(safe(
            f"archdecide: unexpected error: {what}; your answers are "
            "saved in the draft - run `archdecide --resume` to continue (ARCHDECIDE_DEBUG=1 "
            "shows details)")))

    # ------------------------------------------------------------------ state

    def save_draft(self) -> None:
        """Write the session's answers over its draft - only once this session has taken a
        draft (resumed one or started a new one): on the welcome screen a hang-up must leave
        every saved draft exactly as it was. An empty new decision is not written."""
        if not self.loaded or not self.draft_claimed or self.draft_file is None:
            return
        if not self.session.answers and not any(self.meta.values()) and \
                not self.draft_file.exists():
            return
        try:
            drafts.save_draft(self.pack, self.session.answers, self.meta, self.draft_file,
                              self.saved)
            self.draft_error = None
        except OSError as exc:
            self.draft_error = f"the draft could not be saved to {self.draft_file}: " \
                               f"{exc.strerror or exc}"
            from archdecide.tui.terminal_text import safe_line

            self.notify(safe_line(self.draft_error), severity="warning", markup=False)

    def _take(self, path: Path) -> bool:
        """Hold the lock on the draft `path` for this session (releasing any other); False,
        and the user told, when another wizard has it open."""
        from archdecide.decisions.drafts import DraftLock, holder
        from archdecide.tui.terminal_text import safe_line

        if path == self.draft_file and self._lock is not None:
            return True  # this session's own draft
        try:
            lock = DraftLock.acquire(path)
        except OSError as exc:  # an unwritable state folder: saving the draft will say so
            self.notify(safe_line(f"the draft {path} cannot be locked: "
                                  f"{exc.strerror or exc}"), severity="warning", markup=False)
            lock = None
        else:
            if lock is None:
                self.notify(safe_line(f"That draft is open in another wizard "
                                      f"({holder(path) or 'another process'}); finish or quit "
                                      "it there first."), severity="warning", markup=False)
                return False
        if self._lock is not None:
            self._lock.release()
        self._lock, self.draft_file, self.draft_claimed = lock, path, True
        return True

    def answer(self, question_id: str, raw: object) -> list[str]:
        """Record an answer; save the draft; return the answers dropped off the path."""
        dropped = self.session.answer(question_id, raw)
        self.save_draft()
        return dropped

    def evaluation(self, *, with_sensitivity: bool = False) -> Evaluation:
        key = (tuple(sorted((k, repr(v)) for k, v in self.session.answers.items())),
               with_sensitivity)
        if self._evaluation is None or self._evaluation[0] != key:
            self._evaluation = (key, self.session.evaluate(with_sensitivity=with_sensitivity))
        return self._evaluation[1]

    def resume(self, draft: drafts.Draft) -> None:
        """Continue `draft`, read again once its lock is held: another wizard may have changed
        or discarded it since the welcome screen listed it."""
        from archdecide.decisions.engine.answers import check_answers
        from archdecide.decisions.engine.session import Session
        from archdecide.tui.terminal_text import safe_line

        if draft.path is None or not self._take(draft.path):
            return
        loaded = drafts.load_draft(draft.path)
        if loaded.draft is None:
            self.notify(safe_line(loaded.problem or f"the draft {draft.path} is gone: it was "
                                  "discarded meanwhile"), severity="warning", markup=False)
            self._let_go()
            return
        current = loaded.draft
        answers, dropped = check_answers(self.pack, current.answers)  # ones the pack no
        self.session = Session(self.pack, answers)  # longer takes are asked again; one prune
        self.meta = {**self.settings.meta, **current.meta}
        self.saved = current.saved
        self.last_edited = None
        self.goto_next()
        if dropped:  # said, on the screen now shown, never silently
            self.notify(safe_line(f"{len(dropped)} answer(s) of the draft will be asked again: "
                                  + "; ".join(str(p) for p in dropped)),
                        severity="warning", markup=False, timeout=30)

    def _let_go(self) -> None:
        if self._lock is not None:
            self._lock.release()
        self._lock, self.draft_file, self.draft_claimed = None, None, False

    def start_new(self) -> None:
        """A new decision in a new draft; every other draft is kept as it is."""
        from archdecide.decisions.drafts import holder
        from archdecide.decisions.engine.session import Session

        self.session = Session(self.pack)
        self.meta = dict(self.settings.meta)
        self.saved = None
        self.last_edited = None
        path = drafts.path_of(drafts.new_id())
        while path.exists() or holder(path) is not None:  # ids of the same second collide
            path = drafts.path_of(drafts.new_id())
        self._take(path)
        self.goto_next()

    def goto_next(self) -> None:
        """Show the next unanswered question, or the review when the path is complete."""
        question = self.session.next_question()
        if question is None:
            self.show("review")
        else:
            self.show("question", question.id)

    def show(self, name: ScreenName, *args: Any, **kwargs: Any) -> None:
        """Replace the wizard's current screen with a new one of that name
        (tui.navigation)."""
        from archdecide.tui.navigation import make

        self.switch_to(make(name, *args, **kwargs))

    def open(self, name: ScreenName, *args: Any, callback: Any = None, **kwargs: Any) -> None:
        """A new screen of that name on top of the current one; `callback` gets what it
        dismisses with."""
        from archdecide.tui.navigation import make

        self.push_screen(make(name, *args, **kwargs), callback)

    def switch_to(self, screen: Any) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def preselect(self, question_id: str) -> AnswerValue | None:
        return self.session.answers.get(question_id)

    def records_dir(self) -> Path:
        from archdecide.decisions.records.folder import resolve_records_dir

        return resolve_records_dir(self.settings.records)

    def unchanged_since_saved(self) -> Path | None:
        """The record this decision was saved as, when nothing has changed since."""
        saved = self.saved
        if saved is None or saved.fingerprint != drafts.fingerprint(self.session.answers,
                                                                     self.meta):
            return None
        path = Path(saved.record)
        return path if path.exists() else None

    def save_record(self, folder: Path) -> SaveOutcome:
        """Write the decision as a new record; when it was saved before and has changed since,
        the new record supersedes the old one (same folder). OSError/ValueError with one
        sentence if it cannot be written. The draft is then closed (saved and unchanged)."""
        from archdecide.decisions.meta import Meta
        from archdecide.decisions.records.folder import RecordStoreError
        from archdecide.decisions.records.store import save_revision

        earlier = Path(self.saved.record) if self.saved is not None else None
        try:
            outcome = save_revision(self.evaluation(with_sensitivity=True),
                                    Meta.from_data(self.meta), folder, earlier)
        except RecordStoreError as exc:
            raise OSError(str(exc)) from None
        self.settings.records = folder
        path = outcome.path
        # absolute: a relative records folder names another folder from another checkout
        self.saved = drafts.Saved(str(path.resolve()),
                                  drafts.fingerprint(self.session.answers, self.meta))
        self.save_draft()
        return outcome

    # ------------------------------------------------------------------ actions

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from archdecide.tui.palette import wizard_commands

        yield from super().get_system_commands(screen)
        yield from wizard_commands(self)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen: to ~/Downloads as Textual does when there is one, else
        to the current folder (over SSH there is often no Downloads folder, and Textual's
        own screenshot then failed)."""
        if path is None:
            downloads = Path.home() / "Downloads"
            path = str(downloads if downloads.is_dir() else Path.cwd())
        self.deliver_screenshot(filename, path)

    def action_keys(self) -> None:
        """Show or hide the keys of the screen and of the focused widget (Textual's panel)."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_export_answers(self) -> None:
        """Write the answers given so far as an answers file (a dialog asks where)."""
        if not self.loaded:
            return
        folder = self.settings.records_root or Path.cwd()
        suggested = folder / "answers.toml"
        number = 2
        while suggested.exists():
            suggested = folder / f"answers-{number}.toml"
            number += 1
        self.open("export", suggested)

    def action_glossary(self) -> None:
        from archdecide.tui.screens.glossary import GlossaryScreen

        if not self.loaded:
            self.when_loaded(self.action_glossary)
            return
        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())
