"""`archdecide validate [DIR] [--overlay DIR]...`"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.commands.common import EXIT_BAD_PACK, load_or_exit

if TYPE_CHECKING:
    from decisions.verdict_cache import Verdict


@click.command("validate")
@click.argument("directory", required=False, metavar="[DIR]",
                type=click.Path(path_type=Path))
@click.option("--overlay", "overlays", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path),
              help="A folder of TOML entries that override or extend the pack by id.")
def validate_command(directory: Path | None, overlays: tuple[Path, ...]) -> None:
    """Check a knowledge pack: schema, cross-references and the decision-graph lint.

    Prints `ok: <id> <version>: ...` and exits 0 (warnings, if any, go to stderr first),
    or prints every problem (one per line, `file: key: what was expected`) and exits 3.
    A passing verdict is remembered for the exact same files and code (ARCHDECIDE_CACHE_DIR;
    `off` disables), so re-checking an unchanged pack is a hash, not a validation.
    """
    from decisions import verdict_cache
    from knowledge.pack_files import bundled_pack_path

    root = directory if directory is not None else bundled_pack_path()
    probe = verdict_cache.probe(root, overlays, salt=Path(__file__).read_bytes())
    remembered = verdict_cache.get(probe) if probe is not None else None
    if remembered is not None:
        _show(remembered)
        return

    from decisions.lint import lint

    pack = load_or_exit(directory, overlays)
    issues = lint(pack)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        for issue in issues:
            click.echo(str(issue), err=True)
        click.echo(f"archdecide: invalid knowledge pack ({len(errors)} problem"
                   f"{'s' if len(errors) != 1 else ''})", err=True)
        raise SystemExit(EXIT_BAD_PACK)
    verdict = verdict_cache.Verdict(tuple(str(i) for i in issues), f"ok: {pack.summary()}")
    if probe is not None and probe.content == pack.sha256:  # the files did not change meanwhile
        verdict_cache.put(probe, verdict)
    _show(verdict)


def _show(verdict: Verdict) -> None:
    for line in verdict.stderr:
        click.echo(line, err=True)
    click.echo(verdict.stdout)
