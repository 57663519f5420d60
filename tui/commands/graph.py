"""`archdecide graph`: the decision graph as DOT, Mermaid or networkx node-link JSON."""

from __future__ import annotations

from pathlib import Path

import click

from archdecide.tui.commands.common import echo, echo_json, knowledge_options, load_or_exit


@click.command("graph")
@knowledge_options
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid", "json"]), default="dot",
              show_default=True,
              help="dot for Graphviz, mermaid for a Markdown page, json for networkx "
                   "node-link data of the whole typed graph (the ids of `decide`'s paths).")
@click.option("--full", is_flag=True,
              help="dot/mermaid: the whole typed graph (options, criteria, architectures, "
                   "rules), not just the question flow.")
def graph_command(knowledge: Path | None, overlays: tuple[Path, ...], fmt: str,
                  full: bool) -> None:
    """Print the decision graph of a knowledge pack."""
    from archdecide.decisions.engine.export import to_dot, to_json, to_mermaid

    pack = load_or_exit(knowledge, overlays)
    if fmt == "json":
        echo_json(to_json(pack))
    else:
        echo((to_dot if fmt == "dot" else to_mermaid)(pack, full=full), nl=False)
