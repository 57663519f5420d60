"""Options and error handling shared by the headless commands (no Textual, no Rich)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from archdecide.tui.exit_codes import ExitCode
from archdecide.tui.terminal_text import json_text, machine_text, safe, safe_line

if TYPE_CHECKING:
    from archdecide.knowledge.pack import KnowledgePack

F = TypeVar("F", bound=Callable[..., Any])



class EnvOption(click.Option):
    """An option that also reads an ARCHDECIDE_* variable: a bad value from the variable is
    reported with the variable's name, not the option's (exit 2)."""

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        try:
            return super().process_value(ctx, value)
        except click.BadParameter as exc:
            from click.core import ParameterSource

            if self.name and isinstance(self.envvar, str) and \
                    ctx.get_parameter_source(self.name) == ParameterSource.ENVIRONMENT:
                raw = os.environ.get(self.envvar, "")
                shown = repr(raw) if len(raw) <= 80 else f"{raw[:40]!r}... ({len(raw):,} chars)"
                raise click.UsageError(safe_line(f"{self.envvar}={shown}: {exc.message}"),
                                       ctx) from None
            raise


def from_environment(name: str) -> str | None:
    """The variable that gave option `name` its value in the running command, if one did."""
    from click.core import ParameterSource

    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return None
    for param in ctx.command.params:
        if param.name == name and isinstance(param.envvar, str) and \
                ctx.get_parameter_source(name) == ParameterSource.ENVIRONMENT:
            return param.envvar
    return None


class FolderPath(click.Path):
    """click.Path(file_okay=False) that first refuses what cannot name a folder at all (too
    long, a NUL), in a sentence that does not repeat the value."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> Any:
        from archdecide.knowledge.reading import path_problem

        problem = path_problem(os.fsdecode(value)) if isinstance(value, str | bytes) else None
        if problem is not None:
            self.fail(problem, param, ctx)
        return super().convert(value, param, ctx)


def knowledge_options(func: F) -> F:
    """--knowledge DIR and --overlay DIR..., with ARCHDECIDE_KNOWLEDGE as the default."""
    func = click.option(
        "--overlay", "overlays", multiple=True, metavar="DIR", type=FolderPath(),
        help="A folder of TOML entries that override or extend the pack by id (repeatable).",
    )(func)
    func = click.option(
        "--knowledge", "knowledge", metavar="DIR", envvar="ARCHDECIDE_KNOWLEDGE", cls=EnvOption,
        type=FolderPath(), default=None,
        help="Knowledge-pack folder (default: the bundled llm_deployment pack).",
    )(func)
    return func


def echo(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Text for a person's terminal: anything from a file or a person in it is escaped
    (archdecide.tui.terminal_text.safe)."""
    click.echo(safe(text), err=err, nl=nl)


def echo_json(data: Any) -> None:
    """Strict JSON with the exact text, terminal-safe (terminal_text.json_text)."""
    click.echo(json_text(data))


def echo_machine(text: str, *, nl: bool = True) -> None:
    """TOML (or other machine output) with the exact text, terminal-safe."""
    click.echo(machine_text(text), nl=nl)


def fail(message: str, code: int = ExitCode.BAD_INPUT) -> NoReturn:
    echo(f"archdecide: {message}", err=True)
    sys.exit(code)


def load_or_exit(knowledge: Path | None, overlays: tuple[Path, ...] = ()) -> KnowledgePack:
    """Load the pack and run the lint's flow checks, or print every problem (one per line) and
    exit 3: a pack that `validate` rejects is rejected by every command, with the same lines.
    The bundled pack exactly as CI linted it is not linted again (knowledge.trusted)."""
    from archdecide.knowledge.errors import KnowledgeError
    from archdecide.knowledge.loader import load_pack
    from archdecide.knowledge.trusted import lint_checked
    from archdecide.tui.launch import print_pack_problems

    try:
        pack = load_pack(knowledge, overlays=tuple(overlays))
    except KnowledgeError as exc:
        variable = from_environment("knowledge") or from_environment("directory")
        if variable is not None:
            echo(f"archdecide: the knowledge pack is {variable}={str(knowledge)!r}", err=True)
        print_pack_problems(exc.problems)
        sys.exit(ExitCode.BAD_PACK)
    if lint_checked(pack.sha256):
        return pack
    from archdecide.decisions.engine.lint import errors

    found = errors(pack)
    if found:
        print_pack_problems(found)
        sys.exit(ExitCode.BAD_PACK)
    return pack
