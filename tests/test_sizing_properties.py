"""Property tests: monotonicity of memory, capacity and cost."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.decisions.sizing.memory import GIB, TB
from archdecide.decisions.sizing.replica import compute_sizing
from archdecide.decisions.sizing.tco import compute_tco
from archdecide.knowledge.pack import KnowledgePack
from tests.test_sizing_memory import build_catalog_pack

MODELS = st.sampled_from(["llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "phi-3-mini",
                          "qwen2.5-7b", "deepseek-v3", "gemma-2-27b", "gpt-oss-120b",
                          "gemma-3-27b", "qwen3-30b-a3b", "llama-4-scout"])
PRECISIONS = st.sampled_from(["bf16", "fp8", "int4", "mxfp4", "nvfp4", "q4_k_m", "q8_0"])
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


FORMAT_MIN_BYTES = {"bf16": 2.0, "fp8": 1.0, "mxfp4": 4.25 / 8, "q4_k_m": 4.8944 / 8}
"""The narrowest width any weight has in each format (bytes per parameter)."""


@pytest.mark.parametrize("engine", ["vllm", "llamacpp", "trtllm", "sglang"])
def test_no_figure_exceeds_the_physical_bound(pack: KnowledgePack, engine: str) -> None:
    """Over the whole catalog, against bounds computed here from the catalog alone: a stream
    reads at least the active parameters (less the embeddings) at the format's narrowest
    width, through the bandwidth of the GPUs that work at once (one 8-GPU stage of a
    pipeline); a token costs at least 2 FLOPs per active parameter at the GPU's best rate."""
    checked = 0
    for mid, model in pack.models.items():
        active = ((model.active_params_b or model.params_b)
                  - (model.embedding_params_b or 0.0)) * 1e9
        for gpu in pack.gpus.values():
            for precision, width in FORMAT_MIN_BYTES.items():
                inputs = {"model": mid, "precision": precision, "gpu": gpu.id,
                          "context_tokens": 4096, "concurrency": 16, "engine": engine}
                try:
                    r = compute_sizing(pack, inputs, {})
                except ValueError:
                    continue
                checked += 1
                layout = r.layout
                stage = layout.degree if layout.kind == "pipeline" else layout.gpus
                bandwidth = gpu.bandwidth_tbps * TB
                assert r.decode_tokens_per_s <= stage * bandwidth / (active * width), (
                    mid, gpu.id, precision)
                assert r.aggregate_tokens_per_s <= 16 * layout.gpus * bandwidth / (
                    active * width), (mid, gpu.id, precision)
                best = max(x for x in (gpu.fp16_tflops, gpu.fp8_tflops, gpu.fp4_tflops, 0.0)
                           if x is not None) * 1e12
                if best:
                    assert r.aggregate_tokens_per_s * 2 * active <= layout.gpus * best
                    assert r.ttft_s >= 4096 * 2 * active / (stage * best)
    assert checked > 300


@SETTINGS
@given(model=MODELS, precision=PRECISIONS)
def test_fitting_replica_has_room_on_each_gpu(pack: KnowledgePack, model: str,
                                              precision: str) -> None:
    result = compute_sizing(pack, {"model": model, "precision": precision,
                                   "gpu": "h100-80gb"}, {})
    assert result.per_gpu_bytes <= result.usable_bytes_per_gpu + 1
    assert result.total_bytes / GIB > 0


PRICE_KEYS = st.sampled_from([
    ("cloud_gpu", "rent-h100-runpod-secure"), ("sovereign", "rent-h100-runpod-secure"),
    ("onprem", "buy-h100-80gb"), ("onprem", "electricity_usd_per_kwh"),
    ("air_gapped", "staff_usd_per_fte_year"), ("sovereign", "sovereign_premium"),
    ("api", "host-llama-3.3-70b-groq.input"), ("api", "host-llama-3.3-70b-groq.output"),
    ("hybrid", "buy-h100-80gb"), ("edge", "buy-dgx-spark-128gb"),
])


@SETTINGS
@given(key=PRICE_KEYS, factor=st.floats(1.0, 10.0), tokens=st.integers(0, 10**10))
def test_price_increase_never_makes_an_option_cheaper(pack: KnowledgePack,
                                                      key: tuple[str, str], factor: float,
                                                      tokens: int) -> None:
    family, price = key
    inputs = {"model": "llama-3.3-70b", "precision": "int4", "gpu": "h100-80gb",
              "monthly_tokens": tokens}
    base = compute_tco(pack, inputs, {})
    used = {a.id: a.value for a in base.assumptions}
    if price not in used:
        return
    dearer = compute_tco(pack, inputs, {price: used[price] * factor})
    before, after = base.families[family].monthly_usd, dearer.families[family].monthly_usd
    assert before is not None and after is not None
    assert after >= before - 1e-6
