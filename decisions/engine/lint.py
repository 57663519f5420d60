"""Lint a loaded pack's decision graph. Every problem is reported at once.

Errors (a pack with any is invalid, exit 3):
  flow-cycle        the flow loops
  unreachable       a question no path from the start reaches
  dead-end          a question from which `end` cannot be reached, or with no default edge
  read-before-asked a flow condition reads a question that is not always asked before it
                    (it must dominate the edge's question in the flow graph)
Warnings:
  no-effect         an option with no effect, no branch, and not read by any condition
  stale-price       a purchase, rental or API price dated more than 12 months before today
  never-wins        an architecture that no combination of answers made the winner

How never-wins is decided: see decisions/engine/never_wins.py (exact enumeration when the answer
space is small, otherwise a bounded greedy search whose misses are reported as a bound).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from archdecide.decisions.engine.graph import decision_graph, q, question_flow
from archdecide.decisions.engine.never_wins import WORK_BUDGET, winnability
from archdecide.decisions.sizing.freshness import PRICE_SECTIONS, STALE_MONTHS, age_months
from archdecide.knowledge.conditions import In, Is, questions_read
from archdecide.knowledge.conditions import walk as walk_condition
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, Question


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


def errors(pack: KnowledgePack) -> list[LintIssue]:
    """The lint's errors alone (the flow checks, without the never-wins search): what makes a
    pack that loads invalid for every command, not only for `validate`."""
    return sorted(i for i in _flow_issues(pack) if i.severity == "error")


def lint(pack: KnowledgePack, *, search_budget: int = WORK_BUDGET,
         today: dt.date | None = None) -> list[LintIssue]:
    issues = _flow_issues(pack)
    issues += _option_issues(pack)
    issues += _price_issues(pack, today or dt.date.today())
    if not any(i.severity == "error" for i in issues):
        issues += _winnability_issues(pack, search_budget)
    return sorted(issues, key=lambda i: (i.severity != "error", i.file, i.key, i.code))


def _issue(pack: KnowledgePack, severity: str, qid: str, key: str, code: str,
           message: str) -> LintIssue:
    return LintIssue(severity, pack.file_of("questions", qid), f"questions.{qid}{key}", code,
                     message)


def _flow_issues(pack: KnowledgePack) -> list[LintIssue]:
    g = question_flow(decision_graph(pack))
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

    def asked_before(node: str, read: str) -> bool:
        """Whether question `read` dominates `node`: on every path from the start to it."""
        target = q(read)
        while dominators.get(node, node) != node:
            node = dominators[node]
            if node == target:
                return True
        return False

    for qid, question in pack.questions.items():
        node = q(qid)
        if node not in reachable:
            continue
        for i, edge in enumerate(question.next):
            for read in sorted(questions_read(edge.when) - {qid}):
                if not asked_before(node, read):
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


def _price_issues(pack: KnowledgePack, today: dt.date) -> list[LintIssue]:
    issues = []
    for section in PRICE_SECTIONS:
        for entry in getattr(pack, section).values():
            months = age_months(entry.date, today)
            if months > STALE_MONTHS and not entry.retired:
                issues.append(LintIssue(
                    "warning", pack.file_of(section, entry.id), f"{section}.{entry.id}.date",
                    "stale-price", f"dated {entry.date}, {months} months before "
                    f"{today.isoformat()} (more than {STALE_MONTHS}); check the price and "
                    "update it with its source"))
    return issues


# --------------------------------------------------------------------------- never-wins


def _winnability_issues(pack: KnowledgePack, budget: int) -> list[LintIssue]:
    result = winnability(pack, budget)
    how = (f"none of all {result.evaluations} answer sets makes it the winner (exact)"
           if result.exact else
           f"the search found no answers that make it the winner ({result.evaluations} "
           "answer sets scored; a bound, not a proof)")
    issues = [LintIssue("warning", pack.file_of("architectures", aid), f"architectures.{aid}",
                        "never-wins", how)
              for aid in pack.architectures
              if aid in result.searched and aid not in result.winners]
    unchecked = [aid for aid in pack.architectures if aid not in result.searched]
    if unchecked:
        issues.append(LintIssue(
            "warning", str(pack.root), "architectures", "never-wins-unchecked",
            f"{len(unchecked)} architectures were not searched (search budget used up); "
            f"first: {', '.join(unchecked[:5])}"))
    return issues
