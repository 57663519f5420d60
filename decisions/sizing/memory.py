"""Memory of one replica: weights by format, KV cache by attention kind, activations, the GPUs
a replica needs (tensor- or expert-parallel) and how many sequences its KV cache holds.

Units: bytes internally; GiB (2^30 bytes) in outputs; GPU memory in the catalog is in GB (1e9),
or the GiB the driver reports (`visible_gib`). The formulas are in docs/sizing.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from archdecide.decisions.sizing.assumptions import SizingError
from archdecide.knowledge.schema import GPU, LLMModel

GIB = 2**30
GB = 1e9
TB = 1e12
NODE_GPUS = 8
MAX_NODES = 128
TP_DEGREES = (1, 2, 4, 8)

DENSE_BYTES: dict[str, float] = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0}
"""Every parameter stored at this width."""
QUANT_BITS: dict[str, float] = {"fp8": 8.0, "int8": 8.0, "int4": 4 + (16 + 4) / 128,
                                "nvfp4": 4 + 8 / 16}
"""Linear layers (attention, FFN, experts) at this many bits; embeddings and lm_head stay
16-bit. fp8/int8 carry per-channel or 128x128 block scales (under 0.1%). int4 is GPTQ/AWQ with
a 16-bit scale and a 4-bit zero point per group of 128 weights; NVFP4 stores an FP8 (E4M3)
scale per block of 16 values."""
MXFP4_BITS = 4 + 8 / 32
"""MXFP4 (OCP microscaling): an E8M0 scale per block of 32 FP4 (E2M1) values. As released for
gpt-oss, only the MoE expert weights are MXFP4; attention, router, embeddings and lm_head stay
BF16. A dense model in mxfp4 has its linear layers in MXFP4 and its embeddings in BF16."""
GGUF_BPW: dict[str, float] = {"q8_0": 8.5008, "q6_k": 6.5633, "q5_k_m": 5.7036,
                              "q4_k_m": 4.8944, "q4_0": 4.5}
"""Bits per weight over the whole model: measured by llama.cpp on Llama-3.1-8B
(tools/quantize/README.md); q4_0 is its block layout, 32 4-bit values and one FP16 scale."""
KV_BYTES: dict[str, float] = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0,
                              "fp4": (4 + 8 / 16) / 8}
"""Bytes per cached value; fp4 is NVFP4 (an FP8 scale per 16 values)."""
PRECISIONS: tuple[str, ...] = (tuple(DENSE_BYTES) + tuple(QUANT_BITS) + ("mxfp4",)
                               + tuple(GGUF_BPW))


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Params:
    """A model's parameters (counts) by what happens to them per token."""

    embedding: float
    """Embedding + lm_head (counted once when tied)."""
    lm_head: float
    """Output-layer parameters, read in full for every token."""
    expert: float
    """Routed-expert parameters (MoE); a token reads experts_per_token of them per layer."""
    shared: float
    """Everything else: attention, dense or shared FFN, norms, router."""


def params(model: LLMModel) -> Params:
    """Split the total. For MoE, routed experts = (total - active) x E / (E - k): the active
    count holds k of E experts' share, and the rest is read by every token."""
    total = model.params_b * 1e9
    embedding = min((model.embedding_params_b or 0.0) * 1e9, total)
    lm_head = embedding if model.tied_embeddings else embedding / 2
    expert = 0.0
    if model.experts is not None and model.experts_per_token is not None:
        active = (model.active_params_b or model.params_b) * 1e9
        e, k = model.experts, model.experts_per_token
        derived = (total - active) * e / (e - k)
        expert = min((model.expert_params_b * 1e9 if model.expert_params_b else derived),
                     total - embedding)
    return Params(embedding, lm_head, expert, total - embedding - expert)


def widths(precision: str) -> tuple[float, float, float]:
    """(shared, expert, embedding) bytes per parameter for a weight format."""
    if precision in DENSE_BYTES:
        w = DENSE_BYTES[precision]
        return w, w, w
    if precision in QUANT_BITS:
        w = QUANT_BITS[precision] / 8
        return w, w, 2.0
    if precision == "mxfp4":
        return 2.0, MXFP4_BITS / 8, 2.0
    if precision in GGUF_BPW:
        w = GGUF_BPW[precision] / 8
        return w, w, w
    raise SizingError(f"unknown precision {precision!r}; expected one of {', '.join(PRECISIONS)}")


