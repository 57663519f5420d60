"""Exact arithmetic of the sizing model: KV per token (GQA, MHA, MLA), weights, placement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archdecide.decisions.sizing.assumptions import Assumptions, SizingError
from archdecide.decisions.sizing.memory import (
    GIB,
    Need,
    choose_layout,
    kv_bytes_per_sequence,
    kv_bytes_per_token,
    params,
    weight_bytes,
)
from archdecide.decisions.sizing.replica import compute_sizing, spare_replicas
from archdecide.knowledge.loader import bundled_pack_path, load_pack
from archdecide.knowledge.pack import KnowledgePack

CATALOG_FILES = ("models.toml", "gpus.toml", "prices.toml", "constants.toml")
MINIMAL = """
[pack]
id = "sizing_test"
name = "Sizing test"
version = "0.1.0"
description = "The bundled catalogs with a one-question flow."
start = "volume"

[[criteria]]
id = "tco"
name = "TCO"
description = "Cost."
default_weight = 5
computed = "tco"

[[questions]]
id = "volume"
kind = "integer"
prompt = "Tokens per month?"
why = "Volume drives cost."
default = 1000000
sizing_input = "monthly_tokens"
next = [{ to = "end" }]
"""


def build_catalog_pack(folder: Path) -> KnowledgePack:
    """Only the sizing catalogs of the bundled pack plus a minimal pack.toml, so these tests do
    not depend on the questions and architectures edited elsewhere."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in CATALOG_FILES:
        shutil.copy(bundled_pack_path() / name, folder / name)
    (folder / "pack.toml").write_text(MINIMAL, encoding="utf-8")
    return load_pack(folder)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> KnowledgePack:
    return build_catalog_pack(tmp_path_factory.mktemp("sizing_pack"))


def test_kv_per_token_gqa_llama_8b_is_128_kib(pack: KnowledgePack) -> None:
    # 2 (K and V) x 32 layers x 8 KV heads x 128 head_dim x 2 bytes
    assert kv_bytes_per_token(pack.models["llama-3.1-8b"], "fp16") == 131072
    assert kv_bytes_per_token(pack.models["llama-3.1-8b"], "fp8") == 65536


def test_kv_per_token_gqa_uses_kv_heads_not_hidden(pack: KnowledgePack) -> None:
    model = pack.models["llama-3.1-70b"]
    assert kv_bytes_per_token(model, "bf16") == 2 * 80 * 8 * 128 * 2 == 327680
    assert kv_bytes_per_token(model, "bf16") < 2 * model.layers * model.hidden * 2 / 4


def test_kv_per_token_mha_phi_3_mini(pack: KnowledgePack) -> None:
    # MHA: 32 KV heads of 96 -> 2 x 32 x 32 x 96 x 2 = 393,216 bytes (= 2 x layers x hidden x 2)
    model = pack.models["phi-3-mini"]
    assert model.attention == "mha"
    assert kv_bytes_per_token(model, "fp16") == 393216 == 2 * 32 * 3072 * 2


def test_kv_per_token_mla_deepseek_v3(pack: KnowledgePack) -> None:
    # MLA: 61 layers x (kv_lora_rank 512 + rope 64) x 2 bytes
    assert kv_bytes_per_token(pack.models["deepseek-v3"], "bf16") == 61 * 576 * 2 == 70272


def test_weights_by_precision(pack: KnowledgePack) -> None:
    model = pack.models["llama-3.1-8b"]
    assert weight_bytes(model, "fp32") == pytest.approx(8.03e9 * 4)
    assert weight_bytes(model, "bf16") == pytest.approx(8.03e9 * 2)
    # int4: non-embedding at 4 bits + a 16-bit scale and 4-bit zero per group of 128, plus
    # 1.05B embedding/lm_head at 16-bit
    assert weight_bytes(model, "int4") == pytest.approx(6.98e9 * (4 + 20 / 128) / 8 + 1.05e9 * 2)
    assert weight_bytes(model, "nvfp4") == pytest.approx(6.98e9 * 4.5 / 8 + 1.05e9 * 2)
    assert weight_bytes(model, "fp8") == pytest.approx(6.98e9 + 1.05e9 * 2)
    assert weight_bytes(model, "q4_k_m") == pytest.approx(8.03e9 * 4.8944 / 8)
    order = ["fp32", "bf16", "q8_0", "int8", "q6_k", "q5_k_m", "int4", "q4_k_m"]
    sizes = [weight_bytes(model, p) for p in order]
    assert sizes[0] > sizes[1] > sizes[2] > sizes[4] > sizes[5] > sizes[7]


def test_kv_total_is_per_token_x_context_x_concurrency(pack: KnowledgePack) -> None:
    result = compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16",
                                   "context_tokens": 8192, "concurrency": 16}, {})
    assert result.kv_cache_bytes == 131072 * 8192 * 16 == 16 * GIB


