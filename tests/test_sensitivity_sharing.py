"""The sensitivity analysis shares what its replays have in common (the TCO reports by sizing
inputs, the flow edges read from the decision graph, the constants a TCO computation reads):
none of it may change a result. Each replay is checked against a fresh evaluation."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.decisions.engine.flow import Routes, path_values, walk
from archdecide.decisions.engine.graph import decision_graph
from archdecide.decisions.engine.never_wins import candidates
from archdecide.decisions.engine.outcome import core
from archdecide.decisions.engine.sensitivity import alternatives, analyse
from archdecide.decisions.sizing.assumptions import Assumptions
from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue
from tests.conftest import TINY

PACKS = {"tiny": load_pack(TINY)}
with contextlib.suppress(Exception):  # the bundled pack has its own tests
    PACKS["bundled"] = load_pack()


def answer_sets(pack: KnowledgePack) -> st.SearchStrategy[dict[str, AnswerValue]]:
    per_question = {qid: st.sampled_from(candidates(pack, q))
                    for qid, q in pack.questions.items()}
    return st.fixed_dictionaries({}, optional=per_question)


def fresh_flips(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
                assumptions: Mapping[str, float] | None, assumed: bool
                ) -> list[tuple[str, AnswerValue, str | None]]:
    """What answer_flips reports, each alternative scored on its own: no memo, no routes."""
    base = core(pack, answers, assumptions)
    out = []
    for step in base.steps:
        if step.assumed != assumed:
            continue
        for alt in alternatives(pack, pack.questions[step.question], step.value):
            outcome = core(pack, {**answers, step.question: alt}, assumptions).recommendation
            if outcome != base.recommendation:
                out.append((step.question, alt, outcome))
    return out


@pytest.mark.parametrize("name", sorted(PACKS))
def test_shared_analysis_matches_fresh_evaluations(name: str) -> None:
    pack = PACKS[name]

    @settings(max_examples=5 if name == "bundled" else 40, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(answers=answer_sets(pack), overridden=st.booleans())
    def check(answers: dict[str, AnswerValue], overridden: bool) -> None:
        assumptions = {"pue": 1.6, "electricity_usd_per_kwh": 0.31} if overridden and \
            "pue" in pack.constants else None
        result = analyse(pack, answers, core(pack, answers, assumptions), assumptions)
        for flips, assumed in ((result.answers, False), (result.defaults, True)):
            got = [(f.question, f.alternative, f.recommendation) for f in flips]
            assert got == fresh_flips(pack, answers, assumptions, assumed)

    check()


@pytest.mark.parametrize("name", sorted(PACKS))
def test_walks_sharing_routes_match_walks_alone(name: str) -> None:
    pack = PACKS[name]
    routes = Routes(decision_graph(pack))

    @settings(max_examples=80, deadline=None)
    @given(answers=answer_sets(pack))
    def check(answers: dict[str, AnswerValue]) -> None:
        alone = walk(pack, answers)
        assert walk(pack, answers, routes=routes) == alone
        assert walk(pack, answers, path_values(pack, answers)) == alone
        assert tuple(path_values(pack, answers).items()) == tuple(
            (s.question, s.value) for s in alone)

    check()


def test_option_branches_are_kept_per_option(tmp_path: Path) -> None:
    """Options with their own `next` (the tiny pack's, given branches): one Routes shared by
    walks that choose different options follows each option's own branch."""
    folder = tmp_path / "branched"
    shutil.copytree(TINY, folder)
    questions = folder / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    for option, target in (("public", "end"), ("internal", "volume")):
        text = text.replace(f'id = "{option}"\n', f'id = "{option}"\nnext = "{target}"\n', 1)
    questions.write_text(text, encoding="utf-8")
    pack = load_pack(folder)
    routes = Routes(decision_graph(pack))
    paths = {}
    for value in ("public", "internal", "secret", "internal", "public"):
        steps = walk(pack, {"sensitivity": value}, routes=routes)
        assert steps == walk(pack, {"sensitivity": value})
        paths[value] = [s.question for s in steps]
    assert paths == {"public": ["sensitivity"], "internal": ["sensitivity", "volume",
                                                             "speed_need"],
                     "secret": ["sensitivity", "volume", "speed_need"]}


def test_routes_of_another_pack_are_not_used() -> None:
    pack = PACKS["bundled"] if "bundled" in PACKS else PACKS["tiny"]
    other = Routes(decision_graph(load_pack(TINY)))
    answers: dict[str, AnswerValue] = {}
    assert walk(pack, answers, routes=other) == walk(pack, answers)


def test_a_constant_read_twice_is_recorded_once_with_its_override() -> None:
    pack = PACKS["bundled"] if "bundled" in PACKS else pytest.skip("no bundled pack")
    a = Assumptions(pack, {"pue": 1.7})
    assert a.get("pue") == a.get("pue") == 1.7
    assert a.get("mbu") == a.get("mbu") == pack.constants["mbu"].value
    used = {item.id: item for item in a.used()}
    assert used["pue"].overridden and used["pue"].value == 1.7
    assert not used["mbu"].overridden
    assert [item.id for item in a.used()] == sorted(used)


SIZINGS = [
    ({"model": "gpt-oss-120b", "gpu": "h100-80gb", "precision": "mxfp4"}, None),
    ({"model": "gpt-oss-120b", "gpu": "h100-80gb", "precision": "mxfp4",
      "monthly_tokens": 9_000_000_000, "availability": "critical"}, None),
    ({"model": "gpt-oss-120b", "gpu": "h100-80gb", "precision": "mxfp4"},
     {"decode_layer_overhead_us": 80.0}),
    ({"model": "gpt-oss-120b", "gpu": "h100-80gb", "precision": "mxfp4", "concurrency": 64},
     None),
    ({"model": "deepseek-v3.1", "gpu": "h100-80gb", "precision": "fp8",
      "context_tokens": 16384}, None),
]


def test_a_remembered_replica_is_the_one_measured_afresh() -> None:
    """Sizings that differ only in volume share one measured replica (memory, layout, speed):
    each, and the constants it lists as used, in order, must be what a pack that has sized
    nothing yet computes; an override or another shape must not reuse it."""
    from archdecide.decisions.sizing.replica import compute_sizing
    pack = PACKS["bundled"] if "bundled" in PACKS else pytest.skip("no bundled pack")
    for inputs, overrides in SIZINGS * 2:  # the second round reads what the first left
        kept = compute_sizing(pack, inputs, overrides)
        fresh = compute_sizing(load_pack(), inputs, overrides)
        assert kept == fresh
        assert kept.assumptions == fresh.assumptions
    first, _, slower, wider, _ = (compute_sizing(pack, i, o) for i, o in SIZINGS)
    assert slower.single.seconds > first.single.seconds
    assert wider.kv_cache_bytes == first.kv_cache_bytes * 64 / first.request.concurrency


def test_rule_truths_kept_by_the_values_they_read_match_holds() -> None:
    """applied_effects remembers each rule's truth by the values the rule reads: the rules in
    force must be those a plain evaluation of every condition gives."""
    from archdecide.decisions.engine.conditions import holds
    from archdecide.decisions.engine.scoring import applied_effects
    pack = PACKS["bundled"] if "bundled" in PACKS else PACKS["tiny"]

    @settings(max_examples=60, deadline=None)
    @given(answers=answer_sets(pack))
    def check(answers: dict[str, AnswerValue]) -> None:
        steps = walk(pack, answers)
        values = {s.question: s.value for s in steps}
        rules = [item.origin.rule for item in applied_effects(pack, steps) if item.origin.rule]
        assert rules == [rid for rid, rule in pack.rules.items() if holds(rule.when, values)]

    check()
