"""Exact arithmetic of the sizing model: KV per token (GQA, MHA, MLA), weights, placement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archdecide.decisions.sizing.assumptions import Assumptions, SizingError
from archdecide.decisions.sizing.memory import (
    GIB,
    compute_sizing,
    kv_bytes_per_token,
    placement,
    weight_bytes,
)
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
    # int4: non-embedding at 4.25 bits (group-128 scales) + 1.05B embedding/lm_head at 16-bit
    assert weight_bytes(model, "int4") == pytest.approx(6.98e9 * 4.25 / 8 + 1.05e9 * 2)
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
    per_gpu = (big.weights_bytes + big.kv_cache_bytes + big.activation_bytes) / 4
    assert per_gpu + big.runtime_overhead_bytes_per_gpu <= big.usable_bytes_per_gpu
    half = (big.weights_bytes + big.kv_cache_bytes + big.activation_bytes) / 2
    assert half + big.runtime_overhead_bytes_per_gpu > big.usable_bytes_per_gpu


def test_too_big_for_one_node_gives_node_count(pack: KnowledgePack) -> None:
    result = compute_sizing(pack, {"model": "llama-3.1-405b", "precision": "bf16",
                                   "gpu": "l40s-48gb"}, {})
    assert not result.fits_in_node
    assert result.nodes_per_replica >= 2
    assert result.gpus_per_replica == 8 * result.nodes_per_replica
    assert any("does not fit in one node" in note for note in result.notes)


def test_placement_rejects_impossible() -> None:
    with pytest.raises(SizingError, match="more than"):
        placement(1e18, GIB, 80e9 * 0.9)


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