def test_smallest_tp_degree_that_fits(pack: KnowledgePack) -> None:
    small = compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16",
                                  "gpu": "h100-80gb"}, {})
    assert small.gpus_per_replica == 1 and small.fits_in_node
    big = compute_sizing(pack, {"model": "llama-3.1-70b", "precision": "bf16",
                                "gpu": "h100-80gb"}, {})
    assert big.gpus_per_replica == 4
    assert big.per_gpu_bytes <= big.usable_bytes_per_gpu
    with pytest.raises(SizingError, match="forced layout"):
        compute_sizing(pack, {"model": "llama-3.1-70b", "precision": "bf16",
                              "gpu": "h100-80gb", "tp": 2}, {})


def test_moe_split_reproduces_total_and_active(pack: KnowledgePack) -> None:
    """Routed experts + the rest = total; the rest + k/E of the experts ~ the active count."""
    for mid in ("gpt-oss-120b", "qwen3-30b-a3b", "deepseek-v3.1", "mixtral-8x7b"):
        model = pack.models[mid]
        p = params(model)
        assert p.shared + p.expert + p.embedding == pytest.approx(model.params_b * 1e9)
        assert model.experts and model.experts_per_token and model.active_params_b
        active = p.shared + p.embedding + p.expert * model.experts_per_token / model.experts
        assert active == pytest.approx(model.active_params_b * 1e9, rel=0.15), mid


def test_mxfp4_keeps_attention_and_embeddings_bf16(pack: KnowledgePack) -> None:
    model = pack.models["gpt-oss-120b"]
    p = params(model)
    expected = p.expert * 4.25 / 8 + (p.shared + p.embedding) * 2
    assert weight_bytes(model, "mxfp4") == pytest.approx(expected)


def test_sliding_window_kv_grows_only_in_global_layers(pack: KnowledgePack) -> None:
    gemma = pack.models["gemma-3-27b"]  # 62 layers, 10 global, window 1024, 16 KV heads x 128
    per_layer = 2 * 16 * 128 * 2
    assert kv_bytes_per_token(gemma, "bf16") == 10 * per_layer
    assert kv_bytes_per_sequence(gemma, "bf16", 32768) == per_layer * (10 * 32768 + 52 * 1024)
    short = kv_bytes_per_sequence(gemma, "bf16", 512)
    assert short == per_layer * 62 * 512
    assert kv_bytes_per_sequence(gemma, "fp8", 32768) * 2 == kv_bytes_per_sequence(
        gemma, "bf16", 32768)


def test_kv_precisions(pack: KnowledgePack) -> None:
    model = pack.models["llama-3.1-8b"]
    assert kv_bytes_per_token(model, "int8") == 65536
    assert kv_bytes_per_token(model, "fp4") == round(131072 * 4.5 / 16)


def test_kv_capacity_is_what_is_left_after_weights(pack: KnowledgePack) -> None:
    r = compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16",
                              "context_tokens": 16000, "concurrency": 1}, {})
    left = r.usable_bytes_per_gpu - r.weights_bytes - r.activation_bytes - (
        r.runtime_overhead_bytes_per_gpu)
    assert r.kv_room_bytes == pytest.approx(left)
    assert r.kv_capacity_tokens == int(left / 131072)
    assert r.max_concurrent_sequences == pytest.approx(left / (131072 * 16000))


def test_spares_for_availability() -> None:
    assert spare_replicas(3, "standard", 2) == 0
    assert spare_replicas(3, "high", 2) == 1
    assert spare_replicas(3, "critical", 2) == 3      # each of 2 domains carries all 3
    assert spare_replicas(4, "critical", 3) == 2      # 3 domains x 2: losing one leaves 4
    assert spare_replicas(1, "critical", 2) == 1


def test_availability_adds_replicas_to_gpus_and_cost(pack: KnowledgePack) -> None:
    from archdecide.decisions.sizing.tco import compute_tco

    base = {"model": "llama-3.1-8b", "precision": "bf16", "monthly_tokens": 10**9}
    plain = compute_tco(pack, base, {})
    high = compute_tco(pack, {**base, "availability": "high"}, {})
    assert high.sizing.total_gpus == plain.sizing.total_gpus + plain.sizing.gpus_per_replica
    assert high.families["cloud_gpu"].monthly_usd > plain.families["cloud_gpu"].monthly_usd  # type: ignore[operator]


def test_hipaa_prices_only_providers_with_a_baa(pack: KnowledgePack) -> None:
    from archdecide.decisions.sizing.tco import compute_tco

    base = {"model": "llama-3.1-8b", "precision": "bf16", "monthly_tokens": 10**9}
    open_report = compute_tco(pack, base, {})
    hipaa = compute_tco(pack, {**base, "requires": ("hipaa_baa",)}, {})
    used = {a.id for a in hipaa.assumptions}
    for entry in pack.api_prices.values():
        if f"{entry.id}.input" in used:
            assert "hipaa_baa" in entry.eligible
    for entry in pack.cloud_gpu_prices.values():
        if entry.id in used:
            assert "hipaa_baa" in entry.eligible
    assert "hipaa_baa" in hipaa.api_basis
    assert hipaa.families["api"].monthly_usd >= open_report.families["api"].monthly_usd  # type: ignore[operator]
    none = compute_tco(pack, {**base, "gpu": "l40s-48gb", "requires": ("fedramp_high",)}, {})
    assert not none.families["cloud_gpu"].feasible
    assert "eligible for fedramp_high" in none.families["cloud_gpu"].reason


