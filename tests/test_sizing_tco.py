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
    huge = compute_tco(pack, {**BIG, "model": "llama-3.1-405b"}, {}).families["edge"]
    assert not huge.feasible and "fits no single edge device" in huge.reason


def test_api_cost_is_tokens_times_blended_price(pack: KnowledgePack) -> None:
    report = compute_tco(pack, BIG, {})
    assert report.api_price == report.api_ids[0]
    prices = [pack.api_prices[i] for i in report.api_ids]
    blended = sum(0.75 * p.input_usd_per_mtok + 0.25 * p.output_usd_per_mtok
                  for p in prices) / len(prices)
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
    cloud = compute_tco(pack, {**BIG, "availability": "standard"}, {}).families["cloud_gpu"]
    horizon = len(cost.cumulative_usd)
    if month <= horizon:
        assert cost.cumulative_usd[month - 1] <= cloud.cumulative_usd[month - 1]
    if 1 < month <= horizon + 1:
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
    assert edge.feasible and edge.gpus >= 1
    unit = edge.capex_usd / edge.gpus
    devices = {g.id: g for g in pack.gpus.values() if not g.datacenter}
    prices = {p.gpu: p.usd for p in pack.gpu_prices.values() if not p.retired}
    host = pack.constants["edge_device_usd"].value
    options = {gid: prices[gid] if g.device else prices.get(gid, 0) + host
               for gid, g in devices.items() if gid in prices}
    assert unit in options.values()


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
    ratings = tco_ratings(report.families, archs)
    costs = {f: c.monthly_usd for f, c in report.families.items()
             if c.feasible and f in archs.values()}
    cheapest = min(costs, key=lambda f: costs[f])
    low = costs[cheapest]
    for arch, family in archs.items():
        if family not in costs:
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


def test_prices_as_of_is_the_oldest_catalogued_price_used(pack: KnowledgePack) -> None:
    from archdecide.decisions.sizing.freshness import earliest_day

    report = compute_tco(pack, BIG, {})
    prices = {**{p.id: p.date for p in pack.gpu_prices.values()},
              **{p.id: p.date for p in pack.cloud_gpu_prices.values()}}
    for api in pack.api_prices.values():
        prices[f"{api.id}.input"] = prices[f"{api.id}.output"] = api.date
    used = [prices[a.id] for a in report.assumptions if a.id in prices]
    oldest = min(used, key=earliest_day)
    assert report.to_dict()["tco"]["prices_as_of"] == oldest
    # an overridden price no longer dates the report
    first = next(a for a in report.assumptions if a.id in prices and a.date == oldest)
    later = compute_tco(pack, BIG, {first.id: first.value})
    assert later.prices_as_of() is None or earliest_day(later.prices_as_of() or "") >= \
        earliest_day(oldest)


def test_like_for_like_api_is_the_same_models_hosted_median(pack: KnowledgePack) -> None:
    report = compute_tco(pack, {**BIG, "model": "gpt-oss-120b", "precision": "mxfp4"}, {})
    ids = report.api_ids
    assert all(pack.api_prices[i].hosts == "gpt-oss-120b" for i in ids)
    assert report.api_basis.startswith("like for like")
    frontier = compute_tco(pack, {**BIG, "model": "gpt-oss-120b", "precision": "mxfp4",
                                  "comparator": "closed_frontier"}, {})
    assert all(pack.api_prices[i].tier == "frontier" for i in frontier.api_ids)
    assert frontier.families["api"].monthly_usd > report.families["api"].monthly_usd  # type: ignore[operator]


def test_fine_tuned_models_are_hosted_on_dedicated_capacity(pack: KnowledgePack) -> None:
    base = {"model": "llama-3.1-8b", "precision": "bf16", "monthly_tokens": 10**8}
    tokens = compute_tco(pack, base, {})
    tuned = compute_tco(pack, {**base, "fine_tuned": True}, {})
    rented = tuned.families["cloud_gpu"].breakdown["gpu_hours"]
    assert tuned.families["private_endpoint"].monthly_usd == pytest.approx(rented * 1.10)
    assert tuned.families["api"].monthly_usd > tokens.families["api"].monthly_usd  # type: ignore[operator]


def test_sovereignty_prices_only_eu_owned_apis(pack: KnowledgePack) -> None:
    report = compute_tco(pack, {**BIG, "requires": ("eu_sovereign",)}, {})
    for api_id in report.api_ids:
        assert "eu_sovereign" in pack.api_prices[api_id].eligible
    assert not report.families["cloud_gpu"].feasible
    sovereign = report.families["sovereign"]
    assert sovereign.feasible and "premium" in sovereign.description
