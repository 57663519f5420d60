"""`archdecide wizard` (also plain `archdecide`): the interactive wizard. Textual is imported
only here, when the wizard actually starts."""

from __future__ import annotations

from pathlib import Path

import click

from tui.commands.common import knowledge_options, load_or_exit


@click.command("wizard")
@knowledge_options
def wizard_command(knowledge: Path | None, overlays: tuple[Path, ...]) -> None:
    """Open the interactive wizard."""
    pack = load_or_exit(knowledge, overlays)
    from tui.app import ArchdecideApp

    ArchdecideApp(pack).run()
