"""The sizing model against published measurements of real deployments.

Tolerances: memory within 10%, single-stream decode within 25%. Every case names its source
(URL, date). Llama 3 / 3.3 share the architecture of the catalog's Llama 3.1 entries.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from archdecide.decisions.sizing.memory import GIB, compute_sizing, weight_bytes
from archdecide.knowledge.pack import KnowledgePack
from tests.test_sizing_memory import build_catalog_pack

LLMD = ("https://github.com/llm-d/llm-d-benchmark/blob/main/config_explorer/"
        "empirical-vllm-memory-results.md (vLLM logs on H100, read 2026-11-28)")
XDAI = ("https://github.com/XiongjieDai/GPU-Benchmarks-on-LLM-Inference README.md "
        "(llama.cpp on RunPod, May 2024 snapshot; read 2026-11-28)")
NIM = ("https://docs.nvidia.com/nim/large-language-models/ NIM deployment guide log "
       "'Loading model weights took 14.9595 GB' (vLLM prints GiB), 2024-07-23")
MUSGRAVE = ("https://johnmusgrave.com/p/vllm-throughput-latency-sweep-on "
            "(vLLM, A100 40GB, one request, 1024 in / 128 out; read 2026-11-28)")


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> KnowledgePack:
    return build_catalog_pack(tmp_path_factory.mktemp("accuracy_pack"))


@dataclass(frozen=True)
class Weights:
    label: str
    model: str
    precision: str
    measured_gib: float
    source: str


WEIGHTS = [
    Weights("vLLM Llama-3.1-8B-Instruct BF16 weights", "llama-3.1-8b", "bf16", 14.99, LLMD),
    Weights("NVIDIA NIM (vLLM) Llama 3 8B Instruct BF16 weights", "llama-3.1-8b", "bf16",
            14.9595, NIM),
    Weights("vLLM Llama-3.3-70B-Instruct-FP8-dynamic weights, TP=1", "llama-3.1-70b", "fp8",
            67.72, LLMD),
    Weights("GGUF Llama 3 8B Q4_K_M", "llama-3.1-8b", "q4_k_m", 4.58, XDAI),
    Weights("GGUF Llama 3 70B Q4_K_M", "llama-3.1-70b", "q4_k_m", 39.60, XDAI),
    Weights("GGUF Llama 3 70B Q5_K_M", "llama-3.1-70b", "q5_k_m", 46.52, XDAI),
    Weights("GGUF Llama 3 70B Q6_K", "llama-3.1-70b", "q6_k", 53.91, XDAI),
    Weights("GGUF Llama 3 70B Q8_0", "llama-3.1-70b", "q8_0", 69.83, XDAI),
]


@pytest.mark.parametrize("case", WEIGHTS, ids=[w.label for w in WEIGHTS])
def test_weights_within_10_percent(pack: KnowledgePack, case: Weights) -> None:
    predicted = weight_bytes(pack.models[case.model], case.precision) / GIB
    assert predicted == pytest.approx(case.measured_gib, rel=0.10), case.source


def test_fp8_70b_needs_two_h100_at_16k_context_like_vllm(pack: KnowledgePack) -> None:
    """llm-d: Llama-3.3-70B FP8 with max-model-len 16000 failed on one H100 (no memory left
    for the KV cache) and ran with TP=2 at 33.88 GiB of weights per GPU. Source: LLMD."""
    result = compute_sizing(pack, {"model": "llama-3.1-70b", "precision": "fp8",
                                   "gpu": "h100-80gb", "context_tokens": 16000,
                                   "concurrency": 1}, {})
    assert result.gpus_per_replica == 2
    assert result.weights_bytes / 2 / GIB == pytest.approx(33.88, rel=0.10)


def test_8b_bf16_fits_one_h100_at_16k_context_like_vllm(pack: KnowledgePack) -> None:
    result = compute_sizing(pack, {"model": "llama-3.1-8b", "precision": "bf16",
                                   "gpu": "h100-80gb", "context_tokens": 16000,
                                   "concurrency": 1}, {})
    assert result.gpus_per_replica == 1


@dataclass(frozen=True)
class Decode:
    label: str
    model: str
    precision: str
    gpu: str
    context: int
    measured_tps: float
    source: str


DECODE = [
    Decode("vLLM Llama-3.1-8B BF16 on A100 40GB, one request", "llama-3.1-8b", "bf16",
           "a100-40gb", 1152, 75.0, MUSGRAVE),
    Decode("llama.cpp Llama 3 8B Q4_K_M on RTX 4090, tg512", "llama-3.1-8b", "q4_k_m",
           "rtx-4090-24gb", 512, 130.58, XDAI),
    Decode("llama.cpp Llama 3 8B F16 on RTX 4090, tg512", "llama-3.1-8b", "fp16",
           "rtx-4090-24gb", 512, 54.84, XDAI),
    Decode("llama.cpp Llama 3 8B Q4_K_M on RTX 4090, tg8192", "llama-3.1-8b", "q4_k_m",
           "rtx-4090-24gb", 8192, 110.66, XDAI),
]


@pytest.mark.parametrize("case", DECODE, ids=[d.label for d in DECODE])
def test_single_stream_decode_within_25_percent(pack: KnowledgePack, case: Decode) -> None:
    result = compute_sizing(pack, {"model": case.model, "precision": case.precision,
                                   "gpu": case.gpu, "context_tokens": case.context,
                                   "concurrency": 1}, {})
    assert result.gpus_per_replica == 1
    assert result.decode_tokens_per_s == pytest.approx(case.measured_tps, rel=0.25), case.source
