"""Following the question flow under a set of answers.

The path starts at the pack's start question. At each question the value is the given answer,
or the question's default (then the answer is "assumed"). The next question is the chosen
option's `next` if it has one, else the first `next` edge whose condition holds on the values
collected so far. The path ends at `end`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from archdecide.decisions.engine.conditions import holds
from archdecide.decisions.engine.per_pack import per_pack
from archdecide.knowledge.conditions import Condition
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, AnswerValue, Question


class Step(NamedTuple):
    """One question on the path. A NamedTuple, not a dataclass: a walk makes one per question
    per answer, and a tuple is several times cheaper to create than a frozen dataclass."""

    question: str
    value: AnswerValue
    assumed: bool


class FlowError(ValueError):
    """The flow cannot be followed (a dead end or a loop); lint reports these up front."""


Route = tuple[Mapping[str, str], tuple[tuple[Condition | None, str], ...], AnswerValue]
"""A question's way out and its default: option id -> the option's own `next`, then the
question's edges in order as (condition or None, target)."""


def route_of(question: Question) -> Route:
    return ({o.id: o.next for o in question.options if o.next is not None},
            tuple((edge.when, edge.to) for edge in question.next), question.default)


@per_pack
def routes(pack: KnowledgePack) -> dict[str, Route]:
    """Every question's route, computed once per loaded pack into small tuples: walks run
    per keystroke (and thousands of times in the never-wins search), and on a 5,000-question
    pack walking the pydantic models themselves misses the CPU cache at every step."""
    return {qid: route_of(question) for qid, question in pack.questions.items()}


def follow(route: Route, qid: str, value: AnswerValue, values: Mapping[str, AnswerValue]) -> str:
    """The id after question `qid` answered with `value` (END when finished)."""
    jumps, edges, _default = route
    if jumps and isinstance(value, str) and value in jumps:
        return jumps[value]
    for when, to in edges:
        if when is None or holds(when, values):
            return to
    raise FlowError(f"question {qid!r}: no `next` edge applies and none is a default")


def path_values(pack: KnowledgePack, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The path's values in path order: given answers where present, defaults elsewhere."""
    values: dict[str, AnswerValue] = {}
    current = pack.meta.start
    table = routes(pack)
    while current != END:
        if current in values:
            raise FlowError(f"the flow loops back to {current!r}")
        route = table[current]
        value = answers.get(current, route[2])
        if isinstance(value, list):  # multiple choice straight from TOML/JSON: one canonical type
            value = tuple(value)
        values[current] = value
        current = follow(route, current, value, values)
    return values


def walk(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
         values: Mapping[str, AnswerValue] | None = None) -> tuple[Step, ...]:
    """The path through the flow, each step marked assumed when its answer is the default
    because the question was not answered. `values`: path_values(pack, answers), when the
    caller has it already."""
    if values is None:
        values = path_values(pack, answers)
    return tuple(Step(qid, value, qid not in answers) for qid, value in values.items())


def values_of(steps: tuple[Step, ...]) -> dict[str, AnswerValue]:
    return {step.question: step.value for step in steps}
