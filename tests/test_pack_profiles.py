"""The bundled pack: realistic profiles reach their expected architecture, every architecture
wins at least one, and the invariants hold for any other answers."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.decisions.engine.answers import check_answers
from archdecide.decisions.engine.evaluation import core
from archdecide.decisions.engine.lint import lint
from archdecide.decisions.engine.never_wins import candidates
from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack

PROFILES = sorted((Path(__file__).parent / "profiles").glob("*.toml"))
PACK = load_pack()


def _profile(path: Path) -> tuple[str, str, dict]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return data["profile"]["expected"], data["profile"]["why"], data["answers"]


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_profile_gets_its_recommendation(path: Path) -> None:
    expected, why, raw = _profile(path)
    answers, problems = check_answers(PACK, raw)
    assert problems == [], problems
    result = core(PACK, answers)
    assert result.recommendation == expected, (
        f"{path.name}: expected {expected} ({why}); got {result.recommendation}, scores "
        + ", ".join(f"{a} {result.scores[a].score:.1f}" for a in result.order[:4]))


def test_profiles_cover_every_architecture() -> None:
    assert len(PROFILES) >= 12
    assert {_profile(p)[0] for p in PROFILES} == set(PACK.architectures)


def test_pack_validates_without_warnings() -> None:
    assert [str(i) for i in lint(PACK)] == []


def test_contract_ids_exist() -> None:
    architectures = {"managed_api", "cloud_private_endpoint", "cloud_dedicated_gpu",
                     "sovereign_cloud", "hybrid", "onprem_gpu", "air_gapped_onprem",
                     "edge_inference"}
    assert architectures <= set(PACK.architectures)
    options = {
        "data_sensitivity": {"public", "internal", "confidential", "regulated", "classified"},
        "network_isolation": {"internet_ok", "private_only", "air_gapped"},
        "data_residency": {"none", "in_region", "on_premises"},
        "compliance": {"gdpr", "hipaa", "pci_dss", "soc2", "eu_ai_act", "fedramp", "itar"},
        "traffic_pattern": {"steady", "business_hours", "spiky"},
        "workload_mix": {"uniform", "mixed_sensitivity"},
        "deployment_site": {"central", "edge"},
        "model_quality": {"frontier", "strong_open", "small_ok"},
        "fine_tuning": {"none", "rag_only", "adapters", "full"},
        "latency": {"batch", "interactive", "realtime"},
        "team_expertise": {"none", "some", "strong"},
        "budget_model": {"opex", "capex", "either"},
        "time_to_production": {"weeks", "months", "quarters"},
        "existing_infra": {"none", "datacenter", "gpu_cluster"},
        "lock_in_tolerance": {"low", "medium", "high"},
        "availability": {"standard", "high", "critical"},
    }
    for qid, ids in options.items():
        assert ids <= {o.id for o in PACK.questions[qid].options}, qid
    assert PACK.questions["monthly_tokens"].kind == "integer"
    assert PACK.questions["compliance"].kind == "multiple"


def test_content_is_substantial() -> None:
    for q in PACK.questions.values():
        assert q.why.count(". ") + q.why.count(".\n") >= 1, f"{q.id}: why needs 2+ sentences"
        for o in q.options:
            assert len(o.help) > 20, f"{q.id}.{o.id}: help too short"
    assert len(PACK.glossary) >= 30
    assert len(PACK.models) >= 10 and len(PACK.gpus) >= 8
    for a in PACK.architectures.values():
        assert a.stack and a.prerequisites and a.fits_when and a.risky_when, a.id


def answer_sets(pack: KnowledgePack, fixed: dict) -> st.SearchStrategy[dict]:
    free = {qid: st.sampled_from(candidates(pack, q)) for qid, q in pack.questions.items()
            if qid not in fixed}
    return st.fixed_dictionaries({k: st.just(v) for k, v in fixed.items()}, optional=free)


INVARIANTS = settings(max_examples=80, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])


@INVARIANTS
@given(answer_sets(PACK, {"network_isolation": "air_gapped"}))
def test_air_gapped_never_recommends_an_internet_dependent_architecture(answers: dict) -> None:
    rec = core(PACK, answers).recommendation
    assert rec is None or not PACK.architectures[rec].internet_dependent


@INVARIANTS
@given(answer_sets(PACK, {"data_sensitivity": "classified"}))
def test_classified_never_leaves_the_premises(answers: dict) -> None:
    rec = core(PACK, answers).recommendation
    assert rec is None or not PACK.architectures[rec].data_leaves_premises
