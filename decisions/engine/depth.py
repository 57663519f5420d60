"""How many questions can still follow each question, from the flow alone.

Pure dicts, no networkx: the wizard and the Session need this before the first frame, and
networkx costs ~160 ms to import. A cyclic flow (lint reports it) gets the pessimistic
answer "every question"."""

from __future__ import annotations

from archdecide.decisions.engine.per_pack import per_pack
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import END


def successors(pack: KnowledgePack) -> dict[str, list[str]]:
    """question id -> the questions it can lead to (options' own `next` and flow edges)."""
    out: dict[str, list[str]] = {}
    for qid, question in pack.questions.items():
        targets = [o.next for o in question.options if o.next is not None]
        targets += [edge.to for edge in question.next]
        out[qid] = list(dict.fromkeys(t for t in targets if t != END))
    return out


@per_pack
def remaining_depth(pack: KnowledgePack) -> dict[str, int]:
    """question id -> the most questions that can still be asked from it, itself included."""
    succ = successors(pack)
    depth: dict[str, int] = {}
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in succ:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 2:
                    continue
                state[node] = 1
            children = succ.get(node, [])
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    return {qid: len(pack.questions) for qid in pack.questions}
                if child in succ and state.get(child) != 2:
                    stack.append((child, 0))
                continue
            state[node] = 2
            depth[node] = 1 + max((depth.get(c, 0) for c in children), default=0)
    return depth
