"""Which architectures can win for SOME answers? (the never-wins lint)

Exact when small: if the flow allows at most EXACT_LIMIT distinct answer sets, every one is
scored and the winners collected.

Otherwise a bounded, deterministic search: for each architecture not yet seen winning, a greedy
walk picks, at each question on the path, the answer that most favours it: the weight deltas
times (its rating - the rivals' mean rating) per criterion, plus a bonus for excluding a rival,
never an answer that excludes it. The answer set is then scored exactly (rules included); every
architecture that wins it is proven winnable. A second round aims at the architecture that won
instead (and a third at the one that won that). Then a greedy walk against each of the
NEAREST_RIVALS architectures most alike it in ratings, one at a time: a compromise architecture
(hybrid) loses to the mean of its rivals but can beat its closest look-alike's niche. If none
wins it, coordinate ascent on its exact margin follows, from the greedy
answers and then from RANDOM_STARTS seeded random answer sets (seed: the pack's hash), each
within ASCENT_SCORINGS scorings. The search stops when `work` (candidate answers
examined, a scoring counting as one per question) is used up; architectures
not reached are reported as unchecked, and those searched without success as "not found" -
a bound, not a proof. Both modes use the pack's own ratings for the computed `tco` criterion.

Every answer set is scored by decisions.engine.outcome.core, the scorer of evaluate(), with its
tie rule; the greedy walk only uses each candidate answer's summed effects to choose answers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from archdecide.decisions.engine.flow import FlowError, Routes, follow
from archdecide.decisions.engine.graph import decision_graph, q, question_flow
from archdecide.decisions.engine.outcome import core
from archdecide.decisions.engine.scoring import ratings
from archdecide.decisions.engine.sensitivity import alternatives
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, AnswerValue, Question

EXACT_LIMIT = 5_000
WORK_BUDGET = 60_000
RIVAL_EXCLUSION_BONUS = 10.0
ASCENT_SCORINGS = 400
RANDOM_STARTS = 6
NEAREST_RIVALS = 3


@dataclass(frozen=True)
class Winnability:
    winners: frozenset[str]
    exact: bool
    searched: frozenset[str]
    """Architectures the search aimed at (all, when exact)."""
    evaluations: int


def candidates(pack: KnowledgePack, question: Question) -> list[AnswerValue]:
    return [question.default, *alternatives(pack, question, question.default)]


Effect = tuple[tuple[tuple[str, float], ...], frozenset[str]]
"""(summed weight deltas, architectures excluded) of one answer"""
Choices = dict[str, dict[AnswerValue, Effect]]
"""question -> each candidate answer (in candidate order) -> its summed effect"""


def _combined(question: Question, value: AnswerValue) -> Effect:
    chosen = value if isinstance(value, tuple) else (value,)
    deltas: dict[str, float] = {}
    excluded: set[str] = set()
    for option in question.options:
        if option.id in chosen:
            for cid, d in option.effects.weights.items():
                deltas[cid] = deltas.get(cid, 0.0) + d
            excluded.update(ex.architecture for ex in option.effects.exclude)
    return tuple(deltas.items()), frozenset(excluded)


def choices_of(pack: KnowledgePack) -> Choices:
    return {qid: {value: _combined(question, value) for value in candidates(pack, question)}
            for qid, question in pack.questions.items()}


def _winners(pack: KnowledgePack, answers: Mapping[str, AnswerValue], routes: Routes
             ) -> set[str]:
    """The winner of one answer set, as evaluate() would rank it."""
    winner = core(pack, answers, priced=False, routes=routes).recommendation
    return {winner} if winner is not None else set()


def _margin(pack: KnowledgePack, answers: dict[str, AnswerValue],
            target: str, routes: Routes) -> tuple[float, set[str]]:
    """target's lead in score over the best other eligible architecture (when excluded: minus
    a million per exclusion, so that removing one counts as progress), and the winner."""
    try:
        outcome = core(pack, answers, priced=False, routes=routes)
    except FlowError:
        return float("-inf"), set()
    winners = {outcome.recommendation} if outcome.recommendation is not None else set()
    if target in outcome.excluded:
        return -1e6 * len(outcome.excluded[target]), winners
    others = [s.score for aid, s in outcome.scores.items()
              if aid != target and aid not in outcome.excluded]
    return outcome.scores[target].score - max(others, default=float("-inf")), winners


def _ascend(pack: KnowledgePack, choices: Choices, target: str,
            start: dict[str, AnswerValue], budget: int, routes: Routes) -> tuple[set[str], int]:
    """Coordinate ascent on target's exact margin, from `start`, within `budget` scorings."""
    answers = dict(start)
    best, seen = _margin(pack, answers, target, routes)
    used = 1
    improved = True
    while improved and used < budget and target not in seen:
        improved = False
        for step in core(pack, answers, priced=False, routes=routes).steps:
            qid, current = step.question, step.value
            for value in choices[qid]:
                if value == current or used >= budget:
                    continue
                trial = {**answers, qid: value}
                margin, winners = _margin(pack, trial, target, routes)
                used += 1
                seen |= winners
                if margin > best + 1e-12:
                    best, answers, improved = margin, trial, True
                    break
            if improved or target in seen:
                break
    return seen, used