def weight_bytes(model: LLMModel, precision: str) -> float:
    p = params(model)
    shared_w, expert_w, embed_w = widths(precision)
    if precision == "mxfp4" and p.expert == 0:
        shared_w = MXFP4_BITS / 8
    return p.shared * shared_w + p.expert * expert_w + p.embedding * embed_w


def expert_bytes(model: LLMModel, precision: str) -> float:
    return params(model).expert * widths(precision)[1]


def read_bytes(model: LLMModel, precision: str, experts_touched: float) -> float:
    """Weight bytes one decode step reads: shared weights and lm_head in full, and the given
    share of the routed experts (the input embedding is a row look-up)."""
    p = params(model)
    shared_w, expert_w, embed_w = widths(precision)
    if precision == "mxfp4" and p.expert == 0:
        shared_w = MXFP4_BITS / 8
    return p.shared * shared_w + p.lm_head * embed_w + p.expert * expert_w * experts_touched


# --------------------------------------------------------------------------- KV cache


def global_layers(model: LLMModel) -> int:
    """Layers whose KV cache grows with the whole context."""
    if model.attention == "sliding" and model.global_every:
        return model.layers // model.global_every
    return model.layers


def _kv_per_layer_token(model: LLMModel, kv_precision: str) -> float:
    width = KV_BYTES[kv_precision]
    if model.attention == "mla":
        assert model.kv_lora_rank is not None and model.rope_dim is not None
        return (model.kv_lora_rank + model.rope_dim) * width
    return 2 * model.kv_heads * model.head_dim * width


def kv_bytes_per_token(model: LLMModel, kv_precision: str) -> int:
    """KV bytes per token of the layers that grow with the context: all layers for full
    attention and MLA, the global layers for sliding-window models."""
    return round(global_layers(model) * _kv_per_layer_token(model, kv_precision))


def kv_bytes_per_sequence(model: LLMModel, kv_precision: str, context: float) -> float:
    """One sequence of `context` tokens: global layers hold every token, local (sliding or
    chunked) layers at most their window."""
    per = _kv_per_layer_token(model, kv_precision)
    local = model.layers - global_layers(model)
    window = min(context, model.sliding_window or context)
    return per * (global_layers(model) * context + local * window)


# --------------------------------------------------------------------------- activations


def activation_bytes_per_gpu(model: LLMModel, tokens: float, logit_bytes: float,
                             bytes_per_hidden: float, tp: int) -> float:
    """The engine's profiled activation peak on one GPU: the logits of a full batch of
    `tokens` (vocab x logit_bytes each; vLLM gathers them on one rank) plus the hidden
    activations, sharded by tensor parallelism. Calibrated on vLLM start-up logs (H100)."""
    return tokens * (model.vocab * logit_bytes + bytes_per_hidden * model.hidden / tp)


# --------------------------------------------------------------------------- layout

LayoutKind = Literal["tp", "ep", "pipeline"]


@dataclass(frozen=True)
class Layout:
    kind: LayoutKind
    gpus: int
    """GPUs per replica."""
    degree: int
    """Tensor- or expert-parallel degree inside one node (8 for pipeline stages)."""

    @property
    def nodes(self) -> int:
        return max(1, math.ceil(self.gpus / NODE_GPUS))

    @property
    def in_node(self) -> bool:
        return self.gpus <= NODE_GPUS

    def describe(self) -> str:
        if self.kind == "ep":
            return f"expert parallel over {self.gpus} GPUs (attention data-parallel)"
        if self.kind == "pipeline":
            return f"{self.nodes} pipeline stages of tensor parallel 8"
        return "one GPU" if self.gpus == 1 else f"tensor parallel over {self.gpus} GPUs"


