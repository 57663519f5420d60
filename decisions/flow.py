"""Following the question flow under a set of answers.

The path starts at the pack's start question. At each question the value is the given answer,
or the question's default (then the answer is "assumed"). The next question is the chosen
option's `next` if it has one, else the first `next` edge whose condition holds on the values
collected so far. The path ends at `end`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from decisions.conditions import holds
from knowledge.pack import KnowledgePack
from knowledge.schema import END, AnswerValue, FlowEdge, Question


@dataclass(frozen=True)
class Step:
    question: str
    value: AnswerValue
    assumed: bool


class FlowError(ValueError):
    """The flow cannot be followed (a dead end or a loop); lint reports these up front."""


Route = tuple[Mapping[str, str], tuple[FlowEdge, ...]]
"""A question's way out: option id -> its own `next`, then the question's edges in order."""


def route_of(question: Question) -> Route:
    return {o.id: o.next for o in question.options if o.next is not None}, question.next


@lru_cache(maxsize=8)
def routes(pack: KnowledgePack) -> dict[str, Route]:
    """Every question's route, computed once per loaded pack (walks run per keystroke and,
    in the never-wins search, thousands of times)."""
    return {qid: route_of(question) for qid, question in pack.questions.items()}


def follow(route: Route, qid: str, value: AnswerValue, values: Mapping[str, AnswerValue]) -> str:
    """The id after question `qid` answered with `value` (END when finished)."""
    jumps, edges = route
    if jumps and isinstance(value, str) and value in jumps:
        return jumps[value]
    for edge in edges:
        if edge.when is None or holds(edge.when, values):
            return edge.to
    raise FlowError(f"question {qid!r}: no `next` edge applies and none is a default")


def path_values(pack: KnowledgePack, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The path's values in path order: given answers where present, defaults elsewhere."""
    values: dict[str, AnswerValue] = {}
    current = pack.meta.start
    questions = pack.questions
    table = routes(pack)
    while current != END:
        if current in values:
            raise FlowError(f"the flow loops back to {current!r}")
        value = answers.get(current, questions[current].default)
        if isinstance(value, list):  # multiple choice straight from TOML/JSON: one canonical type
            value = tuple(value)
        values[current] = value
        current = follow(table[current], current, value, values)
    return values


def walk(pack: KnowledgePack, answers: Mapping[str, AnswerValue]) -> tuple[Step, ...]:
    """The path through the flow, each step marked assumed when its answer is the default
    because the question was not answered."""
    return tuple(Step(qid, value, qid not in answers)
                 for qid, value in path_values(pack, answers).items())


def values_of(steps: tuple[Step, ...]) -> dict[str, AnswerValue]:
    return {step.question: step.value for step in steps}
