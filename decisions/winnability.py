"""Which architectures can win for SOME answers? (the never-wins lint)

Exact when small: if the flow allows at most EXACT_LIMIT distinct answer sets, every one is
scored and the winners collected.

Otherwise a bounded, deterministic search: for each architecture not yet seen winning, a greedy
walk picks, at each question on the path, the answer that most favours it: the weight deltas
times (its rating - the rivals' mean rating) per criterion, plus a bonus for excluding a rival,
never an answer that excludes it. The answer set is then scored exactly (rules included); every
architecture that wins it is proven winnable. A second round aims at the architecture that won
instead. The search stops when `work` (candidate answers examined) is used up; architectures
not reached are reported as unchecked, and those searched without success as "not found" -
a bound, not a proof. Both modes use the pack's own ratings for the computed `tco` criterion.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx

from decisions import scoring
from decisions.conditions import holds
from decisions.flow import FlowError, next_of
from decisions.graph import flow_graph, q
from decisions.sensitivity import alternatives
from knowledge.pack import KnowledgePack
from knowledge.schema import END, AnswerValue, Effects, Question

EXACT_LIMIT = 5_000
WORK_BUDGET = 60_000
RIVAL_EXCLUSION_BONUS = 10.0


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


Choice = tuple[AnswerValue, tuple[tuple[str, float], ...], frozenset[str]]
"""(value, summed weight deltas, architectures it excludes)"""


@lru_cache(maxsize=4)
def _choices(pack: KnowledgePack) -> dict[str, list[Choice]]:
    """Per question, every candidate answer with its combined effects (computed once)."""
    out: dict[str, list[Choice]] = {}
    for qid, question in pack.questions.items():
        rows: list[Choice] = []
        for value in candidates(pack, question):
            deltas: dict[str, float] = {}
            excluded: set[str] = set()
            for eff in _chosen_effects(question, value):
                for cid, d in eff.weights.items():
                    deltas[cid] = deltas.get(cid, 0.0) + d
                excluded.update(ex.architecture for ex in eff.exclude)
            rows.append((value, tuple(deltas.items()), frozenset(excluded)))
        out[qid] = rows
    return out


def _winners(pack: KnowledgePack, values: dict[str, AnswerValue],
             table: dict[str, dict[str, float]]) -> set[str]:
    """Score one complete answer set exactly (path effects + rules), return its winner."""
    raw = {cid: c.default_weight for cid, c in pack.criteria.items()}
    excluded: set[str] = set()
    effects = [e for qid, v in values.items() for e in _chosen_effects(pack.questions[qid], v)]
    effects += [r.effects for r in pack.rules.values() if holds(r.when, values)]
    for eff in effects:
        for cid, delta in eff.weights.items():
            raw[cid] += delta
        excluded.update(ex.architecture for ex in eff.exclude)
    w = {cid: min(scoring.MAX_WEIGHT, max(0.0, v)) for cid, v in raw.items()}
    best, winner = float("-inf"), None
    for aid in pack.architectures:  # pack order: the first of equals wins, as in rank()
        if aid in excluded:
            continue
        total = sum(w[c] * table[aid][c] for c in w)
        if total > best + 1e-12:
            best, winner = total, aid
    return {winner} if winner else set()


def _answer_sets(pack: KnowledgePack, limit: int) -> Iterator[dict[str, AnswerValue]] | None:
    """Every distinct answer set along the flow, or None when there are more than `limit`."""
    g = flow_graph(pack)
    count: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(g))):
        if node != END:
            below = max((count.get(n, 1) for n in g.successors(node) if n != END), default=1)
            count[node] = min(limit + 1, len(candidates(pack, pack.questions[node[2:]])) * below)
    if count.get(q(pack.meta.start), 0) > limit:
        return None

    def expand(current: str, values: dict[str, AnswerValue]) -> Iterator[dict[str, AnswerValue]]:
        if current == END:
            yield dict(values)
            return
        question = pack.questions[current]
        for value in candidates(pack, question):
            values[current] = value
            try:
                following = next_of(question, value, values)
            except FlowError:
                following = None
            if following is not None:
                yield from expand(following, values)
            del values[current]

    return expand(pack.meta.start, {})


def _greedy(pack: KnowledgePack, target: str, rivals: list[str],
            table: dict[str, dict[str, float]]) -> tuple[dict[str, AnswerValue], int]:
    pull = {c: table[target][c] - sum(table[r][c] for r in rivals) / len(rivals)
            for c in pack.criteria}
    rival_set = set(rivals)
    choices = _choices(pack)
    values: dict[str, AnswerValue] = {}
    work = 0
    current = pack.meta.start
    while current != END and current not in values:
        question = pack.questions[current]
        best_value, best_gain = question.default, float("-inf")
        for value, deltas, excluded in choices[current]:
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
            current = next_of(question, best_value, values)
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
            winners |= _winners(pack, values, table)
            n += 1
        return Winnability(frozenset(winners), True, everything, n)
    winners, searched, work, n = set(), set(), 0, 0
    others = list(pack.architectures)
    for target in pack.architectures:
        if target in winners:
            continue
        if work >= work_budget:
            break
        searched.add(target)
        rivals = [a for a in others if a != target]
        for _round in range(3):
            if not rivals:
                winners.add(target)
                break
            values, used = _greedy(pack, target, rivals, table)
            work += used
            found = _winners(pack, values, table)
            n += 1
            winners |= found
            if target in winners or not found:
                break
            rivals = sorted(found)
    return Winnability(frozenset(winners), False, frozenset(searched | winners), n)
