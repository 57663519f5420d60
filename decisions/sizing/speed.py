"""Speed of one replica: decode per stream and per batch, and time to first token.

A decode step reads the weights it needs and every sequence's KV cache, and computes 2 FLOPs
per active parameter per token plus attention. Its time is the larger of the bandwidth bound
and the compute bound (a roofline), each scaled by the engine's measured efficiency, plus fixed
costs: per layer (kernel launches), per routed expert run (MoE), and, under tensor parallelism,
the all-reduces of every layer. No result can exceed the physical bounds (bandwidth / bytes
read, peak FLOPS / FLOPs).
"""

from __future__ import annotations

from dataclasses import dataclass

from archdecide.decisions.sizing.memory import (
    TB,
    Layout,
    expert_bytes,
    global_layers,
    kv_bytes_per_sequence,
    kv_copies,
    kv_heads_to_split,
    read_bytes,
)
from archdecide.knowledge.schema import GPU, LLMModel


@dataclass(frozen=True)
class Efficiency:
    """Measured fractions of the physical bounds, and fixed costs per layer."""

    mbu: float
    """Share of peak memory bandwidth the engine's decode kernels reach."""
    mfu: float
    """Share of peak dense tensor FLOPS reached when compute bound."""
    expert_us: float
    """Fixed time per routed expert a step runs in a layer (routing, a grouped GEMM over few
    tokens, its launch): it does not shrink when tensor parallelism slices the expert."""
    layer_us: float
    """Fixed time per layer per step (launches, routing, sampling spread over the layers)."""
    comm_us: float
    """Tensor- or expert-parallel communication per layer per step, when the layout has more
    than one GPU."""
    request_ms: float = 0.0
    """Fixed time from request to first token outside the model (API server, tokeniser,
    scheduler)."""


@dataclass(frozen=True)
class Step:
    tokens: int
    memory_s: float
    compute_s: float
    fixed_s: float
    bandwidth_bound_s: float
    """The physical floor: bytes at full bandwidth, nothing else."""

    @property
    def seconds(self) -> float:
        return max(self.memory_s, self.compute_s) + self.fixed_s

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds

    @property
    def bound(self) -> str:
        return "compute" if self.compute_s > self.memory_s else "bandwidth"


def experts_touched(model: LLMModel, tokens: float) -> float:
    """Expected share of a layer's routed experts that `tokens` tokens touch, if routing is
    uniform: 1 - (1 - k/E)^tokens. 1 for dense models."""
    if model.experts is None or model.experts_per_token is None:
        return 1.0
    miss: float = (1.0 - model.experts_per_token / model.experts) ** tokens
    return 1.0 - miss


def peak_flops(gpu: GPU, precision: str) -> float | None:
    """Dense tensor FLOPS for the format's compute type: FP4 formats on FP4 tensor cores where
    the GPU has them, FP8/INT8 on FP8 cores, weight-only formats (int4, GGUF, and MXFP4 without
    FP4 cores) dequantised to FP16."""
    fp16, fp8, fp4 = gpu.fp16_tflops, gpu.fp8_tflops, gpu.fp4_tflops
    if precision in ("mxfp4", "nvfp4"):
        chosen = fp4 or (fp8 if precision == "nvfp4" else None) or fp16
    elif precision in ("fp8", "int8"):
        chosen = fp8 or fp16
    else:
        chosen = fp16
    return None if chosen is None else chosen * 1e12


def flops_per_token(model: LLMModel, context: float) -> float:
    """2 FLOPs per active parameter, plus attention over the cached context (QK and AV)."""
    active = (model.active_params_b or model.params_b) * 1e9
    local = model.layers - global_layers(model)
    window = min(context, model.sliding_window or context)
    attended = global_layers(model) * context + local * window
    return 2 * active + 4 * model.heads * model.head_dim * attended


def decode_step(model: LLMModel, precision: str, kv_precision: str, gpu: GPU, layout: Layout,
                batch: int, context_read: float, eff: Efficiency) -> Step:
    """One decode step of `batch` sequences holding `context_read` tokens each. Pipeline
    stages run one after another for a token: only as many stages work at once as there are
    sequences in flight."""
    n = parallel_gpus(layout, batch)
    bandwidth = gpu.bandwidth_tbps * TB
    kv = kv_bytes_per_sequence(model, kv_precision, context_read) * batch * kv_copies(
        layout, kv_heads_to_split(model))
    touched = experts_touched(model, batch)
    dense = read_bytes(model, precision, 0.0)
    experts = expert_bytes(model, precision) * touched
    if layout.kind == "ep":
        # Attention is data-parallel (each GPU holds whole sequences) and the experts are
        # spread: the slowest GPU reads the shared weights, its sequences' KV and its experts.
        spread = n if batch > 1 else min(n, model.experts_per_token or 1)
        dense_part, expert_part = dense + kv / min(n, batch), experts / spread
    else:
        dense_part, expert_part = (dense + kv) / n, experts / n
    memory_floor = (dense_part + expert_part) / bandwidth
    memory_s = memory_floor / eff.mbu
    flops = flops_per_token(model, context_read) * batch
    peak = peak_flops(gpu, precision)
    compute_floor = flops / (n * peak) if peak else 0.0
    comm = eff.comm_us if n > 1 else 0.0
    fixed = (model.layers * (eff.layer_us + comm)
             + expert_runs(model, batch, layout) * eff.expert_us) * 1e-6
    return Step(batch, memory_s, compute_floor / eff.mfu, fixed, memory_floor)


def parallel_gpus(layout: Layout, sequences: int) -> int:
    """GPUs working on a step at once: all of them, except pipeline stages beyond the
    sequences in flight."""
    if layout.kind != "pipeline":
        return layout.gpus
    stages = layout.gpus // layout.degree
    return layout.degree * min(stages, max(1, sequences))


def expert_runs(model: LLMModel, tokens: float, layout: Layout) -> float:
    """Routed experts run per step on the busiest GPU, summed over the MoE layers: every GPU
    runs a slice of each touched expert under tensor parallelism; expert parallelism spreads
    whole experts over the GPUs."""
    if model.experts is None:
        return 0.0
    touched = experts_touched(model, tokens) * model.experts * (model.moe_layers or model.layers)
    return touched / layout.gpus if layout.kind == "ep" else touched


def prefill_seconds(model: LLMModel, precision: str, gpu: GPU, layout: Layout, prompt: int,
                    eff: Efficiency) -> float:
    """Time to first token for one prompt: the prompt's FLOPs (causal attention over half the
    prompt on average) at the compute efficiency, or reading the weights once, whichever is
    longer, plus the per-layer fixed and communication costs."""
    n = parallel_gpus(layout, 1)
    flops = flops_per_token(model, prompt / 2) * prompt
    peak = peak_flops(gpu, precision)
    compute = flops / (n * peak * eff.mfu) if peak else 0.0
    weights = read_bytes(model, precision, experts_touched(model, prompt))
    memory = weights / (n * gpu.bandwidth_tbps * TB * eff.mbu)
    comm = eff.comm_us if n > 1 else 0.0
    fixed = model.layers * (eff.layer_us + comm) + expert_runs(model, prompt, layout) * (
        eff.expert_us)
    return max(compute, memory) + fixed * 1e-6 + eff.request_ms / 1000

