"""Cross-reference checks over a merged pack: every id that is referenced exists, every default
and condition value fits its question. Returns problems; never raises."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from archdecide.knowledge.conditions import Comparison, Condition, Contains, Gte, In, Is, Lte, walk
from archdecide.knowledge.errors import Problem
from archdecide.knowledge.numbers import is_number
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, Effects, Question

Report = Callable[[str, str], None]
"""report(key_suffix, message)"""


def _expect(ids: Iterable[str], what: str) -> str:
    known = sorted(ids)
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"expected a known {what} id ({shown})" if known else f"no {what} is defined"


def check_value(question: Question, value: object) -> str | None:
    """Why `value` is not a valid answer to `question`, or None when it is."""
    options = [o.id for o in question.options]
    if question.kind == "single":
        if not isinstance(value, str) or value not in options:
            return f"expected one of {', '.join(options)} (got {value!r})"
    elif question.kind == "multiple":
        if isinstance(value, str) or not isinstance(value, list | tuple):
            return f"expected a list of {', '.join(options)} (got {value!r})"
        bad = [v for v in value if v not in options]
        if bad:
            return f"expected only {', '.join(options)} (got {', '.join(map(repr, bad))})"
        if len(set(value)) != len(value):
            return "lists an option twice"
    elif question.kind == "boolean":
        if not isinstance(value, bool):
            return f"expected true or false (got {value!r})"
    else:
        number_ok = is_number(value)
        if question.kind == "integer" and not (isinstance(value, int | float) and number_ok
                                               and float(value).is_integer()):
            return f"expected a whole number (got {value!r})"
        if not number_ok:
            return f"expected a finite number (got {value!r})"
        assert isinstance(value, int | float)
        if question.min is not None and value < question.min:
            return f"expected at least {question.min:g} (got {value!r})"
        if question.max is not None and value > question.max:
            return f"expected at most {question.max:g} (got {value!r})"
    return None


def _check_condition(pack: KnowledgePack, cond: Condition, report: Report, where: str) -> None:
    for node in walk(cond):
        if not isinstance(node, Comparison):
            continue
        question = pack.questions.get(node.question)
        if question is None:
            report(where, f"reads unknown question {node.question!r}; "
                   + _expect(pack.questions, "question"))
            continue
        choice = question.kind in ("single", "multiple")
        numeric = question.kind in ("integer", "number")
        if isinstance(node, Is | In):
            values = (node.is_,) if isinstance(node, Is) else node.in_
            for v in values:
                if choice and v not in [o.id for o in question.options]:
                    report(where, f"compares {node.question!r} with {v!r}, which is not one "
                           f"of its options ({', '.join(o.id for o in question.options)})")
        elif isinstance(node, Contains):
            if question.kind != "multiple":
                report(where, f"uses 'contains' on {node.question!r}, which is a "
                       f"{question.kind} question; expected a multiple-choice question")
            elif node.contains not in [o.id for o in question.options]:
                report(where, f"{node.contains!r} is not an option of {node.question!r}")
        elif isinstance(node, Gte | Lte) and not numeric:
            report(where, f"uses a numeric comparison on {node.question!r}, which is a "
                   f"{question.kind} question; expected an integer or number question")


def _check_effects(pack: KnowledgePack, effects: Effects, report: Report, where: str) -> None:
    for criterion in effects.weights:
        if criterion not in pack.criteria:
            report(f"{where}.weights.{criterion}",
                   _expect(pack.criteria, "criterion"))
    for i, exclusion in enumerate(effects.exclude):
        if exclusion.architecture not in pack.architectures:
            report(f"{where}.exclude[{i}].architecture",
                   f"{exclusion.architecture!r} is unknown; "
                   + _expect(pack.architectures, "architecture"))
    for aid in effects.warnings_about:
        if aid not in pack.architectures:
            report(f"{where}.warnings_about", f"{aid!r} is unknown; "
                   + _expect(pack.architectures, "architecture"))
    excluded = {ex.architecture for ex in effects.exclude}
    for aid, changes in effects.fit.items():
        if aid not in pack.architectures:
            report(f"{where}.fit.{aid}", f"{aid!r} is unknown; "
                   + _expect(pack.architectures, "architecture"))
        elif aid in excluded:
            report(f"{where}.fit.{aid}", "is also excluded by the same effect; expected one "
                   "or the other")
        for cid in changes:
            if cid not in pack.criteria:
                report(f"{where}.fit.{aid}.{cid}", _expect(pack.criteria, "criterion"))
    sizing = effects.sizing
    if sizing is not None:
        if sizing.model is not None and sizing.model not in pack.models:
            report(f"{where}.sizing.model", f"{sizing.model!r} is unknown; "
                   + _expect(pack.models, "model"))
        if sizing.gpu is not None and sizing.gpu not in pack.gpus:
            report(f"{where}.sizing.gpu", f"{sizing.gpu!r} is unknown; "
                   + _expect(pack.gpus, "GPU"))


SOURCE = ("source", "sources", "source")
REFERENCES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "questions": (("glossary", "glossary", "glossary term"),),
    "glossary": (("questions", "questions", "question"), ("see_also", "glossary",
                                                         "glossary term")),
    "models": (SOURCE,),
    "gpus": (SOURCE,),
    "gpu_prices": (SOURCE, ("gpu", "gpus", "GPU")),
    "cloud_gpu_prices": (SOURCE, ("gpu", "gpus", "GPU")),
    "api_prices": (SOURCE, ("hosts", "models", "model")),
    "seat_prices": (SOURCE,),
    "constants": (SOURCE,),
}
"""section -> (field, target section, what): each value of the field (an id or a list of
ids) of every entry of the section names an entry of the target section. Checked in this
order, after each question's own checks for questions."""


