"""`archdecide validate [DIR] [--overlay DIR]...`"""

from __future__ import annotations

from pathlib import Path

import click

from tui.commands.common import load_or_exit


@click.command("validate")
@click.argument("directory", required=False, metavar="[DIR]",
                type=click.Path(path_type=Path))
@click.option("--overlay", "overlays", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path),
              help="A folder of TOML entries that override or extend the pack by id.")
def validate_command(directory: Path | None, overlays: tuple[Path, ...]) -> None:
    """Check a knowledge pack: schema, cross-references and the decision-graph lint.

    Prints `ok: <id> <version>: ...` and exits 0, or every problem (one per line,
    `file: key: what was expected`) and exits 3.
    """
    pack = load_or_exit(directory, overlays)
    click.echo(f"ok: {pack.summary()}")