@dataclass(frozen=True)
class Need:
    """Bytes a replica holds: weights (split so expert parallelism can shard the experts),
    the KV cache of its concurrent sequences, activations and runtime per GPU."""

    weights: float
    experts: float
    kv: float
    activation_per_gpu: float
    runtime_per_gpu: float
    kv_heads: int = 1_000_000
    """KV heads a tensor-parallel layout can split (1 for MLA's single latent)."""

    def kv_copies(self, layout: Layout) -> float:
        """How many times the KV cache is held: tensor parallelism beyond the KV heads (or
        any TP for MLA) replicates it on every GPU of the group, as vLLM does."""
        return kv_copies(layout, self.kv_heads)

    def per_gpu(self, layout: Layout) -> float:
        """Bytes on the fullest GPU of the layout."""
        n = layout.gpus
        if layout.kind == "ep":
            weights = self.weights - self.experts + self.experts / n
        else:
            weights = self.weights / n
        return (weights + self.kv * self.kv_copies(layout) / n + self.activation_per_gpu
                + self.runtime_per_gpu)

    def kv_room(self, layout: Layout, usable: float) -> float:
        """Bytes of distinct KV cache the replica can hold (what vLLM reports as available,
        counted once however many GPUs hold a copy)."""
        copies = self.kv_copies(layout)
        without_kv = self.per_gpu(layout) - self.kv * copies / layout.gpus
        return max(0.0, (usable - without_kv) * layout.gpus / copies)


def kv_heads_to_split(model: LLMModel) -> int:
    return 1 if model.attention == "mla" else model.kv_heads


def kv_copies(layout: Layout, kv_heads: int) -> float:
    if layout.kind == "ep":
        return 1.0
    return max(1.0, layout.degree / kv_heads)


def choose_layout(need: Need, usable: float, *, tp: int | None = None, ep: int | None = None,
                  moe: bool = False, experts: int | None = None) -> Layout:
    """The forced layout (checked to fit), else the smallest tensor-parallel degree 1/2/4/8
    that fits; beyond 8, whole 8-GPU nodes as pipeline stages. SizingError if nothing fits."""
    if need.runtime_per_gpu + need.activation_per_gpu >= usable:
        raise SizingError("the runtime overhead and activations alone exceed the usable memory "
                          "of one GPU; lower runtime_overhead_gib or activation_tokens, or raise "
                          "gpu_memory_utilization")
    if ep is not None:
        if not moe or experts is None:
            raise SizingError("expert parallelism (ep) needs a mixture-of-experts model")
        if ep < 2 or ep > experts or experts % ep:
            raise SizingError(f"ep {ep} must be at least 2 and divide the model's {experts} "
                              "experts")
        return _forced(need, usable, Layout("ep", ep, min(ep, NODE_GPUS)))
    if tp is not None:
        kind: LayoutKind = "tp" if tp <= NODE_GPUS else "pipeline"
        if tp not in TP_DEGREES and (tp <= NODE_GPUS or tp % NODE_GPUS):
            raise SizingError(f"tp {tp} is not a layout engines run: use 1, 2, 4, 8 inside a "
                              "node, or a multiple of 8 (pipeline stages of 8)")
        return _forced(need, usable, Layout(kind, tp, min(tp, NODE_GPUS)))
    for n in TP_DEGREES:
        layout = Layout("tp", n, n)
        if need.per_gpu(layout) <= usable:
            return layout
    per_node = (usable - need.runtime_per_gpu - need.activation_per_gpu) * NODE_GPUS
    nodes = max(2, math.ceil((need.weights + need.kv) / per_node))
    if nodes > MAX_NODES:
        raise SizingError(f"one replica needs {(need.weights + need.kv) / GIB:,.0f} GiB, more "
                          f"than {MAX_NODES} nodes of {NODE_GPUS} GPUs can hold")
    return Layout("pipeline", nodes * NODE_GPUS, NODE_GPUS)


def _forced(need: Need, usable: float, layout: Layout) -> Layout:
    if need.per_gpu(layout) > usable:
        raise SizingError(f"the forced layout ({layout.describe()}) needs "
                          f"{need.per_gpu(layout) / GIB:,.1f} GiB per GPU, more than the "
                          f"{usable / GIB:,.1f} GiB usable")
    return layout


def usable_bytes(gpu: GPU, utilisation: float) -> float:
    total = gpu.visible_gib * GIB if gpu.visible_gib is not None else gpu.memory_gb * GB
    return total * utilisation
