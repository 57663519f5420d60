"""How every archdecide process starts and ends, for the console script (tui.entry), the
click group (tui.cli) and the wizard (tui.app): debug mode, the last line of defence against
a traceback, and pydantic's plugin scan turned off. A leaf: of archdecide it imports only the
exit codes and terminal_text, neither of which imports back."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from archdecide.tui.exit_codes import ExitCode

OFF = frozenset(("", "0", "false", "no", "off"))


def debug_enabled(env: Mapping[str, str] | None = None) -> bool:
    """ARCHDECIDE_DEBUG: on for 1/true/yes/on (any value but "", 0, false, no, off)."""
    value = (os.environ if env is None else env).get("ARCHDECIDE_DEBUG", "")
    return value.strip().lower() not in OFF


def guarded(run: Callable[[], int | None]) -> None:
    """Run a command; exit with its code; one line instead of a traceback on a crash."""
    try:
        code = run()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(ExitCode.FAILURE)
    except Exception as exc:  # the last line of defence: never show a traceback
        if debug_enabled():
            raise
        from archdecide.tui.terminal_text import safe

        print(safe(f"archdecide: unexpected error: {type(exc).__name__}: {exc} "
                   "(set ARCHDECIDE_DEBUG=1 for details)"), file=sys.stderr)
        sys.exit(ExitCode.FAILURE)
    sys.exit(code or 0)


PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
"""archdecide uses no pydantic plugins; looking for them scans every installed distribution's
entry points (importlib.metadata, ~60 ms of each command). A value the user set is kept."""
