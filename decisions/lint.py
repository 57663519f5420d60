"""Lint a loaded pack's decision graph. Every problem is reported at once.

Errors (a pack with any is invalid, exit 3):
  flow-cycle        the flow loops
  unreachable       a question no path from the start reaches
  dead-end          a question from which `end` cannot be reached, or with no default edge
  read-before-asked a flow condition reads a question that is not always asked before it
                    (it must dominate the edge's question in the flow graph)
Warnings:
  no-effect         an option with no effect, no branch, and not read by any condition
  never-wins        an architecture that no combination of answers made the winner

How never-wins is decided: when the number of distinct answer sets along the flow is at most
EXACT_LIMIT, every one is evaluated (exact). Otherwise a deterministic search looks for a
winning answer set per architecture: coordinate ascent on the architecture's margin over the
best other one, from the defaults and then from seeded random starts, within a budget of
evaluations. A found winner proves the architecture can win; not finding one is reported as a
bound ("not found in N evaluations"), not a proof. Both use the pack's own ratings for the
computed `tco` criterion, since the real figure depends on the user's volume.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from decisions import scoring
from decisions.flow import FlowError, next_of, walk
from decisions.graph import flow_graph, q
from decisions.sensitivity import alternatives
from knowledge.conditions import In, Is, questions_read
from knowledge.conditions import walk as walk_condition
from knowledge.pack import KnowledgePack
from knowledge.schema import END, AnswerValue, Question

EXACT_LIMIT = 20_000
SEARCH_BUDGET = 3_000


@dataclass(frozen=True, order=True)
class LintIssue:
    severity: str  # "error" | "warning"
    file: str
    key: str
    code: str
    message: str

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{prefix}{self.file}: {self.key}: {self.message} [{self.code}]"


def lint(pack: KnowledgePack, *, search_budget: int = SEARCH_BUDGET) -> list[LintIssue]:
    issues = _flow_issues(pack)
    issues += _option_issues(pack)
    if not any(i.severity == "error" for i in issues):
        issues += _winnability_issues(pack, search_budget)
    return sorted(issues, key=lambda i: (i.severity != "error", i.file, i.key, i.code))


def _issue(pack: KnowledgePack, severity: str, qid: str, key: str, code: str,
           message: str) -> LintIssue:
    return LintIssue(severity, pack.file_of("questions", qid), f"questions.{qid}{key}", code,
                     message)


def _flow_issues(pack: KnowledgePack) -> list[LintIssue]:
    g = flow_graph(pack)
    issues: list[LintIssue] = []
    start = q(pack.meta.start)
    for component in nx.strongly_connected_components(g):
        nodes = sorted(component)
        if len(nodes) > 1 or g.has_edge(nodes[0], nodes[0]):
            cycle = nx.find_cycle(g.subgraph(nodes))
            text = " -> ".join([e[0][2:] for e in cycle] + [cycle[0][0][2:]])
            issues.append(_issue(pack, "error", nodes[0][2:], ".next", "flow-cycle",
                                 f"the flow loops: {text}; expected a DAG from start to end"))
    reachable = nx.descendants(g, start) | {start}
    finishing = nx.ancestors(g, END)
    for qid, question in pack.questions.items():
        node = q(qid)
        if node not in reachable:
            issues.append(_issue(pack, "error", qid, "", "unreachable",
                                 "no path from the start question reaches this question"))
            continue
        if node not in finishing:
            issues.append(_issue(pack, "error", qid, ".next", "dead-end",
                                 "no path from this question reaches 'end'"))
        elif not _always_continues(question):
            issues.append(_issue(pack, "error", qid, ".next", "dead-end",
                                 "no `next` edge without a condition, so some answers lead "
                                 "nowhere; expected a default edge last"))
    if any(i.code == "flow-cycle" for i in issues):
        return issues
    dominators = nx.immediate_dominators(g, start)
    for qid, question in pack.questions.items():
        node = q(qid)
        if node not in reachable:
            continue
        before = set()
        cursor = node
        while dominators.get(cursor, cursor) != cursor:
            cursor = dominators[cursor]
            before.add(cursor[2:])
        for i, edge in enumerate(question.next):
            for read in sorted(questions_read(edge.when) - before - {qid}):
                issues.append(_issue(
                    pack, "error", qid, f".next[{i}].when", "read-before-asked",
                    f"reads {read!r}, which is not asked on every path before {qid!r}; "
                    "expected a condition on this or an earlier, always-asked question"))
    return issues


def _always_continues(question: Question) -> bool:
    if any(edge.when is None for edge in question.next):
        return True
    return bool(question.options) and question.kind == "single" and all(
        o.next is not None for o in question.options)


def _option_issues(pack: KnowledgePack) -> list[LintIssue]:
    conditions = [r.when for r in pack.rules.values()]
    conditions += [e.when for qq in pack.questions.values() for e in qq.next if e.when]
    read: set[tuple[str, str]] = set()
    for cond in conditions:
        for node in walk_condition(cond):
            if isinstance(node, Is | In):
                values = (node.is_,) if isinstance(node, Is) else node.in_
                read.update((node.question, str(v)) for v in values)
            elif hasattr(node, "contains"):
                read.add((node.question, node.contains))  # type: ignore[union-attr]
    issues = []
    for qid, question in pack.questions.items():
        for option in question.options:
            if option.effects.is_empty() and option.next is None and (qid, option.id) not in read:
                issues.append(_issue(pack, "warning", qid, f".options.{option.id}", "no-effect",
                                     "this option changes nothing: no effect, no branch, and "
                                     "no condition reads it"))
    return issues


# --------------------------------------------------------------------------- never-wins


def _winner_margins(pack: KnowledgePack, answers: dict[str, AnswerValue]
                    ) -> dict[str, float] | None:
    """architecture -> its score minus the best other eligible score (None: flow error).
    Excluded architectures get -inf."""
    try:
        steps = walk(pack, answers)
    except FlowError:
        return None
    applied = scoring.applied_effects(pack, steps)
    w = scoring.weights(pack, applied)
    excluded = scoring.exclusions(applied)
    by_id = scoring.scores(pack, w, scoring.ratings(pack))
    order = scoring.rank(pack, by_id, excluded)
    margins: dict[str, float] = {}
    eligible = [a for a in order if a not in excluded]
    for aid in pack.architectures:
        if aid in excluded:
            margins[aid] = float("-inf")
            continue
        others = [by_id[o].score for o in eligible if o != aid]
        best_other = max(others, default=float("-inf"))
        margin = by_id[aid].score - best_other
        # the tie-break (pack order) makes the first of equals the winner
        if margin == 0 and eligible and eligible[0] == aid:
            margin = 1e-9
        margins[aid] = margin
    return margins


def _candidates(pack: KnowledgePack, question: Question) -> list[AnswerValue]:
    return [question.default, *alternatives(pack, question, question.default)]


def _all_answer_sets(pack: KnowledgePack, limit: int) -> Iterator[dict[str, AnswerValue]] | None:
    """Every distinct answer set along the flow, or None when there are more than `limit`."""
    count: dict[str, int] = {}
    g = flow_graph(pack)
    for node in reversed(list(nx.topological_sort(g))):
        if node == END:
            continue
        question = pack.questions[node[2:]]
        below = max((count.get(n, 1) for n in g.successors(node) if n != END), default=1)
        count[node] = min(limit + 1, len(_candidates(pack, question)) * below)
    if count.get(q(pack.meta.start), 0) > limit:
        return None

    def expand(current: str, answers: dict[str, AnswerValue]) -> Iterator[dict[str, AnswerValue]]:
        if current == END:
            yield dict(answers)
            return
        question = pack.questions[current]
        for value in _candidates(pack, question):
            answers[current] = value
            try:
                following = next_of(question, value, answers)
            except FlowError:
                continue
            yield from expand(following, answers)
            del answers[current]

    return expand(pack.meta.start, {})


def _winnability_issues(pack: KnowledgePack, budget: int) -> list[LintIssue]:
    winners: set[str] = set()
    exhaustive = _all_answer_sets(pack, EXACT_LIMIT)
    evaluations = 0
    if exhaustive is not None:
        for answers in exhaustive:
            margins = _winner_margins(pack, answers)
            evaluations += 1
            if margins:
                winners.update(a for a, m in margins.items() if m > 0)
        how = f"none of all {evaluations} answer sets makes it the winner (exact)"
    else:
        rng = random.Random(pack.sha256)
        for aid in pack.architectures:
            if aid in winners:
                continue
            starts = 0
            while evaluations < budget and aid not in winners:
                found, used = _climb(pack, aid, rng if starts else None, budget - evaluations)
                evaluations += used
                starts += 1
                winners.update(found)
        how = f"no winning answer set found in a search of {evaluations} evaluations (a bound)"
    return [LintIssue("warning", pack.file_of("architectures", aid), f"architectures.{aid}",
                      "never-wins", how)
            for aid in pack.architectures if aid not in winners]


def _climb(pack: KnowledgePack, target: str, rng: random.Random | None, budget: int
           ) -> tuple[set[str], int]:
    """Coordinate ascent on `target`'s margin. Returns every architecture seen winning."""
    answers: dict[str, AnswerValue] = {}
    if rng is not None:
        for question in pack.questions.values():
            answers[question.id] = rng.choice(_candidates(pack, question))
    used, winners = 0, set()
    best = float("-inf")
    improved = True
    while improved and used < budget:
        improved = False
        try:
            path = [s.question for s in walk(pack, answers)]
        except FlowError:
            return winners, used
        for qid in path:
            question = pack.questions[qid]
            for value in _candidates(pack, question):
                trial = dict(answers)
                trial[qid] = value
                margins = _winner_margins(pack, trial)
                used += 1
                if margins is None:
                    continue
                winners.update(a for a, m in margins.items() if m > 0)
                if target in winners:
                    return winners, used
                if margins[target] > best + 1e-12:
                    best, answers, improved = margins[target], trial, True
                if used >= budget:
                    return winners, used
    return winners, used

