"""`archdecide decide`: evaluate an answers file without the wizard (scripts and CI)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from archdecide.tui.commands.common import (
    EnvOption,
    echo,
    echo_json,
    echo_machine,
    fail,
    knowledge_options,
    load_or_exit,
)
from archdecide.tui.exit_codes import ExitCode

if TYPE_CHECKING:
    from archdecide.decisions.engine.evaluation import Evaluation
    from archdecide.decisions.meta import Meta
    from archdecide.knowledge.pack import KnowledgePack
    from archdecide.knowledge.schema import AnswerValue


@click.command("decide")
@click.option("--answers", "answers_path", metavar="FILE.toml",
              type=click.Path(dir_okay=True, path_type=Path),
              help="Answers file ([answers], optional [meta] and [assumptions] tables), or a "
                   "decision record: its given answers are replayed.")
@click.option("--set", "sets", multiple=True, metavar="ID=VALUE",
              help="Answer a question (repeatable; overrides the file). Lists: a,b.")
@click.option("--assume", "assumes", multiple=True, metavar="KEY=VALUE",
              help="Override a sizing/TCO constant (repeatable; overrides the file).")
@knowledge_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "toml"]), default="text",
              show_default=True, help="Output format; json is a stable, documented contract.")
@click.option("--strict", is_flag=True,
              help="Unanswered questions on the path are an error (exit 2) instead of assumed.")
@click.option("--save", is_flag=True,
              help="Also save the outcome as a new record and print its path (on stderr when "
                   "--format json/toml, so stdout stays machine-readable).")
@click.option("--title", metavar="T", help="The record's title (default: [meta] title).")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Label the saved record (repeatable; lowercase letters, digits, _ . -).")
@click.option("--review-by", "review_by", metavar="YYYY-MM-DD", default=None,
              type=click.DateTime(formats=["%Y-%m-%d"]),
              help="When the saved decision is due for review (see `records due`).")
@click.option("--records", metavar="DIR", envvar="ARCHDECIDE_RECORDS", cls=EnvOption,
              type=click.Path(file_okay=False, path_type=Path),
              help="Records folder (default: docs/decisions under the current folder).")
def decide_command(answers_path: Path | None, sets: tuple[str, ...], assumes: tuple[str, ...],
                   knowledge: Path | None, overlays: tuple[Path, ...], fmt: str,
                   strict: bool, save: bool, title: str | None, tags: tuple[str, ...],
                   review_by: Any, records: Path | None) -> None:
    """Recommend an architecture for a set of answers. Exit 0 ok, 2 bad answers,
    3 invalid knowledge pack."""
    request = _request(answers_path, sets, assumes, knowledge, overlays, save, title, tags,
                       review_by)
    from archdecide.decisions.engine.evaluation import evaluate

    evaluation = evaluate(request.pack, request.answers, request.assumptions)
    if strict and evaluation.assumed:
        _fail_lines([f"{request.source}: answers.{q}: is on the path but unanswered "
                     "(--strict); expected an answer" for q in evaluation.assumed])
    saved = _save(evaluation, request.meta, records, title) if save else None
    _render(evaluation, request, fmt)  # after the save: a record refused prints nothing
    if saved is not None:
        echo(str(saved), err=fmt != "text")


@dataclass(frozen=True)
class DecideRequest:
    """Everything `decide` was given, parsed and checked before anything is computed."""

    pack: KnowledgePack
    answers: dict[str, AnswerValue]
    assumptions: dict[str, float]
    meta: Meta
    source: str
    """Where the answers came from, for messages: the file's path or --set."""


