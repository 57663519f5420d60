"""Start the wizard: shared by `archdecide wizard` (click) and the plain `archdecide` fast
path (tui.entry), which skips click because every millisecond before the first frame counts
over SSH. No click here."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archdecide.tui.exit_codes import ExitCode


@dataclass(frozen=True)
class WizardOptions:
    knowledge: Path | None = None
    overlays: tuple[Path, ...] = ()
    records: Path | None = None
    theme: str | None = None
    no_mouse: bool = False
    resume: bool = False
    session_draft: bool = False
    records_root: Path | None = None


def run_wizard(options: WizardOptions) -> int:
    """Run the wizard; the exit code: 0, or 2 for an unknown theme or a state folder that
    cannot be one, 3 for an invalid pack (its problems are printed once the terminal is
    restored)."""
    from archdecide.decisions.drafts import StateDirError, state_dir

    try:
        state_dir()  # where every answer is saved: refused before the first frame, not after
    except StateDirError as exc:
        print(f"archdecide: {exc}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    from archdecide.tui.app import ArchdecideApp, PackSource, Settings

    app = ArchdecideApp(PackSource(options.knowledge, options.overlays),
                        Settings(records=options.records, theme=None, resume=options.resume,
                                 session_draft=options.session_draft,
                                 records_root=options.records_root))
    if options.theme:
        if options.theme not in app.available_themes:
            from archdecide.tui.terminal_text import safe_line

            given = "ARCHDECIDE_THEME=" if os.environ.get("ARCHDECIDE_THEME") == options.theme \
                else "--theme "  # name what the user set: the variable, or the option
            print(f"archdecide: {given}{safe_line(repr(options.theme))}: "
                  "unknown theme; expected one of "
                  + ", ".join(sorted(app.available_themes)), file=sys.stderr)
            return ExitCode.BAD_INPUT
        app.theme = options.theme
    app.run(mouse=not options.no_mouse)
    if app.pack_problems:  # the pack is loaded after the first frame; report it here
        if app.return_code == ExitCode.FAILURE:
            from archdecide.tui.terminal_text import safe

            print(safe(app.pack_problems[0]), file=sys.stderr)
            return ExitCode.FAILURE
        print_pack_problems(app.pack_problems)
        return ExitCode.BAD_PACK
    return app.return_code or 0


def print_pack_problems(problems: Sequence[object]) -> None:
    """Every problem of an invalid pack on its own line, then one summary line (stderr)."""
    from archdecide.tui.terminal_text import safe

    for problem in problems:
        print(safe(problem), file=sys.stderr)
    count = len(problems)
    print(f"archdecide: invalid knowledge pack ({count} problem{'s' if count != 1 else ''})",
          file=sys.stderr)
