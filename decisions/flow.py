"""Following the question flow under a set of answers.

The path starts at the pack's start question. At each question the value is the given answer,
or the question's default (then the answer is "assumed"). The next question is the chosen
option's `next` if it has one, else the first `next` edge whose condition holds on the values
collected so far. The path ends at `end`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from decisions.conditions import holds
from knowledge.pack import KnowledgePack
from knowledge.schema import END, AnswerValue, Question


@dataclass(frozen=True)
class Step:
    question: str
    value: AnswerValue
    assumed: bool


class FlowError(ValueError):
    """The flow cannot be followed (a dead end or a loop); lint reports these up front."""


def next_of(question: Question, value: AnswerValue, values: Mapping[str, AnswerValue]) -> str:
    """The id after `question` answered with `value` (END when finished)."""
    if isinstance(value, str):
        option = question.option(value)
        if option is not None and option.next is not None:
            return option.next
    for edge in question.next:
        if edge.when is None or holds(edge.when, values):
            return edge.to
    raise FlowError(f"question {question.id!r}: no `next` edge applies and none is a default")


def walk(pack: KnowledgePack, answers: Mapping[str, AnswerValue]) -> tuple[Step, ...]:
    """The path through the flow: given answers where present, defaults elsewhere."""
    steps: list[Step] = []
    values: dict[str, AnswerValue] = {}
    current = pack.meta.start
    while current != END:
        if current in values:
            raise FlowError(f"the flow loops back to {current!r}")
        question = pack.questions[current]
        assumed = current not in answers
        value = question.default if assumed else answers[current]
        if isinstance(value, list):  # multiple choice straight from TOML/JSON: one canonical type
            value = tuple(value)
        values[current] = value
        steps.append(Step(current, value, assumed))
        current = next_of(question, value, values)
    return tuple(steps)


def values_of(steps: tuple[Step, ...]) -> dict[str, AnswerValue]:
    return {step.question: step.value for step in steps}
