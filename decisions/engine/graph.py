"""The decision graph: the pack as one typed networkx DiGraph, built once per loaded pack.

The wizard's walk, the questions left, the explanations, the lint, the never-wins search and
the exports all read this one graph.

Node ids and their `kind`:
    q:<question>            question     (attrs `label`: the prompt, `question`)
    o:<question>:<option>   option       (attrs `label`, `question`, `option`)
    c:<criterion>           criterion    (attr `label`)
    a:<architecture>        architecture (attr `label`)
    r:<rule>                rule         (attr `label`: the description)
    end                     end
Edges and their `kind`:
    offers    question -> option
    flow      question -> question|end: attrs `when` (the condition as text, None for the
              default edge), `condition` (the parsed condition, None for the default) and
              `order` (its place among the question's `next` edges); `also`: later edges of
              the same question to the same target, as (order, condition) pairs;
              option -> question|end for an option's own `next` (order -1, taken whenever the
              option is chosen)
    weights   option|rule -> criterion   (attr `delta`)
    excludes  option|rule -> architecture (attr `reason`)
    rates     criterion -> architecture (attrs `score`, `rationale`)
    reads     question -> rule (the rule's condition reads the question)
Every flow edge into a question also carries `asks = 1` (0 into `end`, and on offers edges),
so that the longest path weighted by `asks` counts the questions still to come.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, TypeAlias

import networkx as nx

from archdecide.knowledge.conditions import Condition, describe, questions_read
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, Effects

if TYPE_CHECKING:
    Graph: TypeAlias = nx.DiGraph[str]
else:
    Graph = nx.DiGraph
"""The decision graph's type: node ids are strings."""
FlowEdge = tuple[int, Condition | None, str]
"""(order, condition or None for the default, target node) of one way out of a question."""


def q(qid: str) -> str:
    return END if qid == END else f"q:{qid}"


def o(qid: str, oid: str) -> str:
    return f"o:{qid}:{oid}"


def c(cid: str) -> str:
    return f"c:{cid}"


def a(aid: str) -> str:
    return f"a:{aid}"


def r(rid: str) -> str:
    return f"r:{rid}"


def _effects(g: Graph, source: str, effects: Effects) -> None:
    for cid, delta in effects.weights.items():
        g.add_edge(source, c(cid), kind="weights", delta=delta)
    for ex in effects.exclude:
        g.add_edge(source, a(ex.architecture), kind="excludes", reason=ex.reason)
    for aid, changes in effects.fit.items():
        for cid, delta in changes.items():
            if g.has_edge(source, c(cid)):  # the same answer also weights that criterion
                g.edges[source, c(cid)].setdefault("fits", {})[aid] = delta
            else:
                g.add_edge(source, c(cid), kind="fits", fits={aid: delta})


def _asks(target: str) -> int:
    return 0 if target == END else 1


def build(pack: KnowledgePack) -> Graph:
    """The typed graph of a pack (see the module docstring)."""
    g: Graph = nx.DiGraph(pack=pack.id, version=pack.version, start=q(pack.meta.start))
    g.add_node(END, kind="end", label="end")
    for cid, criterion in pack.criteria.items():
        g.add_node(c(cid), kind="criterion", label=criterion.name)
    for aid, arch in pack.architectures.items():
        g.add_node(a(aid), kind="architecture", label=arch.name)
    for qid, question in pack.questions.items():
        g.add_node(q(qid), kind="question", label=question.prompt, question=qid)
    for qid, question in pack.questions.items():
        for option in question.options:
            node = o(qid, option.id)
            g.add_node(node, kind="option", label=option.label, question=qid, option=option.id)
            g.add_edge(q(qid), node, kind="offers", asks=0)
            _effects(g, node, option.effects)
            if option.next is not None:
                g.add_edge(node, q(option.next), kind="flow", when=f"{qid} = {option.id}",
                           condition=None, order=-1, asks=_asks(q(option.next)))
        for i, edge in enumerate(question.next):
            source, target = q(qid), q(edge.to)
            if g.has_edge(source, target):  # a DiGraph keeps one edge per pair
                g.edges[source, target]["also"] += ((i, edge.when),)
                continue
            g.add_edge(source, target, kind="flow", order=i, condition=edge.when, also=(),
                       when=None if edge.when is None else describe(edge.when),
                       asks=_asks(target))
    for rid, rule in pack.rules.items():
        g.add_node(r(rid), kind="rule", label=rule.description)
        _effects(g, r(rid), rule.effects)
        for read in sorted(questions_read(rule.when)):
            g.add_edge(q(read), r(rid), kind="reads")
    for aid, arch in pack.architectures.items():
        for cid, rating in arch.ratings.items():
            g.add_edge(c(cid), a(aid), kind="rates", score=rating.score,
                       rationale=rating.rationale)
    return g


_GRAPHS: weakref.WeakKeyDictionary[KnowledgePack, Graph] = weakref.WeakKeyDictionary()


def decision_graph(pack: KnowledgePack) -> Graph:
    """The pack's graph, built on first use and kept exactly as long as the pack."""
    graph = _GRAPHS.get(pack)
    if graph is None:
        graph = _GRAPHS[pack] = build(pack)
    return graph


# --------------------------------------------------------------------------- the flow


def flow_edges(g: Graph, node: str) -> list[FlowEdge]:
    """A question's `next` edges in pack order: (order, condition, target)."""
    out: list[FlowEdge] = []
    for target, data in g.succ[node].items():
        if data["kind"] == "flow":
            out.append((data["order"], data["condition"], target))
            out.extend((order, cond, target) for order, cond in data["also"])
    out.sort(key=lambda edge: edge[0])
    return out


def option_branch(g: Graph, qid: str, value: object) -> str | None:
    """The target of the chosen option's own `next`, if it has one."""
    if not isinstance(value, str):
        return None
    node = o(qid, value)
    if node not in g:
        return None
    return next((t for t, d in g.succ[node].items() if d["kind"] == "flow"), None)


def flow_view(g: Graph) -> Graph:
    """The flow alone: questions, options and `end`, with offers and flow edges (a view)."""
    kinds = ("question", "option", "end")
    view: Graph = nx.subgraph_view(
        g, filter_node=lambda n: g.nodes[n]["kind"] in kinds,
        filter_edge=lambda u, v: g.edges[u, v]["kind"] in ("offers", "flow"))
    return view


def question_flow(g: Graph) -> Graph:
    """Questions and `end` only: an edge wherever one question can lead to another (through
    an option's branch or a `next` edge). Lint and the never-wins enumeration read this."""
    out: Graph = nx.DiGraph()
    out.add_node(END)
    for node, data in g.nodes(data=True):
        if data["kind"] == "question":
            out.add_node(node)
    for u, v, data in g.edges(data=True):
        if data["kind"] == "flow":
            source = u if g.nodes[u]["kind"] == "question" else q(g.nodes[u]["question"])
            out.add_edge(source, v)
    return out


def questions_left(g: Graph, qid: str) -> int:
    """The most questions that can still be asked from `qid`, itself included: the longest
    path from it in the flow DAG, counting questions (edge weight `asks`). A flow with a
    cycle (which lint rejects) gets the pessimistic answer: every question."""
    view = flow_view(g)
    start = q(qid)
    below = view.subgraph(nx.descendants(view, start) | {start})
    try:
        return 1 + int(nx.dag_longest_path_length(below, weight="asks", default_weight=0))
    except nx.NetworkXUnfeasible:
        return sum(1 for node in g if g.nodes[node]["kind"] == "question")
