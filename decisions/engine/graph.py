"""The pack as one typed networkx DiGraph, the flow subgraph, and DOT / Mermaid export.

Node ids: `q:<question>`, `o:<question>:<option>`, `c:<criterion>`, `a:<architecture>`,
`r:<rule>` and `end`. Node attribute `kind`: question, option, criterion, architecture, rule,
end. Edge attribute `kind`:
    offers    question -> option
    flow      question -> question|end (attr `when`: the condition text or None, `order`);
              option -> question|end for an option's own `next`
    weights   option|rule -> criterion (attr `delta`)
    excludes  option|rule -> architecture (attr `reason`)
    rates     criterion -> architecture (attrs `score`, `rationale`)
    reads     question -> rule (the rule's condition reads the question)
"""

from __future__ import annotations

import json

import networkx as nx
from archdecide.decisions.engine.depth import remaining_depth
from archdecide.knowledge.conditions import describe, questions_read
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END, Effects

__all__ = ["build", "flow_graph", "q", "remaining_depth", "to_dot", "to_mermaid"]


def q(qid: str) -> str:
    return END if qid == END else f"q:{qid}"


def _effects(g: nx.DiGraph, source: str, effects: Effects) -> None:
    for cid, delta in effects.weights.items():
        g.add_edge(source, f"c:{cid}", kind="weights", delta=delta)
    for ex in effects.exclude:
        g.add_edge(source, f"a:{ex.architecture}", kind="excludes", reason=ex.reason)


def build(pack: KnowledgePack) -> nx.DiGraph:
    g = nx.DiGraph(pack=pack.id, version=pack.version)
    g.add_node(END, kind="end", label="end")
    for cid, c in pack.criteria.items():
        g.add_node(f"c:{cid}", kind="criterion", label=c.name)
    for aid, a in pack.architectures.items():
        g.add_node(f"a:{aid}", kind="architecture", label=a.name)
    for qid, question in pack.questions.items():
        g.add_node(q(qid), kind="question", label=question.prompt)
    for qid, question in pack.questions.items():
        for option in question.options:
            node = f"o:{qid}:{option.id}"
            g.add_node(node, kind="option", label=option.label)
            g.add_edge(q(qid), node, kind="offers")
            _effects(g, node, option.effects)
            if option.next is not None:
                g.add_edge(node, q(option.next), kind="flow", when=f"{qid} = {option.id}",
                           order=-1)
        for i, edge in enumerate(question.next):
            when = None if edge.when is None else describe(edge.when)
            if not g.has_edge(q(qid), q(edge.to)):
                g.add_edge(q(qid), q(edge.to), kind="flow", when=when, order=i)
    for rid, rule in pack.rules.items():
        g.add_node(f"r:{rid}", kind="rule", label=rule.description)
        _effects(g, f"r:{rid}", rule.effects)
        for read in sorted(questions_read(rule.when)):
            g.add_edge(q(read), f"r:{rid}", kind="reads")
    for aid, a in pack.architectures.items():
        for cid, rating in a.ratings.items():
            g.add_edge(f"c:{cid}", f"a:{aid}", kind="rates", score=rating.score,
                       rationale=rating.rationale)
    return g


def flow_graph(pack: KnowledgePack) -> nx.DiGraph:
    """Questions and `end` only; an edge for every way one question can lead to another."""
    g = nx.DiGraph()
    g.add_node(END)
    for qid, question in pack.questions.items():
        g.add_node(q(qid))
        for option in question.options:
            if option.next is not None:
                g.add_edge(q(qid), q(option.next))
        for edge in question.next:
            g.add_edge(q(qid), q(edge.to))
    return g


# --------------------------------------------------------------------------- export


def _dot_id(node: str) -> str:
    return json.dumps(node)


def to_dot(pack: KnowledgePack, full: bool = False) -> str:
    g = build(pack) if full else _labelled_flow(pack)
    shapes = {"question": "box", "option": "ellipse", "criterion": "diamond",
              "architecture": "box3d", "rule": "hexagon", "end": "doublecircle"}
    lines = [f"digraph {json.dumps(pack.id)} {{", "  rankdir=TB;"]
    for node, data in g.nodes(data=True):
        label = node if not full else f"{node}\\n{data.get('label', '')}"
        lines.append(f"  {_dot_id(node)} [shape={shapes.get(data.get('kind', ''), 'box')}, "
                     f"label={json.dumps(label)}];")
    for a, b, data in g.edges(data=True):
        attrs = []
        if data.get("when"):
            attrs.append(f"label={json.dumps(data['when'])}")
        if full:
            attrs.append(f"style={'dashed' if data['kind'] != 'flow' else 'solid'}")
            attrs.append(f"tooltip={json.dumps(data['kind'])}")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {_dot_id(a)} -> {_dot_id(b)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(node: str) -> str:
    return "n_" + "".join(ch if ch.isalnum() else "_" for ch in node)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def to_mermaid(pack: KnowledgePack, full: bool = False) -> str:
    g = build(pack) if full else _labelled_flow(pack)
    lines = ["flowchart TD"]
    for node, data in g.nodes(data=True):
        label = node if not full else f"{node}: {data.get('label', '')}"
        lines.append(f'  {_mermaid_id(node)}["{_mermaid_text(label)}"]')
    for a, b, data in g.edges(data=True):
        when = data.get("when")
        kind = data.get("kind", "flow")
        text = when if when else (kind if full and kind != "flow" else "")
        arrow = "-->" if kind == "flow" else "-.->"
        label = f'|"{_mermaid_text(text)}"|' if text else ""
        lines.append(f"  {_mermaid_id(a)} {arrow}{label} {_mermaid_id(b)}")
    return "\n".join(lines) + "\n"


def _labelled_flow(pack: KnowledgePack) -> nx.DiGraph:
    """The flow with conditions as edge labels, start marked."""
    full = build(pack)
    g = nx.DiGraph()
    for node, data in full.nodes(data=True):
        if data["kind"] in ("question", "end"):
            g.add_node(node, **data)
    for a, b, data in full.edges(data=True):
        if data["kind"] != "flow":
            continue
        source = a if a.startswith("q:") else "q:" + a.split(":")[1]
        if not g.has_edge(source, b):
            g.add_edge(source, b, **data)
    return g