def _check_question(pack: KnowledgePack, q: Question, report: Report) -> None:
    why_default = check_value(q, list(q.default) if isinstance(q.default, tuple) else q.default)
    if why_default:
        report("default", why_default)
    seen: set[str] = set()
    for o in q.options:
        if o.id in seen:
            report(f"options.{o.id}", "duplicate option id")
        seen.add(o.id)
        _check_effects(pack, o.effects, report, f"options.{o.id}.effects")
        if o.next is not None and o.next != END and o.next not in pack.questions:
            report(f"options.{o.id}.next", f"{o.next!r} is unknown; expected "
                   f"'{END}' or a question id")
    for i, edge in enumerate(q.next):
        if edge.to != END and edge.to not in pack.questions:
            report(f"next[{i}].to", f"{edge.to!r} is unknown; expected '{END}' or a "
                   "question id")
        if edge.when is not None:
            _check_condition(pack, edge.when, report, f"next[{i}].when")


def _check_ratings(pack: KnowledgePack, ratings: Collection[str], report: Report) -> None:
    for criterion in pack.criteria:
        if criterion not in ratings:
            report(f"ratings.{criterion}", "is missing: every architecture must be "
                   "rated on every criterion")
    for criterion in ratings:
        if criterion not in pack.criteria:
            report(f"ratings.{criterion}", _expect(pack.criteria, "criterion"))


def _check_fields(pack: KnowledgePack, section: str, entry: object, report: Report) -> None:
    for field, target, what in REFERENCES[section]:
        value = getattr(entry, field)
        known = getattr(pack, target)
        for v in (value if isinstance(value, list | tuple) else () if value is None
                  else (value,)):
            if v not in known:
                report(field, f"{v!r} is unknown; " + _expect(known, what))


def check_references(pack: KnowledgePack) -> list[Problem]:
    problems: list[Problem] = []

    def reporter(section: str, entry_id: str) -> Report:
        file = pack.file_of(section, entry_id)
        prefix = f"{section}.{entry_id}"

        def report(suffix: str, message: str) -> None:
            key = f"{prefix}.{suffix}" if suffix else prefix
            problems.append(Problem(file, key, message))

        return report

    if pack.meta.start not in pack.questions:
        problems.append(Problem(pack.file_of("pack", "pack"), "pack.start",
                                f"{pack.meta.start!r} is unknown; "
                                + _expect(pack.questions, "question")))
    computed = [c.id for c in pack.criteria.values() if c.computed]
    if len(computed) > 1:
        problems.append(Problem(pack.file_of("criteria", computed[1]), f"criteria.{computed[1]}"
                                ".computed", "only one criterion may be computed from TCO"))
    for q in pack.questions.values():
        report = reporter("questions", q.id)
        _check_question(pack, q, report)
        _check_fields(pack, "questions", q, report)
    for a in pack.architectures.values():
        _check_ratings(pack, a.ratings, reporter("architectures", a.id))
    for r in pack.rules.values():
        report = reporter("rules", r.id)
        _check_condition(pack, r.when, report, "when")
        _check_effects(pack, r.effects, report, "effects")
    for section in REFERENCES:
        if section != "questions":
            for entry in getattr(pack, section).values():
                _check_fields(pack, section, entry, reporter(section, entry.id))
    return problems
