"""Tables derived from a pack (routes, option effects, never-wins search tables, depths) are
computed once per pack and released with it: a long wizard session or a benchmark that loads
many packs must not keep old ones alive."""

from __future__ import annotations

import gc
import weakref

from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.engine.flow import routes
from archdecide.decisions.engine.lint import lint
from archdecide.decisions.engine.session import Session
from archdecide.knowledge.loader import load_pack

from tests.conftest import TINY


def test_derived_tables_are_reused_then_released_with_their_pack() -> None:
    pack = load_pack(TINY)
    first = routes(pack)
    session = Session(pack, {"sensitivity": "secret"})
    session.progress()
    evaluate(pack, session.answers)
    lint(pack)
    bundled = load_pack()
    evaluate(bundled, {})  # costs: the TCO report cache is per pack too
    assert routes(pack) is first  # computed once
    other = load_pack(TINY)
    assert routes(other) is not first and routes(other) == first
    refs = [weakref.ref(pack), weakref.ref(bundled)]
    del pack, first, session, bundled
    gc.collect()
    assert [r() for r in refs] == [None, None], "a cache still holds a pack"
