"""Following the question flow of the decision graph under a set of answers.

The path starts at the pack's start question. At each question the value is the given answer,
or the question's default (then the answer is "assumed"). The next question is the target of
the chosen option's own flow edge if it has one, else of the first flow edge out of the
question (in `order`) whose condition holds on the values collected so far. The path ends at
`end`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from archdecide.decisions.engine.conditions import holds
from archdecide.decisions.engine.graph import Graph, decision_graph, flow_edges, option_branch, q
from archdecide.knowledge.conditions import Condition
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, AnswerValue, Question


class Step(NamedTuple):
    """One question on the path."""

    question: str
    value: AnswerValue
    assumed: bool
    default_reason: str = ""
    """Why a strict default was assumed instead of the question's own (empty otherwise)."""


class FlowError(ValueError):
    """The flow cannot be followed (a dead end or a loop); lint reports these up front."""


class Routes:
    """The ways out of questions and options, read from the decision graph's flow edges once
    per question (or option) and kept for the walks of one evaluation or sensitivity analysis:
    the graph does not change meanwhile. Targets are question ids (or END)."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self._ways: dict[str, list[tuple[Condition | None, str]]] = {}
        self._branches: dict[tuple[str, str], str | None] = {}

    def _question(self, target: str) -> str:
        return END if target == END else str(self.g.nodes[target]["question"])

    def ways(self, qid: str) -> list[tuple[Condition | None, str]]:
        """The question's `next` edges in pack order: (condition or None, target)."""
        found = self._ways.get(qid)
        if found is None:
            found = self._ways[qid] = [(cond, self._question(to))
                                       for _, cond, to in flow_edges(self.g, q(qid))]
        return found

    def branch(self, qid: str, value: AnswerValue) -> str | None:
        """The target of the chosen option's own `next`, if it has one."""
        if not isinstance(value, str):
            return None
        key = (qid, value)
        if key not in self._branches:
            target = option_branch(self.g, qid, value)
            self._branches[key] = None if target is None else self._question(target)
        return self._branches[key]


def follow(g: Graph, qid: str, value: AnswerValue, values: Mapping[str, AnswerValue],
           routes: Routes | None = None) -> str:
    """The question id after `qid` answered with `value` (END when finished). `routes`: of
    the same graph, to share its reads between walks."""
    if routes is None or routes.g is not g:
        routes = Routes(g)
    target = routes.branch(qid, value)
    if target is None:
        target = next((to for cond, to in routes.ways(qid)
                       if cond is None or holds(cond, values)), None)
    if target is None:
        raise FlowError(f"question {qid!r}: no `next` edge applies and none is a default")
    return target


def default_for(question: Question, known: Mapping[str, AnswerValue],
                given: Mapping[str, AnswerValue] | None = None) -> tuple[AnswerValue, str]:
    """(the default to assume, why): the first strict default whose condition holds over
    what is known, else the question's own default (with no reason). A default scaled by
    another answer (`per`) applies only when that answer was given, not assumed."""
    for strict in question.strict_defaults:
        if strict.per is not None and strict.per not in (given if given is not None else known):
            continue
        if holds(strict.when, known):
            value = strict.value
            base = known.get(strict.per) if strict.per is not None else None
            if isinstance(value, int | float) and isinstance(base, int | float) and \
                    not isinstance(base, bool):
                scaled = value * base
                value = round(scaled) if question.kind == "integer" else float(scaled)
            return (tuple(value) if isinstance(value, list) else value), strict.reason
    return question.default, ""


def _path(pack: KnowledgePack, answers: Mapping[str, AnswerValue], routes: Routes | None
          ) -> tuple[dict[str, AnswerValue], dict[str, str]]:
    """(path_values, why each strict default was assumed)."""
    g = decision_graph(pack)
    if routes is None or routes.g is not g:
        routes = Routes(g)
    values: dict[str, AnswerValue] = {}
    reasons: dict[str, str] = {}
    known: dict[str, AnswerValue] = dict(answers)  # the answers, then the path's values so far
    current = pack.meta.start
    while current != END:
        if current in values:
            raise FlowError(f"the flow loops back to {current!r}")
        if current in answers:
            value = answers[current]
        else:
            value, reasons[current] = default_for(pack.questions[current], known, answers)
        if isinstance(value, list):  # multiple choice straight from TOML/JSON: one canonical type
            value = tuple(value)
        values[current] = known[current] = value
        current = follow(g, current, value, values, routes)
    return values, reasons


def path_values(pack: KnowledgePack, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The path's values in path order: given answers where present, defaults elsewhere
    (a strict default when its condition holds over the values so far and the answers)."""
    return _path(pack, answers, None)[0]


def walk(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
         values: Mapping[str, AnswerValue] | None = None, routes: Routes | None = None
         ) -> tuple[Step, ...]:
    """The path through the flow, each step marked assumed when its answer is the default
    because the question was not answered. `values`: path_values(pack, answers), when the
    caller has it already; `routes`: shared by the walks of one analysis."""
    if values is None:
        values, reasons = _path(pack, answers, routes)
        return tuple(Step(qid, value, qid not in answers, reasons.get(qid, ""))
                     for qid, value in values.items())
    steps = []
    known: dict[str, AnswerValue] = dict(answers)
    for qid, value in values.items():
        reason = "" if qid in answers else default_for(pack.questions[qid], known, answers)[1]
        known[qid] = value
        steps.append(Step(qid, value, qid not in answers, reason))
    return tuple(steps)
