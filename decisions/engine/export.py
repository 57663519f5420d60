"""The decision graph as DOT, Mermaid or networkx node-link JSON (`archdecide graph`)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from archdecide.decisions.engine.graph import Graph, decision_graph
from archdecide.knowledge.pack import KnowledgePack

SHAPES = {"question": "box", "option": "ellipse", "criterion": "diamond",
          "architecture": "box3d", "rule": "hexagon", "end": "doublecircle"}


def to_json(pack: KnowledgePack) -> dict[str, Any]:
    """node-link data (networkx) of the whole graph, with the node ids the explanations use;
    conditions as their text (`when`), never as objects."""
    g = decision_graph(pack)
    plain: Graph = nx.DiGraph(**g.graph)
    plain.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        plain.add_edge(u, v, **{k: val for k, val in data.items()
                                if k not in ("condition", "also")})
    out: dict[str, Any] = nx.node_link_data(plain, edges="edges")
    return out


def _labelled_flow(pack: KnowledgePack) -> Graph:
    """Questions and `end`, with each condition as its edge's label; an option's branch is
    drawn from its question."""
    full = decision_graph(pack)
    g: Graph = nx.DiGraph()
    for node, data in full.nodes(data=True):
        if data["kind"] in ("question", "end"):
            g.add_node(node, **data)
    for u, v, data in full.edges(data=True):
        if data["kind"] != "flow":
            continue
        source = u if full.nodes[u]["kind"] == "question" else f"q:{full.nodes[u]['question']}"
        if not g.has_edge(source, v):
            g.add_edge(source, v, kind="flow", when=data["when"])
    return g


def _view(pack: KnowledgePack, full: bool) -> Graph:
    return decision_graph(pack) if full else _labelled_flow(pack)


def to_dot(pack: KnowledgePack, full: bool = False) -> str:
    g = _view(pack, full)
    lines = [f"digraph {json.dumps(pack.id)} {{", "  rankdir=TB;"]
    for node, data in g.nodes(data=True):
        label = node if not full else f"{node}\\n{data.get('label', '')}"
        lines.append(f"  {json.dumps(node)} [shape={SHAPES.get(data.get('kind', ''), 'box')}, "
                     f"label={json.dumps(label)}];")
    for u, v, data in g.edges(data=True):
        attrs = []
        if data.get("when"):
            attrs.append(f"label={json.dumps(data['when'])}")
        if full:
            attrs.append(f"style={'dashed' if data['kind'] != 'flow' else 'solid'}")
            attrs.append(f"tooltip={json.dumps(data['kind'])}")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {json.dumps(u)} -> {json.dumps(v)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(node: str) -> str:
    return "n_" + "".join(ch if ch.isalnum() else "_" for ch in node)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def to_mermaid(pack: KnowledgePack, full: bool = False) -> str:
    g = _view(pack, full)
    lines = ["flowchart TD"]
    for node, data in g.nodes(data=True):
        label = node if not full else f"{node}: {data.get('label', '')}"
        lines.append(f'  {_mermaid_id(node)}["{_mermaid_text(label)}"]')
    for u, v, data in g.edges(data=True):
        kind = data.get("kind", "flow")
        text = data.get("when") or (kind if full and kind != "flow" else "")
        arrow = "-->" if kind == "flow" else "-.->"
        label = f'|"{_mermaid_text(text)}"|' if text else ""
        lines.append(f"  {_mermaid_id(u)} {arrow}{label} {_mermaid_id(v)}")
    return "\n".join(lines) + "\n"
