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
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from operator import mul

import networkx as nx
from archdecide.decisions.engine import scoring
from archdecide.decisions.engine.conditions import holds
from archdecide.decisions.engine.flow import FlowError, follow, path_values, routes
from archdecide.decisions.engine.graph import flow_graph, q
from archdecide.decisions.engine.per_pack import per_pack
from archdecide.decisions.engine.sensitivity import alternatives
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, AnswerValue, Effects, Question

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


def _chosen_effects(question: Question, value: AnswerValue) -> list[Effects]:
    chosen = value if isinstance(value, tuple) else (value,)
    return [o.effects for o in question.options if o.id in chosen]


Effect = tuple[tuple[tuple[str, float], ...], frozenset[str]]
"""(summed weight deltas, architectures excluded) of one answer"""


def _combined(question: Question, value: AnswerValue) -> Effect:
    deltas: dict[str, float] = {}
    excluded: set[str] = set()
    for eff in _chosen_effects(question, value):
        for cid, d in eff.weights.items():
            deltas[cid] = deltas.get(cid, 0.0) + d
        excluded.update(ex.architecture for ex in eff.exclude)
    return tuple(deltas.items()), frozenset(excluded)


@per_pack
def _choices(pack: KnowledgePack) -> dict[str, dict[AnswerValue, Effect]]:
    """Per question, each candidate answer (in candidate order) -> its combined effect:
    computed once, looked up on every scoring."""
    return {qid: {value: _combined(question, value) for value in candidates(pack, question)}
            for qid, question in pack.questions.items()}


def _effect(pack: KnowledgePack, qid: str, value: AnswerValue) -> Effect:
    found = _choices(pack)[qid].get(value)
    return found if found is not None else _combined(pack.questions[qid], value)


@per_pack
def _rows(pack: KnowledgePack) -> list[tuple[str, tuple[float, ...]]]:
    """(architecture, its ratings in criterion order), in pack order: the pack's own ratings,
    `tco` included."""
    table = scoring.ratings(pack)
    return [(aid, tuple(table[aid][c] for c in pack.criteria)) for aid in pack.architectures]


def _rule_effects(pack: KnowledgePack, values: dict[str, AnswerValue]) -> list[Effects]:
    return [r.effects for r in pack.rules.values() if holds(r.when, values)]


def _totals(pack: KnowledgePack, values: dict[str, AnswerValue]) -> dict[str, float]:
    """sum(weight x rating) per eligible architecture, in pack order, for one complete
    answer set scored exactly (path effects + rules)."""
    raw = {cid: c.default_weight for cid, c in pack.criteria.items()}
    excluded: set[str] = set()
    for qid, value in values.items():
        deltas, out = _effect(pack, qid, value)
        for cid, delta in deltas:
            raw[cid] += delta
        if out:
            excluded |= out
    for eff in _rule_effects(pack, values):
        for cid, delta in eff.weights.items():
            raw[cid] += delta
        excluded.update(ex.architecture for ex in eff.exclude)
    w = [min(scoring.MAX_WEIGHT, max(0.0, v)) for v in raw.values()]
    return {aid: sum(map(mul, w, row)) for aid, row in _rows(pack)
            if aid not in excluded}


def _winner(totals: dict[str, float]) -> set[str]:
    """The winner given the totals (pack order breaks ties, as in rank())."""
    best, winner = float("-inf"), None
    for aid, total in totals.items():
        if total > best + 1e-12:
            best, winner = total, aid
    return {winner} if winner else set()


def _winners(pack: KnowledgePack, values: dict[str, AnswerValue]) -> set[str]:
    """The winner of one complete answer set."""
    return _winner(_totals(pack, values))


def _exclusions_of(pack: KnowledgePack, values: dict[str, AnswerValue], target: str) -> int:
    count = sum(target in _effect(pack, qid, v)[1] for qid, v in values.items())
    return count + sum(ex.architecture == target for eff in _rule_effects(pack, values)
                       for ex in eff.exclude)


def _margin(pack: KnowledgePack, answers: dict[str, AnswerValue],
            target: str) -> tuple[float, set[str]]:
    """target's lead over the best other eligible architecture (when excluded: minus a million
    per exclusion, so that removing one counts as progress), and the winner, for the path
    these answers take."""
    try:
        values = path_values(pack, answers)
    except FlowError:
        return float("-inf"), set()
    totals = _totals(pack, values)
    winners = _winner(totals)
    if target not in totals:  # excluded: fewer exclusions is still progress
        return -1e6 * _exclusions_of(pack, values, target), winners
    others = [t for a, t in totals.items() if a != target]
    return totals[target] - max(others, default=float("-inf")), winners


