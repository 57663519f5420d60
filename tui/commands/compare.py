"""`archdecide compare A B`: two decisions side by side, each a record or an answers file,
both evaluated on the current pack (decisions.compare)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from archdecide.tui.commands.common import echo, echo_json, fail, knowledge_options, load_or_exit
from archdecide.tui.exit_codes import ExitCode
from archdecide.tui.terminal_text import clip, safe_line

if TYPE_CHECKING:
    from archdecide.decisions.compare import Comparison, Side
    from archdecide.decisions.engine.evaluation import Evaluation, ShownAnswer
    from archdecide.knowledge.pack import KnowledgePack


@click.command("compare")
@click.argument("first", metavar="A", type=click.Path(path_type=Path))
@click.argument("second", metavar="B", type=click.Path(path_type=Path))
@knowledge_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: a, b, same_recommendation, answers, scores.")
def compare_command(first: Path, second: Path, knowledge: Path | None,
                    overlays: tuple[Path, ...], fmt: str) -> None:
    """Show two decisions side by side: the answers that differ, the recommendations, every
    architecture's score, and the recommended architecture's monthly cost. A and B are each a
    decision record (its given answers are replayed) or an answers file. Exit 0, 2 bad input,
    3 invalid pack."""
    from archdecide.decisions.compare import compare

    pack = load_or_exit(knowledge, overlays)
    (ev_a, title_a), (ev_b, title_b) = _evaluate(pack, first), _evaluate(pack, second)
    result = compare(ev_a, ev_b, (str(first), str(second)), (title_a, title_b))
    if fmt == "json":
        echo_json(to_json(result))
    else:
        echo(render(result), nl=False)


def _evaluate(pack: KnowledgePack, path: Path) -> tuple[Evaluation, str]:
    from archdecide.decisions.engine.answers import AnswersFileError
    from archdecide.decisions.engine.evaluation import evaluate
    from archdecide.decisions.records.replay import checked, read_answers_or_record

    try:
        file = read_answers_or_record(path)
    except AnswersFileError as exc:
        for problem in exc.problems:
            echo(str(problem), err=True)
        raise SystemExit(ExitCode.BAD_INPUT) from None
    answers, problems = checked(pack, file, str(path))
    if problems:
        for line in problems:
            echo(line, err=True)
        fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {path}; "
             "nothing was compared")
    return evaluate(pack, answers, file.assumptions, with_sensitivity=False), file.meta.title


def _shown(answer: ShownAnswer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    value = list(answer.value) if isinstance(answer.value, tuple) else answer.value
    return {"value": value, "label": answer.label, "assumed": answer.assumed}


def _side(side: Side) -> dict[str, Any]:
    return {"source": side.source, "title": side.title, "recommendation": side.recommendation,
            "runner_up": side.runner_up,
            "margin": None if side.margin is None else round(side.margin, 2),
            "monthly_usd": None if side.monthly_usd is None else round(side.monthly_usd, 2)}


def to_json(result: Comparison) -> dict[str, Any]:
    return {"a": _side(result.a), "b": _side(result.b),
            "same_recommendation": result.same_recommendation,
            "answers": [{"question": d.question, "prompt": d.prompt, "a": _shown(d.a),
                         "b": _shown(d.b)} for d in result.answers],
            "scores": [{"architecture": r.architecture, "name": r.name,
                        "a": round(r.a, 2), "b": round(r.b, 2), "a_excluded": r.a_excluded,
                        "b_excluded": r.b_excluded} for r in result.scores]}


def _label(answer: ShownAnswer | None) -> str:
    if answer is None:
        return "(not asked)"
    return answer.label + (" (assumed)" if answer.assumed else "")


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.0f}/month"


def render(result: Comparison) -> str:
    """Both decisions side by side, every value from a file or a person on its own one line
    (a newline in a title cannot add a line of its own)."""
    a, b = result.a, result.b
    names = {row.architecture: row.name for row in result.scores}

    def chosen(aid: str | None) -> str:
        return names.get(aid, aid) if aid else "nothing (all excluded)"

    lines = [safe_line(f"A: {a.source}" + (f" - {a.title}" if a.title else "")),
             safe_line(f"B: {b.source}" + (f" - {b.title}" if b.title else "")), ""]
    verdict = "the same" if result.same_recommendation else "different"
    lines.append(f"Recommendation ({verdict}):")
    lines.append(safe_line(f"  A: {chosen(a.recommendation)} at {_money(a.monthly_usd)}"))
    lines.append(safe_line(f"  B: {chosen(b.recommendation)} at {_money(b.monthly_usd)}"))
    lines.append("")
    if result.answers:
        lines.append(f"Answers that differ ({len(result.answers)}):")
        for diff in result.answers:
            lines.append(safe_line(f"  {diff.prompt}"))
            lines.append(safe_line(f"    A: {_label(diff.a)}"))
            lines.append(safe_line(f"    B: {_label(diff.b)}"))
    else:
        lines.append("The answers are the same.")
    lines += ["", f"{'Score (/100)':<40} {'A':>8} {'B':>8}"]
    for row in result.scores:
        sa = "excl." if row.a_excluded else f"{row.a:.0f}"
        sb = "excl." if row.b_excluded else f"{row.b:.0f}"
        lines.append(f"  {clip(safe_line(row.name), 38):<38} {sa:>8} {sb:>8}")
    return "\n".join(lines) + "\n"
