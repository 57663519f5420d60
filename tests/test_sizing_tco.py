"""TCO per family, break-even, ratings, overrides and determinism."""

from __future__ import annotations

import json

import pytest

from archdecide.decisions.sizing.assumptions import SizingError
from archdecide.decisions.sizing.tco import FAMILIES, break_even, compute_tco, tco_ratings
from archdecide.knowledge.pack import KnowledgePack
from tests.test_sizing_memory import build_catalog_pack

BIG = {"model": "llama-3.1-70b", "precision": "int4", "gpu": "h100-80gb",
       "monthly_tokens": 5_000_000_000}


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> KnowledgePack:
    return build_catalog_pack(tmp_path_factory.mktemp("tco_pack"))


def test_every_family_is_priced(pack: KnowledgePack) -> None:
    report = compute_tco(pack, BIG, {})
    assert set(report.families) == set(FAMILIES)
    for family in ("api", "private_endpoint", "cloud_gpu", "sovereign", "onprem", "air_gapped",
                   "hybrid"):
        cost = report.families[family]
        assert cost.feasible and cost.monthly_usd is not None and cost.monthly_usd > 0
        assert cost.usd_per_mtok == pytest.approx(cost.monthly_usd / 5000)
        assert len(cost.cumulative_usd) == report.horizon_months == 36
        assert list(cost.cumulative_usd) == sorted(cost.cumulative_usd)
    edge = report.families["edge"]
    assert not edge.feasible and "edge device has one GPU" in edge.reason


def test_api_cost_is_tokens_times_blended_price(pack: KnowledgePack) -> None:
    report = compute_tco(pack, BIG, {})
    price = pack.api_prices[report.api_price]
    blended = 0.75 * price.input_usd_per_mtok + 0.25 * price.output_usd_per_mtok
    assert report.families["api"].monthly_usd == pytest.approx(5000 * blended)
    premium = report.families["private_endpoint"].monthly_usd
    assert premium == pytest.approx(5000 * blended * 1.10)


def test_sovereign_is_cloud_plus_premium_and_air_gapped_costs_more(pack: KnowledgePack) -> None:
    f = compute_tco(pack, BIG, {}).families
    assert f["sovereign"].monthly_usd > f["cloud_gpu"].monthly_usd
    assert f["air_gapped"].monthly_usd > f["onprem"].monthly_usd
    assert f["air_gapped"].capex_usd == pytest.approx(f["onprem"].capex_usd * 1.25)


def test_onprem_monthly_is_amortisation_plus_running(pack: KnowledgePack) -> None:
    cost = compute_tco(pack, BIG, {}).families["onprem"]
    assert cost.monthly_usd == pytest.approx(cost.capex_usd / 48 + cost.running_monthly_usd)
    assert cost.cumulative_usd[0] == pytest.approx(cost.capex_usd + cost.running_monthly_usd)


def test_busy_onprem_breaks_even_against_renting(pack: KnowledgePack) -> None:
    cost = compute_tco(pack, BIG, {}).families["onprem"]
    assert cost.break_even_vs_cloud is not None
    month = cost.break_even_vs_cloud.month
    assert month is not None and 1 <= month <= 48
    cloud = compute_tco(pack, BIG, {}).families["cloud_gpu"]
    assert cost.cumulative_usd[month - 1] <= cloud.cumulative_usd[month - 1]
    if month > 1:
        assert cost.cumulative_usd[month - 2] > cloud.cumulative_usd[month - 2]


def test_cheap_cloud_low_utilisation_never_breaks_even(pack: KnowledgePack) -> None:
    report = compute_tco(pack, {"model": "llama-3.1-8b", "precision": "bf16",
                                "gpu": "l4-24gb", "monthly_tokens": 2_000_000,
                                "hours_per_day": 4}, {})
    onprem = report.families["onprem"]
    assert onprem.break_even_vs_cloud is not None
    assert onprem.break_even_vs_cloud.month is None
    assert "never pays back" in onprem.break_even_vs_cloud.reason
    assert onprem.break_even_vs_api is not None and onprem.break_even_vs_api.month is None
    assert onprem.to_dict()["break_even_vs_cloud"]["month"] == "never"


def test_break_even_beyond_hardware_life_is_never() -> None:
    result = break_even(1_000_000, 100, 200, "the API", 48)
    assert result.month is None and "longer than" in result.reason
    assert break_even(1000, 100, 200, "the API", 48).month == 10


def test_hybrid_splits_by_sensitive_share(pack: KnowledgePack) -> None:
    none = compute_tco(pack, {**BIG, "sensitive_share": 0.0}, {}).families
    assert none["hybrid"].monthly_usd == pytest.approx(none["api"].monthly_usd)
    assert none["hybrid"].capex_usd == 0
    half = compute_tco(pack, {**BIG, "sensitive_share": 0.5}, {}).families["hybrid"]
    assert half.capex_usd > 0 and half.breakdown["api_tokens"] == pytest.approx(
        none["api"].monthly_usd / 2)


def test_edge_for_a_small_model(pack: KnowledgePack) -> None:
    edge = compute_tco(pack, {"model": "llama-3.1-8b", "precision": "q4_k_m",
                              "monthly_tokens": 20_000_000}, {}).families["edge"]
    assert edge.feasible and edge.gpus >= 1 and edge.capex_usd == 3500 * edge.gpus


def test_overrides_change_the_numbers_and_are_listed(pack: KnowledgePack) -> None:
    base = compute_tco(pack, BIG, {})
    cheap = compute_tco(pack, BIG, {"rent-h100-runpod-secure": 1.0, "pue": 1.2})
    assert cheap.families["cloud_gpu"].monthly_usd < base.families["cloud_gpu"].monthly_usd
    listed = {a["id"]: a for a in cheap.to_dict()["sizing"]["assumptions"]}
    assert listed["pue"] == {"id": "pue", "value": 1.2, "unit": "ratio", "source": "override",
                             "date": ""}
    assert listed["electricity_usd_per_kwh"]["source"] == "cat-eia-electricity"
    with pytest.raises(SizingError):
        compute_tco(pack, BIG, {"pue": 0.5})


def test_deterministic_json(pack: KnowledgePack) -> None:
    one = json.dumps(compute_tco(pack, BIG, {}).to_dict(), sort_keys=True)
    two = json.dumps(compute_tco(pack, dict(BIG), {}).to_dict(), sort_keys=True)
    assert one == two
    assert set(json.loads(one)) == {"sizing", "tco"}


def test_ratings_cheapest_is_five_and_scale_by_cost(pack: KnowledgePack) -> None:
    report = compute_tco(pack, BIG, {})
    archs = {"managed_api": "api", "rented": "cloud_gpu", "own": "onprem", "edge_box": "edge"}
    ratings = tco_ratings(report, archs)
    costs = {f: c.monthly_usd for f, c in report.families.items() if c.feasible}
    cheapest = min(costs, key=lambda f: costs[f])
    low = costs[cheapest]
    for arch, family in archs.items():
        if family == "edge":
            assert ratings[arch] == 0.0
        else:
            assert ratings[arch] == pytest.approx(5 * (low + 1) / (costs[family] + 1), abs=0.01)
    assert max(ratings.values()) <= 5
    if cheapest in archs.values():
        assert max(ratings.values()) == 5


def test_inputs_out_of_range_are_rejected(pack: KnowledgePack) -> None:
    with pytest.raises(SizingError, match="concurrency"):
        compute_tco(pack, {"concurrency": 0}, {})
    with pytest.raises(SizingError, match="unknown sizing input"):
        compute_tco(pack, {"concurency": 3}, {})
