"""`archdecide wizard` (also plain `archdecide`): the interactive wizard. Textual is imported
only here, when the wizard actually starts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from archdecide.tui.commands.common import EnvOption, knowledge_options

F = TypeVar("F", bound=Callable[..., Any])


def wizard_options(func: F) -> F:
    """The wizard's options; on `archdecide` itself and on `archdecide wizard` alike.
    Every option also reads an ARCHDECIDE_* environment variable."""
    for decorator in reversed([
        knowledge_options,
        click.option("--records", metavar="DIR", envvar="ARCHDECIDE_RECORDS", cls=EnvOption,
                     type=click.Path(file_okay=False, path_type=Path),
                     help="Records folder (default: docs/decisions under the current folder)."),
        click.option("--theme", metavar="NAME", envvar="ARCHDECIDE_THEME", cls=EnvOption,
                     help="A Textual theme, e.g. textual-dark, textual-light, textual-ansi."),
        click.option("--no-mouse", is_flag=True, envvar="ARCHDECIDE_NO_MOUSE", cls=EnvOption,
                     help="Do not capture the mouse (lets the terminal select text)."),
        click.option("--resume", is_flag=True, envvar="ARCHDECIDE_RESUME", cls=EnvOption,
                     help="Continue the saved draft without asking."),
    ]):
        func = decorator(func)
    return func


@click.command("wizard")
@wizard_options
@click.option("--session-draft", is_flag=True, hidden=True,
              help="A draft of this process alone (serve runs one wizard per browser session).")
@click.option("--records-root", metavar="DIR", hidden=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Records may be saved only in this folder or below it (serve).")
def wizard_command(knowledge: Path | None = None, overlays: tuple[Path, ...] = (),
                   records: Path | None = None, theme: str | None = None,
                   no_mouse: bool = False, resume: bool = False, session_draft: bool = False,
                   records_root: Path | None = None) -> None:
    """Open the interactive wizard."""
    from archdecide.tui.launch import WizardOptions, run_wizard

    code = run_wizard(WizardOptions(knowledge, tuple(overlays), records, theme, no_mouse,
                                    resume, session_draft, records_root))
    if code:
        sys.exit(code)
