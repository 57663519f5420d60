"""Property tests: monotonicity of memory, capacity and cost."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.decisions.sizing.memory import GIB, compute_sizing, decode_speed
from archdecide.decisions.sizing.tco import compute_tco
from archdecide.knowledge.pack import KnowledgePack
from tests.test_sizing_memory import build_catalog_pack

MODELS = st.sampled_from(["llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "phi-3-mini",
                          "qwen2.5-7b", "deepseek-v3", "gemma-2-27b"])
PRECISIONS = st.sampled_from(["bf16", "fp8", "int4", "q4_k_m", "q8_0"])
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> KnowledgePack:
    return build_catalog_pack(tmp_path_factory.mktemp("prop_pack"))


@SETTINGS
@given(model=MODELS, precision=PRECISIONS, context=st.integers(1, 200_000),
       extra=st.integers(1, 100_000), concurrency=st.integers(1, 64))
def test_memory_grows_with_context(pack: KnowledgePack, model: str, precision: str,
                                   context: int, extra: int, concurrency: int) -> None:
    base = {"model": model, "precision": precision, "concurrency": concurrency,
            "gpu": "mi300x-192gb"}
    short = compute_sizing(pack, {**base, "context_tokens": context}, {})
    long = compute_sizing(pack, {**base, "context_tokens": context + extra}, {})
    assert long.total_bytes > short.total_bytes
    assert long.gpus_per_replica >= short.gpus_per_replica


@SETTINGS
@given(model=MODELS, precision=PRECISIONS, concurrency=st.integers(1, 500),
       extra=st.integers(1, 500))
def test_memory_grows_with_concurrency(pack: KnowledgePack, model: str, precision: str,
                                       concurrency: int, extra: int) -> None:
    base = {"model": model, "precision": precision, "context_tokens": 4096,
            "gpu": "h200-141gb"}
    few = compute_sizing(pack, {**base, "concurrency": concurrency}, {})
    many = compute_sizing(pack, {**base, "concurrency": concurrency + extra}, {})
    assert many.kv_cache_bytes > few.kv_cache_bytes
    assert many.total_bytes > few.total_bytes


@SETTINGS
@given(gpu=st.sampled_from(["h100-80gb", "l4-24gb", "a100-40gb", "mi300x-192gb"]),
       bytes_per_token=st.floats(1e8, 1e12), tp_eff=st.floats(0.5, 1.0))
def test_more_gpus_never_lower_capacity_or_speed(pack: KnowledgePack, gpu: str,
                                                 bytes_per_token: float, tp_eff: float) -> None:
    card = pack.gpus[gpu]
    memory = [n * card.memory_gb for n in (1, 2, 4, 8)]
    speed = [decode_speed(bytes_per_token, card, n, 0.7, tp_eff) for n in (1, 2, 4, 8, 16)]
    assert memory == sorted(memory)
    assert all(b >= a * (1 - 1e-12) for a, b in itertools.pairwise(speed))


@SETTINGS
@given(model=MODELS, precision=PRECISIONS)
def test_fitting_replica_has_room_on_each_gpu(pack: KnowledgePack, model: str,
                                              precision: str) -> None:
    result = compute_sizing(pack, {"model": model, "precision": precision,
                                   "gpu": "h100-80gb"}, {})
    per_gpu = ((result.weights_bytes + result.kv_cache_bytes + result.activation_bytes)
               / result.gpus_per_replica + result.runtime_overhead_bytes_per_gpu)
    assert per_gpu <= result.usable_bytes_per_gpu + 1
    assert result.total_bytes / GIB > 0


PRICE_KEYS = st.sampled_from([
    ("cloud_gpu", "rent-h100-runpod-secure"), ("sovereign", "rent-h100-runpod-secure"),
    ("onprem", "buy-h100-80gb"), ("onprem", "electricity_usd_per_kwh"),
    ("air_gapped", "staff_usd_per_fte_year"), ("api", "api-gpt-4o.input"),
    ("api", "api-gpt-4o.output"), ("hybrid", "buy-h100-80gb"),
])


@SETTINGS
@given(key=PRICE_KEYS, factor=st.floats(1.0, 10.0), tokens=st.integers(0, 10**10))
def test_price_increase_never_makes_an_option_cheaper(pack: KnowledgePack,
                                                      key: tuple[str, str], factor: float,
                                                      tokens: int) -> None:
    family, price = key
    inputs = {"model": "llama-3.1-70b", "precision": "int4", "gpu": "h100-80gb",
              "monthly_tokens": tokens}
    base = compute_tco(pack, inputs, {})
    used = {a.id: a.value for a in base.assumptions}
    if price not in used:
        return
    dearer = compute_tco(pack, inputs, {price: used[price] * factor})
    before, after = base.families[family].monthly_usd, dearer.families[family].monthly_usd
    assert before is not None and after is not None
    assert after >= before - 1e-6
