"""`archdecide records ...`: list, show, change the status of, export, re-check and check the
decision records in the records folder (--records DIR, else $ARCHDECIDE_RECORDS, else
docs/decisions). Exit codes: 0 ok, 1 unexpected, 2 bad input or problems found, 3 invalid
knowledge pack, 4 a re-checked decision no longer stands."""

from __future__ import annotations

import datetime as dt
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
    from archdecide.decisions.records.store import scan

    return _warned(scan, directory)


L = TypeVar("L", bound=Any)


def _warned(read: Callable[[Path], L], directory: Path) -> L:
    """read(directory) (a listing with `problems`), each problem on stderr as a warning; a
    folder that cannot be read is one sentence and exit 2."""
    from archdecide.decisions.records.folder import RecordStoreError

    try:
        listing = read(directory)
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
@click.option("--status", default=None, metavar="STATUS",
              help="Only records in this status: any the folder uses (proposed, accepted, "
                   "on hold, draft...), in any case.")
@click.option("--tag", default=None, metavar="TAG", help="Only records with this tag.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def list_command(records_dir: Path | None, status: str | None, tag: str | None,
                 fmt: str) -> None:
    """List the records (corrupt or foreign files are reported on stderr)."""
    # Only each file's summary is read (decisions.records.listing): no pydantic, no knowledge
    # pack, unless a file has to be read in full (written before the summary came first,
    # or broken: then it gets the same warning as from scan()).
    from archdecide.decisions.records.folder import show

    directory, heads = _heads(records_dir)
    wanted = None if status is None else " ".join(status.split()).lower()
    rows = [h for h in heads if (wanted is None or h.status.lower() == wanted)
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
@click.option("--full", is_flag=True,
              help="Also what the record derives from the pack (answers in words, each "
                   "option's pros and cons, the whole sizing and TCO), recomputed with the "
                   "pack it was decided with.")
@knowledge_options
def show_command(records_dir: Path | None, number: int, fmt: str, full: bool,
                 knowledge: Path | None, overlays: tuple[Path, ...]) -> None:
    """Show record N: text (words, 80 columns), the TOML as saved, or JSON (everything
    derived recomputed, as --full). A record saved by this version is concise; what it
    derives comes from the pack at its sha256, and when that pack is not here it is shown
    as saved, with one line on stderr saying so."""
    from archdecide.decisions.records.folder import RecordStoreError
    from archdecide.decisions.records.model import to_json_data, to_toml
    from archdecide.decisions.records.store import ForeignAdr, find

    directory = _dir(records_dir)
    try:
        stored = find(directory, number)
    except ForeignAdr as foreign:
        _show_markdown(foreign, fmt)
        return
    except RecordStoreError as exc:
        _problem(exc)
    if fmt == "toml" and not full:
        echo_machine(to_toml(stored.record), nl=False)
        return
    record = _expanded(stored.record, knowledge, overlays)
    if fmt == "toml":
        echo_machine(to_toml(record), nl=False)
    elif fmt == "json":
        echo_json(to_json_data(record))
    else:
        echo(render_record(record, full=full), nl=False)


def _show_markdown(foreign: Any, fmt: str) -> None:
    """A Markdown ADR another tool wrote: what archdecide reads of it, then its text."""
    from archdecide.decisions.records.folder import show
    from archdecide.decisions.records.markdown_adr import read_markdown

    read = read_markdown(foreign.path, foreign.number)  # the file, read once
    if isinstance(read, str):
        fail(read)
    adr, text = read
    if fmt == "toml":
        fail(f"{show(adr.path)} is a Markdown ADR, not a TOML record; use --format text or json")
    data = {"number": adr.number, "file": adr.path.name, "format": "markdown",
            "title": adr.title, "status": adr.status,
            "date": adr.date.isoformat() if adr.date else None, "superseded_by": adr.successor}
    if fmt == "json":
        echo_json(data)
        return
    lines = [f"{adr.number:04d}. {_one_line(adr.title)}  [Markdown ADR: {show(adr.path)}]",
             f"Status: {safe_line(adr.status or 'unknown')}    Date: "
             f"{adr.date.isoformat() if adr.date else 'unknown'}"]
    if adr.successor:
        lines.append(f"Superseded by: {safe_line(adr.successor)}")
    echo("\n".join([*lines, "", text.removeprefix("\ufeff").rstrip(), ""]))


def _expanded(record: DecisionRecord, knowledge: Path | None, overlays: tuple[Path, ...]
              ) -> DecisionRecord:
    """The record with what it derives recomputed, or as saved (and why, on stderr)."""
    return _expander(knowledge, overlays)(record)


def _expander(knowledge: Path | None, overlays: tuple[Path, ...]
              ) -> Callable[[DecisionRecord], DecisionRecord]:
    """expand with the pack, loaded once and only for a concise record; a record the pack
    cannot expand is returned as saved, and why is said on stderr."""
    from archdecide.decisions.records.expand import readable

    packs: list[Any] = []

    def expanded(record: DecisionRecord) -> DecisionRecord:
        if not record.concise:
            return record
        if not packs:
            packs.append(load_or_exit(knowledge, overlays))
        shown, note = readable(record, packs[0])
        if note is not None:
            echo(f"archdecide: {note}", err=True)
        return shown

    return expanded


WIDTH = 80


def _wrapped(text: str, first: str = "  ", rest: str = "    ") -> list[str]:
    import textwrap

    return textwrap.wrap(safe_line(text), WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False, break_long_words=False) or [first.rstrip()]


def _money(usd: float | None) -> str:
    from archdecide.decisions.wording import per_month

    return "" if usd is None else per_month(usd)


def _whole(first: str, items: list[str]) -> list[str]:
    """Items joined by ", " within WIDTH columns, a line broken only between two items: a
    name is never split over two lines (a long one runs past the edge instead)."""
    lines = [first.rstrip() + " " if items else first]
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if len(lines[-1]) + len(piece) > WIDTH and lines[-1].strip() not in ("", first.strip()):
            lines.append("  ")
        lines[-1] += piece + " "
    return [line.rstrip() for line in lines]


def render_record(r: DecisionRecord, *, full: bool = False) -> str:
    """The record in words within 80 columns, the decision first: what was chosen and why,
    then the options (the eligible ones first), the answers, the warnings; `full` adds the
    drivers, each option's pros and cons, the sizing and the sources."""
    lines = [f"{r.number:04d}. {_one_line(r.title)}",
             f"Status: {safe_line(r.status)}    Date: {r.date.isoformat()}"]
    for label, names in (("Decision-makers", r.decision_makers), ("Consulted", r.consulted),
                         ("Informed", r.informed)):
        if names:
            lines += _whole(f"{label}: ", [safe_line(n) for n in names])
    if r.links.supersedes:
        lines.append("Supersedes: " + ", ".join(f"{n:04d}" for n in r.links.supersedes))
    if r.links.successors():
        lines.append("Superseded by: " + ", ".join(f"{n:04d}" for n in r.links.successors()))
    if r.ticket:
        lines.append(f"Ticket: {_one_line(r.ticket)}")
    lines.append("")
    if r.chosen:
        lines += _wrapped(f"Chosen: {r.chosen.name}, because {r.chosen.rationale}.", "", "  ")
    else:
        lines.append("Chosen: none (every option excluded)")
    lines += ["", "Context:", *_wrapped(r.context, rest="  "), ""]
    if r.consequences.notes:
        lines += ["Consequences (the deciders' words):",
                  *_wrapped(r.consequences.notes, rest="  "), ""]
    lines += ["Options (score of 100; the excluded ones last):"]
    ordered = sorted(r.considered, key=lambda o: o.excluded)  # stable: the saved ranking
    for o in ordered:
        cost = f", {_money(o.monthly_usd)}" if o.monthly_usd is not None else ""
        lines += _wrapped(f"{o.score:6.2f}  {o.name}{cost}" if not o.excluded else
                          f"{'-':>6}  {o.name}, excluded: {'; '.join(o.reasons)}", "  ",
                          "          ")
        if full and not o.excluded:
            lines += [*_wrapped_list("good", o.pros), *_wrapped_list("bad", o.cons)]
    if full and r.drivers:
        lines += ["", "Weights under the answers (0-10):"]
        lines += [f"  {d.weight:4g}  {_one_line(d.name)}" for d in r.drivers]
    lines += ["", "Answers given:"]
    rows = r.answer_rows()
    lines += [row for a in rows if not a.assumed for row in _answer(a)] or ["  (none)"]
    assumed = [a for a in rows if a.assumed]
    if assumed:
        lines += ["", f"Assumed (the defaults, {len(assumed)}):"]
        lines += [row for a in assumed for row in _answer(a)]
    if r.assumptions:
        lines += ["", "Assumptions overridden:"]
        lines += [f"  {_one_line(k)} = {v:g}" for k, v in r.assumptions.items()]
    if r.warnings:
        lines += ["", "Warnings:"]
        for w in r.warnings:
            lines += _wrapped(w.message, "  - ", "    ")
    if r.sensitivity:
        lines += ["", "What would change it:"]
        for text in r.sensitivity:
            lines += _wrapped(text, "  - ", "    ")
    if full and r.sizing:
        lines += ["", "Sizing:"]
        lines += _wrapped(", ".join(f"{k} = {v}" for k, v in r.sizing.items()
                                    if not isinstance(v, dict | list)))
    if full and r.sources:
        lines += ["", "Sources:"]
        for src in r.sources:
            lines += _wrapped(f"{src.title or src.id} {src.url}".strip(), "  - ", "    ")
    lines += ["", *_wrapped(f"Pack {r.pack.id} {r.pack.version} sha256 {r.pack.sha256}; "
                            f"archdecide {r.archdecide_version}", "", "  ")]
    return "\n".join(lines) + "\n"


def _wrapped_list(label: str, items: tuple[str, ...]) -> list[str]:
    return [row for item in items for row in _wrapped(f"{label}: {item}", "          ",
                                                      "            ")]


def _answer(a: Any) -> list[str]:
    from archdecide.decisions.engine.answers import format_value

    shown = a.label or format_value(a.value)
    return _wrapped(f"{a.prompt or a.question}: {shown}", "  ", "    ")


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
@knowledge_options
def export_command(records_dir: Path | None, number: int | None, all_: bool, fmt: str,
                   out: Path | None, flavour: str, front_matter: bool, force: bool,
                   knowledge: Path | None, overlays: tuple[Path, ...]) -> None:
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
    expanded = _expander(knowledge, overlays)
    if conflicts:  # checked before anything is written: --all writes all or nothing of this
        fail(conflicts[0] if len(conflicts) == 1 else
             f"{len(conflicts)} exports would overwrite work, the first: {conflicts[0]}")
    try:
        target.mkdir(parents=True, exist_ok=True)
        for stored in chosen:
            try:
                path = write_export(stored, target, names, force=force,
                                    flavour="madr4" if front_matter else flavour,
                                    record=expanded(stored.record))
            except RecordStoreError as exc:
                fail(str(exc))
            echo(show(path))
    except OSError as exc:
        fail(f"cannot write to the export folder {show(target)} ({exc.strerror})")


@records_command.command("upgrade")
@records_option
@click.argument("number", type=click.IntRange(min=1), metavar="[N]", required=False)
@click.option("--all", "all_", is_flag=True, help="Upgrade every record in the folder.")
def upgrade_command(records_dir: Path | None, number: int | None, all_: bool) -> None:
    """Rewrite record N (or --all) concise, as this version saves a decision: what the pack
    derives again (prompts, labels, pros and cons, the full sizing and TCO) is left out and
    recomputed on demand. Only when asked, each file atomically; nothing else changes."""
    from archdecide.decisions.records.folder import RecordStoreError, show
    from archdecide.decisions.records.store import upgrade

    if (number is None) == (not all_):
        fail("records upgrade: expected a record number N or --all (not both)")
    directory = _dir(records_dir)
    try:
        done = upgrade(directory, None if all_ else [number] if number else None)
    except RecordStoreError as exc:
        _problem(exc)
    for stored in done:
        echo(f"upgraded {show(stored.path)}")
    if not done:
        echo("Nothing to upgrade: every record is concise already.")


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


# --------------------------------------------------------------------------- toc / graph / init


def _heads(records_dir: Path | None) -> tuple[Path, list[Any]]:
    """The folder and its listing rows (each record's summary, each Markdown ADR's head);
    unreadable files are named on stderr, never fatal."""
    from archdecide.decisions.records.listing import list_heads

    directory = _dir(records_dir)
    return directory, _warned(list_heads, directory).heads


@records_command.command("toc")
@records_option
def toc_command(records_dir: Path | None) -> None:
    """A Markdown table of contents of the folder, with a status column, for a README:
    `archdecide records toc > docs/decisions/README.md`. Each row links to the record's
    Markdown export where there is one (else to the record), or to the Markdown ADR."""
    import os

    from archdecide.decisions.records.toc import toc

    directory, heads = _heads(records_dir)
    try:
        names = os.listdir(directory)
    except OSError:
        names = []
    echo_machine(toc(heads, [n for n in names if n.endswith(".md")]), nl=False)


@records_command.command("graph")
@records_option
@click.option("--format", "fmt", type=click.Choice(["mermaid", "dot"]), default="mermaid",
              show_default=True)
def graph_command(records_dir: Path | None, fmt: str) -> None:
    """The links between the folder's decisions (supersede, amend, clarify, relate) as a
    Mermaid flowchart (GitHub renders it in a ```mermaid block) or Graphviz DOT."""
    from archdecide.decisions.records.toc import dot, mermaid

    _, heads = _heads(records_dir)
    echo_machine((mermaid if fmt == "mermaid" else dot)(heads), nl=False)


@records_command.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--log4brains", is_flag=True,
              help="Also write .log4brains.yml, so that log4brains shows the folder.")
