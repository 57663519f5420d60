"""Explanations are paths in the decision graph; this renders them in words.

    q:network_isolation -> o:network_isolation:air_gapped -> a:managed_api
        "network_isolation = air_gapped -> excludes managed_api"
    q:data_sensitivity -> r:secret_needs_isolation -> a:managed_api
        "data_sensitivity -> rule secret_needs_isolation -> excludes managed_api"
    q:latency -> o:latency:realtime -> c:latency -> a:edge
        "latency = realtime -> weight of latency +2 -> edge (rated 5)"
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from archdecide.decisions.engine.graph import Graph


def _name(node: str) -> str:
    return node.split(":", 1)[1] if ":" in node else node


def _step(g: Graph, u: str, v: str) -> str:
    data = g.edges[u, v]
    kind = data["kind"]
    if kind == "offers":
        return f" = {g.nodes[v]['option']}"
    if kind == "reads":
        return f" -> rule {_name(v)}"
    if kind == "excludes":
        return f" -> excludes {_name(v)}"
    if kind == "weights":
        return f" -> weight of {_name(v)} {data['delta']:+g}"
    if kind == "rates":
        return f" -> {_name(v)} (rated {data['score']})"
    if kind == "fits":
        changes = ", ".join(f"{aid} {delta:+g}" for aid, delta in data["fits"].items())
        return f" -> {_name(v)} rated differently here ({changes})"
    return f" -> {_name(v)}"


def path_words(g: Graph, path: Sequence[str]) -> str:
    """One path in words; every pair of nodes must be an edge of `g`."""
    text = _name(path[0])
    for u, v in pairwise(path):
        text += _step(g, u, v)
    return text


def paths_words(g: Graph, paths: Sequence[Sequence[str]]) -> str:
    """Several paths that differ only in where they start (a rule read from several
    questions) in one phrase: `a and b -> rule r -> excludes x`."""
    if not paths:
        return ""
    tails = {tuple(p[1:]) for p in paths}
    if len(tails) == 1 and len(paths[0]) > 1:
        heads = " and ".join(_name(p[0]) for p in paths)
        return heads + path_words(g, paths[0])[len(_name(paths[0][0])):]
    return "; ".join(path_words(g, p) for p in paths)
