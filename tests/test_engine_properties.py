"""Properties of the engine that must hold for any answers (hypothesis)."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.decisions.engine import scoring
from archdecide.decisions.engine.evaluation import evaluate
from archdecide.decisions.engine.evaluation_json import to_json
from archdecide.decisions.engine.never_wins import candidates as _candidates
from archdecide.decisions.engine.outcome import core
from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import TINY

PACKS = {"tiny": load_pack(TINY)}
with contextlib.suppress(Exception):  # the bundled pack has its own tests
    PACKS["bundled"] = load_pack()


def answer_sets(pack: KnowledgePack) -> st.SearchStrategy[dict]:
    per_question = {qid: st.sampled_from(_candidates(pack, q)) for qid, q in
                    pack.questions.items()}
    return st.fixed_dictionaries({}, optional=per_question)


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(PACKS))
def test_excluded_is_never_recommended_and_winner_has_top_score(name: str) -> None:
    pack = PACKS[name]

    @SETTINGS
    @given(answer_sets(pack))
    def check(answers: dict) -> None:
        c = core(pack, answers)
        rec = c.recommendation
        eligible = [a for a in pack.architectures if a not in c.excluded]
        if not eligible:
            assert rec is None
            return
        assert rec is not None and rec not in c.excluded
        assert c.scores[rec].score >= max(c.scores[a].score for a in eligible) - 1e-9
        for a in pack.architectures:
            assert 0 <= c.scores[a].score <= 100 + 1e-9

    check()


@pytest.mark.parametrize("name", sorted(PACKS))
def test_raising_a_weight_the_winner_leads_on_keeps_the_winner(name: str) -> None:
    pack = PACKS[name]

    @SETTINGS
    @given(answer_sets(pack), st.floats(min_value=0.01, max_value=10))
    def check(answers: dict, bump: float) -> None:
        c = core(pack, answers)
        rec = c.recommendation
        if rec is None:
            return
        eligible = [a for a in pack.architectures if a not in c.excluded]
        for cid in pack.criteria:
            if all(c.table[rec][cid] >= c.table[a][cid] for a in eligible):
                w = dict(c.weights)
                w[cid] = min(10.0, w[cid] + bump)
                by_id = scoring.scores(pack, w, c.table)
                assert scoring.rank(pack, by_id, c.excluded)[0] == rec

    check()


@pytest.mark.parametrize("name", sorted(PACKS))
def test_evaluation_is_deterministic(name: str) -> None:
    pack = PACKS[name]

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answer_sets(pack))
    def check(answers: dict) -> None:
        first = json.dumps(to_json(evaluate(pack, answers)))
        again = json.dumps(to_json(evaluate(pack, dict(reversed(list(answers.items()))))))
        assert first == again

    check()


def test_weight_flip_is_exact(tiny: KnowledgePack) -> None:
    """Applying the reported weight change makes the runner-up tie the leader."""
    ev = evaluate(tiny, {"sensitivity": "secret", "volume": 5, "speed_need": "weeks"})
    c = ev.core
    flips = ev.sensitivity.weights
    assert flips, "the tiny pack has a close race here"
    for flip in flips:
        w = dict(c.weights)
        w[flip.criterion] += flip.delta
        by_id = scoring.scores(tiny, w, c.table)
        assert by_id[c.recommendation].score == pytest.approx(by_id[c.runner_up].score,
                                                              abs=0.05)


def test_answer_flips_are_real(tiny: KnowledgePack) -> None:
    answers = {"sensitivity": "secret", "volume": 5, "speed_need": "weeks"}
    ev = evaluate(tiny, answers)
    assert ev.sensitivity.answers
    for flip in ev.sensitivity.answers:
        changed = {**answers, flip.question: flip.alternative}
        assert core(tiny, changed).recommendation == flip.recommendation
        assert flip.recommendation != ev.recommendation


def test_exact_never_wins_finds_every_winner_of_every_answer_combination(
        tiny: KnowledgePack) -> None:
    """Exact mode enumerates the answer sets along the flow; scoring every combination of
    candidate answers (flow ignored, as answers off the path are) must find the same winners."""
    import itertools

    from archdecide.decisions.engine.never_wins import winnability

    result = winnability(tiny)
    assert result.exact
    qids = list(tiny.questions)
    combos = itertools.product(*(_candidates(tiny, tiny.questions[q]) for q in qids))
    brute = {core(tiny, dict(zip(qids, combo, strict=True)), priced=False).recommendation
             for combo in combos}
    assert result.winners == brute - {None}