def init_command(folder: Path | None, log4brains: bool) -> None:
    """Start a records folder (default: docs/decisions): the folder, and `.adr-dir` in the
    current folder naming it, as `adr init` does, so that adr-tools and archdecide share it.
    A file already there is kept and said so."""
    from archdecide.decisions.records.folder import RecordStoreError, init_folder, show

    target = folder or Path("docs") / "decisions"
    try:
        written, kept = init_folder(Path.cwd(), target, log4brains=log4brains)
    except RecordStoreError as exc:
        _problem(exc)
    for path in written:
        echo(f"wrote {show(path)}")
    for path in kept:
        echo(f"kept {show(path)} (already there)")


# --------------------------------------------------------------------------- search / due


@records_command.command("search")
@records_option
@click.argument("text")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@knowledge_options
def search_command(records_dir: Path | None, text: str, fmt: str, knowledge: Path | None,
                   overlays: tuple[Path, ...]) -> None:
    """Records whose title, tags, context, options or answers contain TEXT (any case); the
    answers of a concise record are searched in the pack's words too, and the Markdown ADRs
    other tools wrote in the whole of their text."""
    from archdecide.decisions.records.log import search, search_markdown

    directory = _dir(records_dir)
    listing = _scan(directory)
    concise = any(s.record.concise for s in listing.records)
    found = search(listing.records, text, load_or_exit(knowledge, overlays) if concise else None)
    rows: list[tuple[int, str, str, str, dt.date | None, list[str], str]] = [
        (s.number, s.path.name, s.record.title, s.record.status, s.record.date,
         list(s.record.tags), "toml") for s in found]
    rows += [(a.number, a.path.name, a.title, a.status or "unknown", a.date, [], "markdown")
             for a in search_markdown(directory, text)]
    rows.sort(key=lambda row: (row[0], row[1]))
    if fmt == "json":
        echo_json([{"number": n, "file": f, "title": t, "status": st, "tags": tags,
                    "format": kind} for n, f, t, st, _, tags, kind in rows])
        return
    for number, _, title, status, date, _, kind in rows:
        when = date.isoformat() if date else "-" * 10
        mark = " [Markdown]" if kind == "markdown" else ""
        echo(f"{number:04d}  {safe_line(status):<10}  {when}  {_one_line(title)}{mark}")
    if not rows:
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
    drift check for a scheduled CI job), 2 when a record cannot be read (a gate that cannot
    judge a record does not pass it), 0 otherwise."""
    from archdecide.decisions.records.log import due as due_records

    listing = _scan(_dir(records_dir))
    pack = load_or_exit(knowledge, overlays)
    due = due_records(listing.records, pack, today.date() if today else dt.date.today())
    for item in due:
        echo(f"{item.stored.number:04d}  {_one_line(item.stored.record.title)}: "
             f"{'; '.join(item.reasons)}")
    if due:
        echo(f"archdecide: {len(due)} decision{'s' if len(due) != 1 else ''} due", err=True)
    if listing.problems:  # each was named on stderr by _scan
        count = len(listing.problems)
        fail(f"{count} record file{'s' if count != 1 else ''} could not be read, so whether "
             f"{'they are' if count != 1 else 'it is'} due is unknown; fix or remove "
             f"{'them' if count != 1 else 'it'} (`archdecide records check`)")
    if due:
        raise SystemExit(ExitCode.DRIFT)
    echo("Nothing is due.")