def _answer_sets(pack: KnowledgePack, choices: Choices, limit: int, routes: Routes
                 ) -> Iterator[dict[str, AnswerValue]] | None:
    """Every distinct answer set along the flow, or None when there are more than `limit`."""
    g = routes.g
    flow = question_flow(g)
    count: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(flow))):
        if node != END:
            below = max((count.get(n, 1) for n in flow.successors(node) if n != END), default=1)
            count[node] = min(limit + 1, len(choices[node[2:]]) * below)
    if count.get(q(pack.meta.start), 0) > limit:
        return None

    def expand(current: str, values: dict[str, AnswerValue]) -> Iterator[dict[str, AnswerValue]]:
        if current == END:
            yield dict(values)
            return
        for value in choices[current]:
            values[current] = value
            try:
                following = follow(g, current, value, values, routes)
            except FlowError:
                following = None
            if following is not None:
                yield from expand(following, values)
            del values[current]

    return expand(pack.meta.start, {})


def _nearest(pack: KnowledgePack, target: str, table: dict[str, dict[str, float]]) -> list[str]:
    """The other architectures, most alike in ratings first (ties: pack order): the rivals a
    compromise architecture is hardest to tell apart from."""
    def distance(aid: str) -> float:
        return sum((table[target][cid] - table[aid][cid]) ** 2 for cid in pack.criteria)
    return sorted((aid for aid in pack.architectures if aid != target), key=distance)


def _greedy(pack: KnowledgePack, choices: Choices, target: str, rivals: list[str],
            table: dict[str, dict[str, float]], routes: Routes
            ) -> tuple[dict[str, AnswerValue], int]:
    pull = {cid: table[target][cid] - sum(table[r][cid] for r in rivals) / len(rivals)
            for cid in pack.criteria}
    rival_set = set(rivals)
    g = routes.g
    values: dict[str, AnswerValue] = {}
    work = 0
    current = pack.meta.start
    while current != END and current not in values:
        question = pack.questions[current]
        best_value, best_gain = question.default, float("-inf")
        for value, (deltas, excluded) in choices[current].items():
            work += 1
            if target in excluded:
                continue
            gain = sum(d * pull[cid] for cid, d in deltas)
            if excluded:
                gain += RIVAL_EXCLUSION_BONUS * len(excluded & rival_set)
            if gain > best_gain:
                best_value, best_gain = value, gain
        values[current] = best_value
        try:
            current = follow(g, current, best_value, values, routes)
        except FlowError:
            break
    return values, work


def winnability(pack: KnowledgePack, work_budget: int = WORK_BUDGET) -> Winnability:
    table = ratings(pack)
    everything = frozenset(pack.architectures)
    choices = choices_of(pack)
    routes = Routes(decision_graph(pack))  # the flow edges, read once for every scoring
    sets = _answer_sets(pack, choices, EXACT_LIMIT, routes)
    if sets is not None:
        found: set[str] = set()
        n = 0
        for answer_set in sets:
            found |= _winners(pack, answer_set, routes)
            n += 1
        return Winnability(frozenset(found), True, everything, n)
    winners: set[str] = set()
    searched: set[str] = set()
    work = n = 0
    rng = random.Random(pack.sha256)  # deterministic for a given pack
    per_scoring = max(1, len(pack.questions))
    for target in pack.architectures:
        if target in winners:
            continue
        if work >= work_budget:
            break
        searched.add(target)
        rivals = [aid for aid in pack.architectures if aid != target]
        values: dict[str, AnswerValue] = {}
        for _round in range(3):
            if not rivals:
                winners.add(target)
                break
            values, used = _greedy(pack, choices, target, rivals, table, routes)
            work += used
            won = _winners(pack, values, routes)
            n += 1
            winners |= won
            if target in winners or not won:
                break
            rivals = sorted(won)
        for rival in _nearest(pack, target, table)[:NEAREST_RIVALS]:
            if target in winners or work >= work_budget:
                break
            trial, used = _greedy(pack, choices, target, [rival], table, routes)
            work += used
            n += 1
            winners |= _winners(pack, trial, routes)
        starts = [values] + [{qid: rng.choice(list(rows)) for qid, rows in choices.items()}
                             for _ in range(RANDOM_STARTS)]
        for start in starts:
            if target in winners:
                break
            allowance = min(ASCENT_SCORINGS, (work_budget - work) // per_scoring)
            if allowance <= 0:
                break
            seen, used = _ascend(pack, choices, target, start, allowance, routes)
            winners |= seen
            n += used
            work += used * per_scoring
    return Winnability(frozenset(winners), False, frozenset(searched | winners), n)
