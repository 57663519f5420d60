"""`archdecide validate [DIR] [--overlay DIR]...`"""

from __future__ import annotations

from pathlib import Path

import click

from archdecide.tui.commands.common import echo, load_or_exit
from archdecide.tui.exit_codes import ExitCode


@click.command("validate")
@click.argument("directory", required=False, metavar="[DIR]", envvar="ARCHDECIDE_KNOWLEDGE",
                type=click.Path(path_type=Path))
@click.option("--overlay", "overlays", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path),
              help="A folder of TOML entries that override or extend the pack by id.")
def validate_command(directory: Path | None, overlays: tuple[Path, ...]) -> None:
    """Check a knowledge pack: schema, cross-references and the decision-graph lint.

    DIR defaults to ARCHDECIDE_KNOWLEDGE, as for every other command, then the bundled pack.

    Prints `ok: <id> <version>: ...` and exits 0 (warnings, if any, go to stderr first),
    or prints every problem (one per line, `file: key: what was expected`) and exits 3.
    Every run validates every file afresh: no verdict is ever remembered on disk.
    """
    from archdecide.decisions.engine.lint import lint

    pack = load_or_exit(directory, overlays)
    issues = lint(pack)
    errors = [i for i in issues if i.severity == "error"]
    for issue in issues:
        echo(str(issue), err=True)
    if errors:
        echo(f"archdecide: invalid knowledge pack ({len(errors)} problem"
                   f"{'s' if len(errors) != 1 else ''})", err=True)
        raise SystemExit(ExitCode.BAD_PACK)
    echo(f"ok: {pack.summary()}")
    meta = pack.meta
    if meta.license or meta.authors:
        echo(f"  licence {meta.license or 'not stated'}; authors: "
             f"{', '.join(meta.authors) or 'not stated'}")
