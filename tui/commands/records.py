"""`archdecide records ...`: list, show, change the status of, export, re-check and check the
decision records in the records folder (--records DIR, else $ARCHDECIDE_RECORDS, else
docs/decisions). Exit codes: 0 ok, 1 unexpected, 2 bad input or problems found, 3 invalid
knowledge pack, 4 a re-checked decision no longer stands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from archdecide.tui.commands.common import (
    echo,
    echo_json,
    echo_machine,
    fail,
    knowledge_options,
    load_or_exit,
)
from archdecide.tui.exit_codes import ExitCode
from archdecide.tui.terminal_text import safe_line

if TYPE_CHECKING:
    from archdecide.decisions.records.model import DecisionRecord
    from archdecide.decisions.records.store import Listing, StoredRecord

F = TypeVar("F", bound=Callable[..., Any])
STATUS_CHOICE = click.Choice(["proposed", "accepted", "rejected", "deprecated", "superseded"])


def records_option(func: F) -> F:
    return click.option(
        "--records", "records_dir", metavar="DIR", default=None,
        type=click.Path(file_okay=False, path_type=Path),
        help="Records folder (default: $ARCHDECIDE_RECORDS, else docs/decisions).",
    )(func)


def _dir(option: Path | None) -> Path:
    from archdecide.decisions.records.folder import RecordStoreError, resolve_records_dir

    try:
        return resolve_records_dir(option)
    except RecordStoreError as exc:
        _problem(exc)


def _problem(exc: Exception) -> NoReturn:
    fail(str(exc), ExitCode.BAD_INPUT)


def _scan(directory: Path) -> Listing:
    """Every readable record; unreadable files are reported on stderr, never fatal."""
    from archdecide.decisions.records.folder import RecordStoreError
    from archdecide.decisions.records.store import scan

    try:
        listing = scan(directory)
    except RecordStoreError as exc:
        _problem(exc)
    for problem in listing.problems:
        echo(f"archdecide: warning: {problem}", err=True)
    return listing


def _find(directory: Path, number: int) -> StoredRecord:
    from archdecide.decisions.records.folder import RecordStoreError
    from archdecide.decisions.records.store import find

    try:
        return find(directory, number)
    except RecordStoreError as exc:
        _problem(exc)


NUMBER = click.argument("number", type=click.IntRange(min=1), metavar="N")


@click.group("records")
def records_command() -> None:
    """List, show, accept, supersede, export and re-check decision records."""


# --------------------------------------------------------------------------- list / show


@records_command.command("list")
@records_option
@click.option("--status", type=STATUS_CHOICE, default=None, help="Only records in this status.")
@click.option("--tag", default=None, metavar="TAG", help="Only records with this tag.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_command(records_dir: Path | None, status: str | None, tag: str | None,
                 fmt: str) -> None:
    """List the records (corrupt or foreign files are reported on stderr)."""
    # Only each file's summary is read (decisions.records.listing): no pydantic, no knowledge
    # pack, unless a file has to be read in full (written before the summary came first,
    # or broken: then it gets the same warning as from scan()).
    from archdecide.decisions.records.folder import RecordStoreError, show
    from archdecide.decisions.records.listing import list_heads

    directory = _dir(records_dir)
    try:
        listing = list_heads(directory)
    except RecordStoreError as exc:
        _problem(exc)
    for problem in listing.problems:
        echo(f"archdecide: warning: {problem}", err=True)
    rows = [h for h in listing.heads if (status is None or h.status == status)
            and (tag is None or tag in h.tags)]
    if fmt == "json":
        echo_json([{
            "number": h.number, "file": h.path.name, "title": h.title, "status": h.status,
            "date": h.date.isoformat() if h.date else None, "chosen": h.chosen,
            "links": h.links(), "format": h.format, "tags": list(h.tags),
        } for h in rows])
        return
    if not rows:
        echo(f"No records in {show(directory)}.")
        return
    for h in rows:
        extra = f" (superseded by {h.superseded_by:04d})" if h.superseded_by else ""
        if h.format == "markdown":
            extra += " [Markdown]"
        date = h.date.isoformat() if h.date else "-" * 10
        echo(f"{h.number:04d}  {safe_line(h.status):<10}  {date}  {_one_line(h.title)}{extra}")


def _one_line(text: str) -> str:
    return safe_line(" ".join(text.split()))


@records_command.command("show")
@records_option
@NUMBER
@click.option("--format", "fmt", type=click.Choice(["text", "toml", "json"]), default="text",
              show_default=True)
def show_command(records_dir: Path | None, number: int, fmt: str) -> None:
    """Show record N."""
    from archdecide.decisions.records.model import to_json_data, to_toml

    stored = _find(_dir(records_dir), number)
    if fmt == "toml":
        echo_machine(to_toml(stored.record), nl=False)
    elif fmt == "json":
        echo_json(to_json_data(stored.record))
    else:
        echo(render_record(stored.record), nl=False)


def render_record(r: DecisionRecord) -> str:
    lines = [f"{r.number:04d}. {_one_line(r.title)}",
             f"Status: {r.status}    Date: {r.date.isoformat()}"]
    for label, names in (("Decision-makers", r.decision_makers), ("Consulted", r.consulted),
                         ("Informed", r.informed)):
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    if r.links.supersedes:
        lines.append("Supersedes: " + ", ".join(f"{n:04d}" for n in r.links.supersedes))
    if r.links.superseded_by:
        lines.append(f"Superseded by: {r.links.superseded_by:04d}")
    if r.ticket:
        lines.append(f"Ticket: {_one_line(r.ticket)}")
    lines += ["", "Context:", f"  {r.context}", ""]
    if r.consequences.notes:
        lines += ["Consequences (the deciders' words):", f"  {r.consequences.notes}", ""]
    if r.chosen:
        lines.append(f"Chosen: {r.chosen.name} ({r.chosen.id}), because {r.chosen.rationale}.")
    else:
        lines.append("Chosen: none (every option excluded)")
    lines += ["", "Options:"]
    for o in r.considered:
        note = f"  excluded: {'; '.join(o.reasons)}" if o.excluded else ""
        lines.append(f"  {o.score:6.2f}  {o.name} ({o.id}){note}")
    lines += ["", "Answers:"]
    for a in r.answers:
        lines.append(f"  {a.question} = {a.label}{' (assumed)' if a.assumed else ''}")
    for w in r.warnings:
        lines.append(f"Warning: {w.message}")
    lines += ["", f"Pack {r.pack.id} {r.pack.version} sha256 {r.pack.sha256}; "
              f"archdecide {r.archdecide_version}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- lifecycle


def _status_command(name: str, status: str, verb: str) -> click.Command:
    @records_command.command(name, help=f"Mark record N {status}.")
    @records_option
    @NUMBER
    def command(records_dir: Path | None, number: int) -> None:
        from archdecide.decisions.records.folder import RecordStoreError, show
        from archdecide.decisions.records.store import set_status

        try:
            stored, changed = set_status(_dir(records_dir), number, status)
        except RecordStoreError as exc:
            _problem(exc)
        if changed:
            echo(f"{verb} {show(stored.path)}")
        else:
            echo(f"{show(stored.path)} is already {status}")

    return command


accept_command = _status_command("accept", "accepted", "Accepted")
reject_command = _status_command("reject", "rejected", "Rejected")
deprecate_command = _status_command("deprecate", "deprecated", "Deprecated")


@records_command.command("supersede")
@records_option
@NUMBER
@click.option("--by", "by", type=click.IntRange(min=1), required=True, metavar="M",
              help="The record that supersedes N.")
@click.option("--also", is_flag=True,
              help="N is already superseded: M is one more successor (a split decision).")
def supersede_command(records_dir: Path | None, number: int, by: int, also: bool) -> None:
    """Mark record N superseded by record M (updates both records' status and links)."""
    from archdecide.decisions.records.folder import RecordStoreError, show
    from archdecide.decisions.records.store import supersede

    try:
        old, new = supersede(_dir(records_dir), number, by, also=also)
    except RecordStoreError as exc:
        _problem(exc)
    echo(f"{show(old.path)} is superseded by {show(new.path)}")


@records_command.command("link")
@records_option
@NUMBER
@click.option("--amends", "amends", type=click.IntRange(min=1), metavar="M", default=None,
              help="N amends record M (M gets amended_by N).")
@click.option("--clarifies", "clarifies", type=click.IntRange(min=1), metavar="M", default=None,
              help="N clarifies record M (M gets clarified_by N).")
@click.option("--relates-to", "relates_to", type=click.IntRange(min=1), metavar="M",
              default=None, help="N and M relate to each other.")
def link_command(records_dir: Path | None, number: int, amends: int | None,
                 clarifies: int | None, relates_to: int | None) -> None:
    """Link record N to record M, written at both ends."""
    from archdecide.decisions.records.folder import RecordStoreError, show
    from archdecide.decisions.records.store import link

    given = [(kind, m) for kind, m in (("amends", amends), ("clarifies", clarifies),
                                       ("relates_to", relates_to)) if m is not None]
    if len(given) != 1:
        fail("records link: expected exactly one of --amends, --clarifies, --relates-to")
    kind, other = given[0]
    try:
        mine, theirs = link(_dir(records_dir), number, kind, other)
    except RecordStoreError as exc:
        _problem(exc)
    echo(f"{show(mine.path)} {kind.replace('_', ' ')} {show(theirs.path)}")


# --------------------------------------------------------------------------- export


@records_command.command("export")
@records_option
@click.argument("number", type=click.IntRange(min=1), metavar="[N]", required=False)
@click.option("--all", "all_", is_flag=True, help="Export every record.")
@click.option("--format", "fmt", type=click.Choice(["madr"]), default="madr", show_default=True)
@click.option("--out", "out", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Output folder (default: the records folder).")
@click.option("--flavour", type=click.Choice(["default", "madr4", "nygard"]),
              default="default", show_default=True,
              help="Where the metadata goes: bullets under the title (log4brains, pyadr, "
                   "adr-tools), MADR 4.0 front matter, or a ## Status section (adr-viewer, "
                   "adr generate graph).")
@click.option("--front-matter", is_flag=True, help="The same as --flavour madr4.")
@click.option("--force", is_flag=True,
              help="Overwrite a Markdown file that was edited by hand or not written by "
                   "archdecide.")
def export_command(records_dir: Path | None, number: int | None, all_: bool, fmt: str,
                   out: Path | None, flavour: str, front_matter: bool, force: bool) -> None:
    """Export record N (or --all) as MADR 4.0 Markdown NNNN-slug.md. A file this command
    wrote and nobody changed is replaced; any other file is kept unless --force."""
    from archdecide.decisions.records.folder import RecordStoreError, show
    from archdecide.decisions.records.madr_files import export_conflict, export_names, write_export

    if (number is None) == (not all_):
        fail("records export: expected a record number N or --all (not both)")
    directory = _dir(records_dir)
    try:
        names = export_names(directory)
    except RecordStoreError as exc:
        _problem(exc)
    if all_:
        chosen = _scan(directory).records
    else:
        assert number is not None
        chosen = [_find(directory, number)]
    target = out or directory
    conflicts = [] if force else [c for c in (export_conflict(s, target) for s in chosen) if c]
    if conflicts:  # checked before anything is written: --all writes all or nothing of this
        fail(conflicts[0] if len(conflicts) == 1 else
             f"{len(conflicts)} exports would overwrite work, the first: {conflicts[0]}")
    try:
        target.mkdir(parents=True, exist_ok=True)
        for stored in chosen:
            try:
                path = write_export(stored, target, names, force=force,
                                    flavour="madr4" if front_matter else flavour)
            except RecordStoreError as exc:
                fail(str(exc))
            echo(show(path))
    except OSError as exc:
        fail(f"cannot write to the export folder {show(target)} ({exc.strerror})")


# --------------------------------------------------------------------------- recheck / check


@records_command.command("recheck")
@records_option
@NUMBER
@knowledge_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def recheck_command(records_dir: Path | None, number: int, knowledge: Path | None,
                    overlays: tuple[Path, ...], fmt: str) -> None:
    """Replay record N's answers against the current pack. Exit 0 if the decision stands,
    4 if the recommendation changed, 2 if the answers are no longer valid."""
    from archdecide.decisions.records.folder import show
    from archdecide.decisions.records.recheck import recheck

    stored = _find(_dir(records_dir), number)
    pack = load_or_exit(knowledge, overlays)
    result = recheck(stored.record, pack)
    where = show(stored.path)
    if fmt == "json":
        echo_json({"record": stored.number, "file": where, **result.to_dict()})
    elif result.outcome == "invalid":
        for problem in result.problems:
            echo(f"{where}: {problem}", err=True)
    else:
        head = "still stands" if result.outcome == "stands" else "NO LONGER STANDS"
        echo(f"Record {stored.number:04d} {head} with pack {pack.id} {pack.version}"
                   f" (recommendation: {result.after or 'none'}).")
        for change in result.changes:
            echo(f"- {change}")
        if not result.changes:
            echo("- nothing changed")
    if result.outcome == "invalid":
        fail(f"record {stored.number:04d} cannot be replayed: {len(result.problems)} recorded "
             f"answer{'s are' if len(result.problems) != 1 else ' is'} not valid in pack "
             f"{pack.id} {pack.version}")
    if result.outcome == "changed":
        raise SystemExit(ExitCode.DRIFT)


@records_command.command("check")
@records_option
def check_command(records_dir: Path | None) -> None:
    """Check the folder: duplicate numbers, broken links, naming and schema. Exit 0 clean,
    2 with problems (one per line)."""
    from archdecide.decisions.records.folder import RecordStoreError, show
    from archdecide.decisions.records.store import check

    directory = _dir(records_dir)
    try:
        problems = check(directory)
    except RecordStoreError as exc:
        _problem(exc)
    if problems:
        for problem in problems:
            echo(problem)
        fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {show(directory)}")
    echo(f"{show(directory)}: ok")


# --------------------------------------------------------------------------- search / due


@records_command.command("search")
@records_option
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def search_command(records_dir: Path | None, text: str, fmt: str) -> None:
    """Records whose title, tags, context, options or answers contain TEXT (any case)."""
    from archdecide.decisions.records.log import search

    found = search(_scan(_dir(records_dir)).records, text)
    if fmt == "json":
        echo_json([{"number": s.number, "file": s.path.name, "title": s.record.title,
                    "status": s.record.status, "tags": list(s.record.tags)} for s in found])
        return
    for s in found:
        echo(f"{s.number:04d}  {s.record.status:<10}  {s.record.date.isoformat()}  "
             f"{_one_line(s.record.title)}")
    if not found:
        echo(f"No record matches {safe_line(repr(text))}.")


@records_command.command("due")
@records_option
@knowledge_options
@click.option("--today", "today", metavar="YYYY-MM-DD", default=None, hidden=True,
              type=click.DateTime(formats=["%Y-%m-%d"]), help="The date to judge by (tests).")
def due_command(records_dir: Path | None, knowledge: Path | None,
                overlays: tuple[Path, ...], today: Any) -> None:
    """Decisions due for attention: proposed or accepted records past their review date, or
    whose recheck against the current pack no longer holds. Exit 4 when there are any (the
    drift check for a scheduled CI job), 0 otherwise."""
    import datetime as dt

    from archdecide.decisions.records.log import due as due_records

    listing = _scan(_dir(records_dir))
    pack = load_or_exit(knowledge, overlays)
    due = due_records(listing.records, pack, today.date() if today else dt.date.today())
    for item in due:
        echo(f"{item.stored.number:04d}  {_one_line(item.stored.record.title)}: "
             f"{'; '.join(item.reasons)}")
    if due:
        echo(f"archdecide: {len(due)} decision{'s' if len(due) != 1 else ''} due", err=True)
        raise SystemExit(ExitCode.DRIFT)
    echo("Nothing is due.")
