"""Options and error handling shared by the headless commands (no Textual, no Rich)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from archdecide.tui.exit_codes import ExitCode

if TYPE_CHECKING:
    from archdecide.knowledge.pack import KnowledgePack

F = TypeVar("F", bound=Callable[..., Any])



def knowledge_options(func: F) -> F:
    """--knowledge DIR and --overlay DIR..., with ARCHDECIDE_KNOWLEDGE as the default."""
    func = click.option(
        "--overlay", "overlays", multiple=True, metavar="DIR",
        type=click.Path(file_okay=False, path_type=Path),
        help="A folder of TOML entries that override or extend the pack by id (repeatable).",
    )(func)
    func = click.option(
        "--knowledge", "knowledge", metavar="DIR", envvar="ARCHDECIDE_KNOWLEDGE",
        type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Knowledge-pack folder (default: the bundled llm_deployment pack).",
    )(func)
    return func


def fail(message: str, code: int = ExitCode.BAD_INPUT) -> NoReturn:
    click.echo(f"archdecide: {message}", err=True)
    sys.exit(code)


def load_or_exit(knowledge: Path | None, overlays: tuple[Path, ...] = ()) -> KnowledgePack:
    """Load the pack, or print every problem (one per line) and exit 3."""
    from archdecide.knowledge.errors import KnowledgeError
    from archdecide.knowledge.loader import load_pack

    try:
        return load_pack(knowledge, overlays=tuple(overlays))
    except KnowledgeError as exc:
        from archdecide.tui.launch import print_pack_problems

        print_pack_problems(exc.problems)
        sys.exit(ExitCode.BAD_PACK)