def _ascend(pack: KnowledgePack, target: str, start: dict[str, AnswerValue],
            budget: int) -> tuple[set[str], int]:
    """Coordinate ascent on target's exact margin, from `start`, within `budget` scorings."""
    answers = dict(start)
    choices = _choices(pack)
    best, seen = _margin(pack, answers, target)
    used = 1
    improved = True
    while improved and used < budget and target not in seen:
        improved = False
        for qid, current in path_values(pack, answers).items():
            for value in choices[qid]:
                if value == current or used >= budget:
                    continue
                trial = {**answers, qid: value}
                margin, winners = _margin(pack, trial, target)
                used += 1
                seen |= winners
                if margin > best + 1e-12:
                    best, answers, improved = margin, trial, True
                    break
            if improved or target in seen:
                break
    return seen, used


def _answer_sets(pack: KnowledgePack, limit: int) -> Iterator[dict[str, AnswerValue]] | None:
    """Every distinct answer set along the flow, or None when there are more than `limit`."""
    g = flow_graph(pack)
    choices = _choices(pack)
    ways = routes(pack)
    count: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(g))):
        if node != END:
            below = max((count.get(n, 1) for n in g.successors(node) if n != END), default=1)
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
                following = follow(ways[current], current, value, values)
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
        return sum((table[target][c] - table[aid][c]) ** 2 for c in pack.criteria)
    return sorted((a for a in pack.architectures if a != target), key=distance)


def _greedy(pack: KnowledgePack, target: str, rivals: list[str],
            table: dict[str, dict[str, float]]) -> tuple[dict[str, AnswerValue], int]:
    pull = {c: table[target][c] - sum(table[r][c] for r in rivals) / len(rivals)
            for c in pack.criteria}
    rival_set = set(rivals)
    choices = _choices(pack)
    ways = routes(pack)
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
            gain = sum(d * pull[c] for c, d in deltas)
            if excluded:
                gain += RIVAL_EXCLUSION_BONUS * len(excluded & rival_set)
            if gain > best_gain:
                best_value, best_gain = value, gain
        values[current] = best_value
        try:
            current = follow(ways[current], current, best_value, values)
        except FlowError:
            break
    return values, work


def winnability(pack: KnowledgePack, work_budget: int = WORK_BUDGET) -> Winnability:
    table = scoring.ratings(pack)
    everything = frozenset(pack.architectures)
    sets = _answer_sets(pack, EXACT_LIMIT)
    if sets is not None:
        winners: set[str] = set()
        n = 0
        for values in sets:
            winners |= _winners(pack, values)
            n += 1
        return Winnability(frozenset(winners), True, everything, n)
    winners, searched, work, n = set(), set(), 0, 0
    rng = random.Random(pack.sha256)  # deterministic for a given pack
    others = list(pack.architectures)
    for target in pack.architectures:
        if target in winners:
            continue
        if work >= work_budget:
            break
        searched.add(target)
        rivals = [a for a in others if a != target]
        values: dict[str, AnswerValue] = {}
        for _round in range(3):
            if not rivals:
                winners.add(target)
                break
            values, used = _greedy(pack, target, rivals, table)
            work += used
            found = _winners(pack, values)
            n += 1
            winners |= found
            if target in winners or not found:
                break
            rivals = sorted(found)
        for rival in _nearest(pack, target, table)[:NEAREST_RIVALS]:
            if target in winners or work >= work_budget:
                break
            trial, used = _greedy(pack, target, [rival], table)
            work += used
            n += 1
            winners |= _winners(pack, trial)
        choices = _choices(pack)
        starts = [values] + [{qid: rng.choice(list(rows)) for qid, rows in choices.items()}
                             for _ in range(RANDOM_STARTS)]
        for start in starts:
            if target in winners:
                break
            per_scoring = max(1, len(pack.questions))
            allowance = min(ASCENT_SCORINGS, (work_budget - work) // per_scoring)
            if allowance <= 0:
                break
            found, used = _ascend(pack, target, start, allowance)
            winners |= found
            n += used
            work += used * per_scoring
    return Winnability(frozenset(winners), False, frozenset(searched | winners), n)
