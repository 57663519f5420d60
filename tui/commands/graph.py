"""`archdecide graph`: the question flow (or the whole typed graph) as DOT or Mermaid."""

from __future__ import annotations

from pathlib import Path

import click
from archdecide.tui.commands.common import knowledge_options, load_or_exit


@click.command("graph")
@knowledge_options
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid"]), default="dot",
              show_default=True, help="dot for Graphviz, mermaid for a Markdown page.")
@click.option("--full", is_flag=True,
              help="The whole typed graph (options, criteria, architectures, rules), "
                   "not just the question flow.")
def graph_command(knowledge: Path | None, overlays: tuple[Path, ...], fmt: str,
                  full: bool) -> None:
    """Print the decision graph of a knowledge pack."""
    from archdecide.decisions.engine.graph import to_dot, to_mermaid

    pack = load_or_exit(knowledge, overlays)
    click.echo((to_dot if fmt == "dot" else to_mermaid)(pack, full=full), nl=False)
