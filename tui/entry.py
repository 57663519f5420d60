"""The `archdecide` console script and `python -m tui`.

A plain `archdecide` (no arguments) starts the wizard without importing click (~50 ms of a
~0.5 s start over SSH); the options it reads from ARCHDECIDE_* variables are the same as the
click options in tui.commands.wizard. Anything unusual - an argument, a flag variable, a path
variable that names a file - goes through click, which parses and reports it."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from archdecide.tui.launch import WizardOptions
from archdecide.tui.process import PYDANTIC_PLUGINS, guarded

CLICK_ONLY_ENV = ("ARCHDECIDE_NO_MOUSE", "ARCHDECIDE_RESUME")
"""Flag variables: click parses their spellings (1/true/yes/on...), so they go through it."""


def plain_start(args: Sequence[str], env: Mapping[str, str]) -> WizardOptions | None:
    """The wizard's options for a plain `archdecide`, or None if click must parse them."""
    if args or any(env.get(name) for name in CLICK_ONLY_ENV):
        return None
    paths: dict[str, Path | None] = {}
    for name in ("ARCHDECIDE_KNOWLEDGE", "ARCHDECIDE_RECORDS"):
        value = env.get(name)
        if value and Path(value).is_file():
            return None  # click reports "is a file"
        paths[name] = Path(value) if value else None
    return WizardOptions(knowledge=paths["ARCHDECIDE_KNOWLEDGE"],
                         records=paths["ARCHDECIDE_RECORDS"],
                         theme=env.get("ARCHDECIDE_THEME") or None)


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault(PYDANTIC_PLUGINS, "__all__")
    args = list(sys.argv[1:] if argv is None else argv)
    options = plain_start(args, os.environ)
    if options is None:
        from archdecide.tui.cli import main as cli_main

        cli_main(None if argv is None else args)  # None: the process's own command line
        return
    from archdecide.tui.launch import run_wizard

    guarded(lambda: run_wizard(options))