def _request(answers_path: Path | None, sets: tuple[str, ...], assumes: tuple[str, ...],
             knowledge: Path | None, overlays: tuple[Path, ...], save: bool,
             title: str | None, tags: tuple[str, ...], review_by: Any) -> DecideRequest:
    """Parse and check all of decide's input, or exit with one line per problem (exit 2, or 3
    for an invalid pack) before any output."""
    from archdecide.decisions.engine.answers import (
        AnswersFile,
        AnswersFileError,
        check_answers,
        parse_number,
        parse_pairs,
    )
    from archdecide.decisions.meta import TAG_PATTERN
    from archdecide.decisions.records.replay import pack_mismatch, read_answers_or_record

    bad = [tag for tag in tags if not re.fullmatch(TAG_PATTERN, tag)]
    if bad:
        fail(f"--tag {bad[0]!r}: expected lowercase letters, digits, '_', '.' or '-' (at "
             "most 40)")
    try:
        file = read_answers_or_record(answers_path) if answers_path else AnswersFile()
    except AnswersFileError as exc:
        _fail_lines([str(p) for p in exc.problems])
    if save and not (title if title is not None else file.meta.title).strip():
        fail("--save needs a title: give --title or [meta] title in the answers file (a "
             "title of spaces alone is none)")
    try:
        set_keys = parse_pairs(sets, "--set")
        raw: dict[str, Any] = {**file.answers, **set_keys}
        assumptions = dict(file.assumptions)
        assume_keys = parse_pairs(assumes, "--assume")
        for key, text in assume_keys.items():
            try:
                assumptions[key] = parse_number(text)
            except ValueError as exc:
                raise ValueError(f"--assume {key}: {exc}") from None
    except ValueError as exc:
        fail(str(exc))
    pack = load_or_exit(knowledge, overlays)
    other = pack_mismatch(file, pack.id, str(answers_path))
    if other is not None:
        fail(other)
    answers, problems = check_answers(pack, raw)
    source = str(answers_path) if answers_path else "--set"
    lines = [f"{'--set' if p.question in set_keys else source}: answers.{p.question}: "
             f"{p.message}" for p in problems]
    from archdecide.decisions.sizing.assumptions import (
        SizingError,
        check_overrides,
        override_keys,
        suggest,
    )

    known = override_keys(pack)
    lines += [f"{'--assume' if k in assume_keys else source}: assumptions.{k}: "
              f"{suggest(k, known, 'constant or price id')}" for k in assumptions if k not in known]
    if not lines:
        try:
            check_overrides(pack, assumptions)
        except SizingError as exc:
            lines.append(f"{source if not assumes else '--assume'}: {exc}")
    if lines:
        _fail_lines(lines)
    # a replayed record keeps its own tags and review date; the options add to them
    meta = dataclasses.replace(
        file.meta, tags=tuple(dict.fromkeys((*file.meta.tags, *tags))),
        review_by=review_by.date() if review_by else file.meta.review_by)
    return DecideRequest(pack, answers, assumptions, meta, source)


def _render(evaluation: Evaluation, request: DecideRequest, fmt: str) -> None:
    if fmt == "text":
        from archdecide.decisions.report import render_text

        echo(render_text(evaluation), nl=False)
        return
    from archdecide.decisions.engine.evaluation_json import to_json
    from archdecide.decisions.meta import Meta

    data = to_json(evaluation)
    if request.meta != Meta():
        data["meta"] = {k: v for k, v in request.meta.to_data().items() if v}
    if request.assumptions:
        data["assumptions_given"] = request.assumptions
    if fmt == "json":
        echo_json(data)
    else:
        import tomli_w

        echo_machine(tomli_w.dumps(_toml_safe(data)), nl=False)


def _save(evaluation: Evaluation, meta: Meta, records: Path | None, title: str | None
          ) -> Path:
    """The new record's path; one sentence and exit 2 when it cannot be written."""
    from archdecide.decisions.records.folder import RecordStoreError, resolve_records_dir
    from archdecide.decisions.records.store import save_new_record

    try:
        folder = resolve_records_dir(records)
        return save_new_record(evaluation, meta, folder, title)
    except RecordStoreError as exc:
        fail(str(exc))


def _fail_lines(lines: list[str]) -> None:
    for line in lines:
        echo(line, err=True)
    fail(f"{len(lines)} problem{'s' if len(lines) != 1 else ''} with the answers; nothing "
         "was computed", ExitCode.BAD_INPUT)


def _toml_safe(value: Any) -> Any:
    """TOML has no null: drop None values (their absence means the same)."""
    if isinstance(value, dict):
        return {k: _toml_safe(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_toml_safe(v) for v in value if v is not None]
    return value
