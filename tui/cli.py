"""The `archdecide` command line.

Subcommands are imported only when they run (see LazyGroup), so `archdecide decide` never
imports Textual and `archdecide --version` imports almost nothing.

Exit codes: archdecide.tui.exit_codes.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click

from archdecide import __version__
from archdecide.tui.commands.wizard import wizard_options

COMMANDS: dict[str, tuple[str, str]] = {
    "wizard": ("archdecide.tui.commands.wizard", "wizard_command"),
    "decide": ("archdecide.tui.commands.decide", "decide_command"),
    "size": ("archdecide.tui.commands.size", "size_command"),
    "validate": ("archdecide.tui.commands.validate", "validate_command"),
    "graph": ("archdecide.tui.commands.graph", "graph_command"),
    "schema": ("archdecide.tui.commands.schema", "schema_command"),
    "records": ("archdecide.tui.commands.records", "records_command"),
    "drafts": ("archdecide.tui.commands.drafts", "drafts_command"),
    "compare": ("archdecide.tui.commands.compare", "compare_command"),
    "serve": ("archdecide.tui.commands.serve", "serve_command"),
}
"""name -> (module, attribute) of each subcommand; a module is imported only when used."""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._available(name))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS or not self._available(cmd_name):
            return None
        module, attr = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    @staticmethod
    def _available(name: str) -> bool:
        return importlib.util.find_spec(COMMANDS[name][0]) is not None


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@wizard_options
@click.version_option(__version__, "--version", "-V", prog_name="archdecide",
                      message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, /, **_: Any) -> None:
    """Decide how to deploy large language models, and record the decision.

    Without a command, opens the wizard (same as `archdecide wizard`).
    """
    if ctx.invoked_subcommand is not None:
        from click.core import ParameterSource

        given = [p for p in cli.params if p.name and p.opts[0].startswith("--")
                 and ctx.get_parameter_source(p.name) == ParameterSource.COMMANDLINE]
        if given:  # they are the wizard's; never ignore them silently
            name = ctx.invoked_subcommand
            raise click.UsageError(f"{given[0].opts[0]} before a command is the wizard's option "
                                   f"and `archdecide {name}` would ignore it; give a command's "
                                   f"options after its name (archdecide {name} --help)", ctx)
    else:
        wizard = cli.get_command(ctx, "wizard")
        assert wizard is not None
        # The wizard parses the same arguments again, with its ARCHDECIDE_* variables: the
        # group itself reads none, so a bad variable breaks only the commands that use it.
        wizard.main(args=list((ctx.obj or {}).get("args", [])), prog_name="archdecide",
                    standalone_mode=False)


for _param in cli.params:
    _param.envvar = None


HEADLESS = frozenset(COMMANDS) - {"wizard", "serve"}
"""Commands that end when their output is written: no Textual, no threads, no server."""


def main(argv: list[str] | None = None) -> None:
    """Click's own exit codes, and one line instead of a traceback (see tui.entry).

    argv None: this is the process's own command line. A headless command then runs without
    the cyclic garbage collector (its objects live until it ends; peak memory of `decide` is
    the same) and ends with os._exit once its output is flushed, skipping the interpreter's
    teardown: together ~0.1 s of a ~0.5 s `decide`. Called with argv (tests, `python -m`
    callers), it returns through SystemExit like any click command."""
    import sys

    from archdecide.tui.process import guarded

    args = list(sys.argv[1:] if argv is None else argv)
    quick = argv is None and bool(args) and args[0] in HEADLESS
    if quick:
        import gc

        gc.disable()
    try:
        guarded(lambda: run(args))
    except SystemExit as exc:
        if not quick:
            raise
        quick_exit(exc.code)


def run(args: list[str]) -> None:
    """The click group on `args`, ended by SystemExit with click's exit codes. A usage error
    is one line, the sentence first ("archdecide: Invalid value for '--precision': ...
    (see `archdecide size --help`)"), not click's usage block before it."""
    import sys

    from archdecide.tui.commands.common import echo

    try:
        code = cli.main(args=args, prog_name="archdecide", standalone_mode=False,
                        obj={"args": args})
    except click.UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
        echo(f"archdecide: {exc.format_message().rstrip('.')}{where}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        echo(f"archdecide: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        echo("Aborted!", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def quick_exit(code: object) -> None:
    """Flush stdout and stderr, then end the process now with `code` (SystemExit's meaning:
    None is 0, an int is itself, anything else is printed and is 1)."""
    import os
    import sys

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # the reader went away, or a stream was closed
        code = code or 1
    os._exit(code or 0)


if __name__ == "__main__":
    main()