def test_ep_needs_moe_and_shards_experts(pack: KnowledgePack) -> None:
    with pytest.raises(SizingError, match="mixture-of-experts"):
        compute_sizing(pack, {"model": "llama-3.1-70b", "precision": "fp8", "ep": 2}, {})
    ep = compute_sizing(pack, {"model": "qwen3-235b-a22b", "precision": "fp8", "ep": 8,
                               "context_tokens": 4096}, {})
    tp = compute_sizing(pack, {"model": "qwen3-235b-a22b", "precision": "fp8", "tp": 8,
                               "context_tokens": 4096}, {})
    assert ep.layout.kind == "ep" and tp.layout.kind == "tp"
    assert ep.per_gpu_bytes > tp.per_gpu_bytes  # the shared weights are replicated


def test_too_big_for_one_node_gives_node_count(pack: KnowledgePack) -> None:
    result = compute_sizing(pack, {"model": "llama-3.1-405b", "precision": "bf16",
                                   "gpu": "l40s-48gb"}, {})
    assert not result.fits_in_node
    assert result.nodes_per_replica >= 2
    assert result.gpus_per_replica == 8 * result.nodes_per_replica
    assert any("does not fit in one node" in note for note in result.notes)


def test_layout_rejects_impossible() -> None:
    with pytest.raises(SizingError, match="more than"):
        choose_layout(Need(1e18, 0.0, 0.0, GIB, GIB), 80e9 * 0.9)


def test_memory_utilisation_cap_is_a_constant(pack: KnowledgePack) -> None:
    base = compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16"}, {})
    lower = compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16"},
                           {"gpu_memory_utilization": 0.5})
    assert lower.usable_bytes_per_gpu == pytest.approx(base.usable_bytes_per_gpu * 0.5 / 0.9)
    used = {a.id: a for a in lower.assumptions}
    assert used["gpu_memory_utilization"].overridden


def test_unknown_ids_suggest_close_matches(pack: KnowledgePack) -> None:
    with pytest.raises(SizingError, match=r"did you mean llama-3\.1-8b"):
        compute_sizing(pack, {"model": "llama-3-8b", "precision": "bf16"}, {})
    with pytest.raises(SizingError, match="did you mean h100-80gb"):
        compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16",
                              "gpu": "h100-80"}, {})
    with pytest.raises(SizingError, match="did you mean mbu"):
        Assumptions(pack, {"mbuu": 0.5})
    with pytest.raises(SizingError, match=r"between 0\.01 and 1"):
        Assumptions(pack, {"mbu": 3})


def test_two_gpus_can_be_slower_than_one_for_a_moe_at_batch_1(pack: KnowledgePack) -> None:
    """The per-expert cost stays when TP slices the experts, and every layer adds its
    all-reduces: a MoE gains nothing from a second GPU at batch 1 (vLLM users measured 90
    against 77 tok/s for gpt-oss-120b on A100), while a dense 8B still speeds up."""
    def speed(model: str, precision: str, tp: int) -> float:
        return compute_sizing(pack, {"model": model, "precision": precision, "gpu": "a100-80gb",
                                     "context_tokens": 2048, "concurrency": 1, "tp": tp},
                              {}).decode_tokens_per_s

    assert speed("gpt-oss-120b", "mxfp4", 2) < speed("gpt-oss-120b", "mxfp4", 1)
    assert speed("llama-3.1-8b", "bf16", 2) > speed("llama-3.1-8b", "bf16", 1)


def test_pipeline_stages_give_one_stream_one_stage(pack: KnowledgePack) -> None:
    r = compute_sizing(pack, {"model": "llama-3.1-405b", "precision": "bf16",
                              "concurrency": 1, "context_tokens": 4096}, {})
    assert r.layout.kind == "pipeline" and r.gpus_per_replica == 16
    one_stage = 8 * pack.gpus["h100-80gb"].bandwidth_tbps * 1e12 / r.weights_bytes
    assert r.physical_tokens_per_s <= one_stage * 1.01


def test_mla_kv_is_held_whole_by_every_tensor_parallel_gpu(pack: KnowledgePack) -> None:
    r = compute_sizing(pack, {"model": "deepseek-v3.1", "precision": "fp8",
                              "gpu": "h200-141gb", "context_tokens": 131072,
                              "concurrency": 1}, {})
    assert r.layout.degree == 8
    per_gpu_room = r.usable_bytes_per_gpu - r.weights_bytes / 8 - (
        r.activation_bytes / 8) - r.runtime_overhead_bytes_per_gpu
    assert r.kv_room_bytes == pytest.approx(per_gpu_room)  # one copy's worth, not eight
