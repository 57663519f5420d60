"""`archdecide drafts list|discard`: the wizard's drafts, one per decision (decisions.drafts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from archdecide.tui.commands.common import echo, echo_json, fail
from archdecide.tui.terminal_text import safe_line

if TYPE_CHECKING:
    from archdecide.decisions.drafts import Draft


def status(draft: Draft) -> tuple[str, str | None]:
    """open (offered for resume), in use (a wizard holds it, and who) or saved (closed)."""
    from archdecide.decisions.drafts import holder

    who = holder(draft.path) if draft.path is not None else None
    if who is not None:
        return "in use", who
    return ("saved" if draft.closed else "open"), None


def as_json(draft: Draft) -> dict[str, Any]:
    state, who = status(draft)
    return {"id": draft.id, "title": draft.title, "answered": len(draft.answers),
            "updated": draft.updated, "status": state, "held_by": who,
            "pack_id": draft.pack_id,
            "record": draft.saved.record if draft.saved is not None else None,
            "path": str(draft.path)}


@click.group("drafts")
def drafts_command() -> None:
    """The wizard's drafts: one per decision, each edited by one wizard at a time.

    A draft saved as a record and unchanged since is `saved` and no longer offered for resume;
    one a wizard has open is `in use`. Exit 0 ok, 2 an unknown or open draft, or an
    ARCHDECIDE_STATE_DIR that cannot be the state folder.
    """
    from archdecide.decisions.drafts import StateDirError, state_dir

    try:
        state_dir()
    except StateDirError as exc:
        fail(str(exc))


@drafts_command.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True,
              help="json: a list of objects with id, title, answered, updated, status, "
                   "held_by, pack_id, record and path.")
def list_command(fmt: str) -> None:
    """List the drafts, most recently updated first (broken files are named on stderr)."""
    from archdecide.decisions.drafts import drafts_dir, load_all

    found, problems = load_all(move_broken=False)
    for problem in problems:
        echo(f"archdecide: {problem}", err=True)
    if fmt == "json":
        echo_json([as_json(d) for d in found])
        return
    if not found:
        echo(f"no drafts in {drafts_dir()}")
        return
    echo(f"{'ID':<20}  {'ANSWERED':>8}  {'UPDATED (UTC)':<16}  {'STATUS':<6}  TITLE")
    for draft in found:
        row = as_json(draft)
        when = draft.updated.replace("T", " ").removesuffix("Z")[:16]
        echo(f"{draft.id:<20}  {row['answered']:>8}  {when:<16}  {row['status']:<6}  "
             f"{safe_line(draft.title) or '(untitled)'}")


@drafts_command.command("discard")
@click.argument("draft_id", metavar="ID")
def discard_command(draft_id: str) -> None:
    """Delete the draft ID (see `drafts list`); refused while a wizard has it open."""
    from archdecide.decisions.drafts import discard

    try:
        path = discard(draft_id)
    except ValueError as exc:
        fail(str(exc))
    echo(f"discarded {draft_id} ({path})")
