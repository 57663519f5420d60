"""Sizing: memory of one replica, GPUs per replica, decode speed, replicas for a monthly volume.

Units: bytes internally; GiB (2^30 bytes) in outputs; GPU memory in the catalog is in GB (1e9).
Formulas (docs/sizing.md):

    weights   = non-embedding params x bytes(precision) + embedding params x 2   (int4/int8/fp8)
              = params x bytes(precision)                                       (fp32/bf16/fp16)
              = params x bits-per-weight / 8                                     (GGUF)
    KV/token  = 2 x layers x kv_heads x head_dim x kv_bytes          (MHA, GQA)
              = layers x (kv_lora_rank + rope_dim) x kv_bytes         (MLA, DeepSeek-V3)
    KV        = KV/token x context x concurrency
    overhead  = weights x activation_reserve_fraction + runtime_overhead_gib x GPUs
    fits on n GPUs when (weights + KV + activation) / n + runtime_overhead <= GPU GiB x utilisation
    decode    = mbu x n x bandwidth x tp_efficiency^log2(n) / (active weight bytes + KV read)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from archdecide.decisions.sizing.assumptions import Assumption, Assumptions, SizingError, suggest
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import GPU, LLMModel, SizingInputs

GIB = 2**30
GB = 1e9
TB = 1e12
NODE_GPUS = 8
MAX_NODES = 128
TP_DEGREES = (1, 2, 4, 8)

Precision = Literal["fp32", "bf16", "fp16", "fp8", "int8", "int4", "q8_0", "q6_k", "q5_k_m",
                    "q4_k_m"]
KVPrecision = Literal["fp16", "bf16", "fp8"]

DENSE_BYTES: dict[str, float] = {"fp32": 4.0, "bf16": 2.0, "fp16": 2.0}
"""Every parameter stored at this width."""
QUANT_BYTES: dict[str, float] = {"fp8": 1.0, "int8": 1.0, "int4": 4.25 / 8}
"""Non-embedding parameters at this width; embeddings and lm_head stay 16-bit. int4 is GPTQ/AWQ
with a 16-bit scale and zero point per group of 128 weights: 4 + 32/128 = 4.25 bits."""
GGUF_BPW: dict[str, float] = {"q8_0": 8.5008, "q6_k": 6.5633, "q5_k_m": 5.7036, "q4_k_m": 4.8944}
"""Bits per weight over the whole model (llama.cpp tools/quantize/README.md, Llama-3.1-8B)."""
KV_BYTES: dict[str, float] = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0}
PRECISIONS: tuple[str, ...] = tuple(DENSE_BYTES) + tuple(QUANT_BYTES) + tuple(GGUF_BPW)

DEFAULT_MODEL = "llama-3.1-8b"
DEFAULT_PRECISION: Precision = "bf16"
DEFAULT_KV_PRECISION: KVPrecision = "fp16"
DEFAULT_GPU = "h100-80gb"
"""String defaults (constants are numbers, so these live here; see docs/sizing.md)."""


class SizingRequest(BaseModel):
    """Every sizing input, resolved (answers, then defaults from the pack's constants)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    monthly_tokens: int = Field(ge=0, le=10**16)
    model: str
    precision: Precision
    kv_precision: KVPrecision
    context_tokens: int = Field(gt=0, le=10_000_000)
    concurrency: int = Field(gt=0, le=100_000)
    gpu: str
    peak_factor: float = Field(ge=1, le=100)
    hours_per_day: float = Field(gt=0, le=24)
    sensitive_share: float = Field(ge=0, le=1)

    def to_dict(self) -> dict[str, Any]:
        return {k: _r(v) if isinstance(v, float) else v for k, v in self.model_dump().items()}


def build_request(pack: KnowledgePack, inputs: SizingInputs | SizingRequest
                  | Mapping[str, Any] | None, assumptions: Assumptions) -> SizingRequest:
    """Fill unanswered inputs from the `default_*` constants and the string defaults."""
    if isinstance(inputs, SizingRequest):
        return inputs
    given: dict[str, Any] = {}
    if isinstance(inputs, SizingInputs):
        given = inputs.model_dump(exclude_none=True)
    elif inputs is not None:
        given = {k: v for k, v in inputs.items() if v is not None}
    unknown = sorted(set(given) - set(SizingRequest.model_fields))
    if unknown:
        raise SizingError(suggest(unknown[0], list(SizingRequest.model_fields), "sizing input"))
    values: dict[str, Any] = {"model": DEFAULT_MODEL, "precision": DEFAULT_PRECISION,
                              "kv_precision": DEFAULT_KV_PRECISION, "gpu": DEFAULT_GPU}
    for name in ("monthly_tokens", "context_tokens", "concurrency", "peak_factor",
                 "hours_per_day", "sensitive_share"):
        if name not in given:
            value = assumptions.get(f"default_{name}")
            values[name] = int(value) if name in ("monthly_tokens", "context_tokens",
                                                  "concurrency") else value
    values.update(given)
    for name in ("monthly_tokens", "context_tokens", "concurrency"):
        if isinstance(values[name], float) and values[name].is_integer():
            values[name] = int(values[name])
    try:
        return SizingRequest(**values)
    except ValueError as exc:
        raise SizingError(_first_error(exc)) from None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        return f"sizing input {where}: {err.get('msg', 'invalid')} (got {err.get('input')!r})"
    return str(exc)


def lookup_model(pack: KnowledgePack, model_id: str) -> LLMModel:
    if model_id not in pack.models:
        raise SizingError(suggest(model_id, pack.models, "model"))
    return pack.models[model_id]


def lookup_gpu(pack: KnowledgePack, gpu_id: str) -> GPU:
    if gpu_id not in pack.gpus:
        raise SizingError(suggest(gpu_id, pack.gpus, "GPU"))
    return pack.gpus[gpu_id]


# --------------------------------------------------------------------------- memory


def weight_bytes(model: LLMModel, precision: str) -> float:
    params = model.params_b * 1e9
    if precision in DENSE_BYTES:
        return params * DENSE_BYTES[precision]
    if precision in QUANT_BYTES:
        embed = min((model.embedding_params_b or 0.0) * 1e9, params)
        return (params - embed) * QUANT_BYTES[precision] + embed * 2.0
    if precision in GGUF_BPW:
        return params * GGUF_BPW[precision] / 8
    raise SizingError(f"unknown precision {precision!r}; expected one of {', '.join(PRECISIONS)}")


def active_weight_bytes(model: LLMModel, precision: str) -> float:
    """Weight bytes read per generated token: all weights, or the active share for MoE."""
    total = weight_bytes(model, precision)
    if model.active_params_b is None:
        return total
    return total * model.active_params_b / model.params_b


def kv_bytes_per_token(model: LLMModel, kv_precision: str) -> int:
    width = KV_BYTES[kv_precision]
    if model.attention == "mla":
        assert model.kv_lora_rank is not None and model.rope_dim is not None
        return int(model.layers * (model.kv_lora_rank + model.rope_dim) * width)
    return int(2 * model.layers * model.kv_heads * model.head_dim * width)


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class SizingResult:
    request: SizingRequest
    model_name: str
    gpu_name: str
    weights_bytes: float
    kv_bytes_per_token: int
    kv_cache_bytes: float
    activation_bytes: float
    runtime_overhead_bytes_per_gpu: float
    usable_bytes_per_gpu: float
    gpus_per_replica: int
    fits_in_node: bool
    nodes_per_replica: int
    decode_tokens_per_s: float
    aggregate_tokens_per_s: float
    required_tokens_per_s: float
    replicas: int
    notes: tuple[str, ...] = ()
    assumptions: tuple[Assumption, ...] = field(default=(), compare=False)

    @property
    def overhead_bytes(self) -> float:
        return self.activation_bytes + self.runtime_overhead_bytes_per_gpu * self.gpus_per_replica

    @property
    def total_bytes(self) -> float:
        return self.weights_bytes + self.kv_cache_bytes + self.overhead_bytes

    @property
    def total_gpus(self) -> int:
        return self.gpus_per_replica * self.replicas

    def to_dict(self) -> dict[str, Any]:
        per_gpu = ((self.weights_bytes + self.kv_cache_bytes + self.activation_bytes)
                   / self.gpus_per_replica + self.runtime_overhead_bytes_per_gpu)
        return {
            "model": self.request.model,
            "model_name": self.model_name,
            "precision": self.request.precision,
            "kv_precision": self.request.kv_precision,
            "weights_gib": _r(self.weights_bytes / GIB),
            "kv_bytes_per_token": self.kv_bytes_per_token,
            "kv_cache_gib": _r(self.kv_cache_bytes / GIB),
            "activation_gib": _r(self.activation_bytes / GIB),
            "overhead_gib": _r(self.overhead_bytes / GIB),
            "total_gib": _r(self.total_bytes / GIB),
            "gpu": self.request.gpu,
            "gpu_name": self.gpu_name,
            "usable_gib_per_gpu": _r(self.usable_bytes_per_gpu / GIB),
            "per_gpu_gib": _r(per_gpu / GIB),
            "gpus_per_replica": self.gpus_per_replica,
            "fits_in_one_node": self.fits_in_node,
            "nodes_per_replica": self.nodes_per_replica,
            "decode_tokens_per_s": _r(self.decode_tokens_per_s),
            "aggregate_tokens_per_s": _r(self.aggregate_tokens_per_s),
            "required_peak_tokens_per_s": _r(self.required_tokens_per_s),
            "replicas": self.replicas,
            "total_gpus": self.total_gpus,
            "notes": list(self.notes),
            "inputs": self.request.to_dict(),
            "assumptions": [a.to_dict() for a in self.assumptions],
        }


def _r(value: float) -> float:
    """Round for output: 4 significant digits below 1000, else 2 decimals."""
    if value == 0 or not math.isfinite(value):
        return float(value)
    if abs(value) >= 1000:
        return round(value, 2)
    return float(f"{value:.4g}")


# --------------------------------------------------------------------------- sizing


def placement(need_bytes: float, runtime_bytes: float, usable_bytes: float) -> tuple[int, bool]:
    """(GPUs per replica, fits in one 8-GPU node): the smallest TP degree 1/2/4/8 whose per-GPU
    share fits; beyond 8, whole 8-GPU nodes (pipeline stages). SizingError if nothing fits."""
    free = usable_bytes - runtime_bytes
    if free <= 0:
        raise SizingError("the runtime overhead alone exceeds the usable memory of one GPU; "
                          "lower runtime_overhead_gib or raise gpu_memory_utilization")
    for n in TP_DEGREES:
        if need_bytes / n <= free:
            return n, True
    nodes = math.ceil(need_bytes / (free * NODE_GPUS))
    if nodes > MAX_NODES:
        raise SizingError(f"one replica needs {need_bytes / GIB:,.0f} GiB, more than "
                          f"{MAX_NODES} nodes of {NODE_GPUS} GPUs can hold")
    return nodes * NODE_GPUS, False


def decode_speed(bytes_per_token: float, gpu: GPU, gpus: int, mbu: float,
                 tp_efficiency: float) -> float:
    """Tokens/s of one stream: bandwidth-bound. Tensor parallel inside a node adds bandwidth
    (scaled by tp_efficiency per doubling); pipeline stages across nodes do not."""
    tp = min(gpus, NODE_GPUS)
    bandwidth = tp * gpu.bandwidth_tbps * TB * tp_efficiency ** math.log2(tp)
    return float(mbu * bandwidth / bytes_per_token)


def compute_sizing(pack: KnowledgePack, inputs: SizingInputs | SizingRequest
                   | Mapping[str, Any] | None, overrides: Mapping[str, float] | None = None, *,
                   model: LLMModel | None = None, assumptions: Assumptions | None = None
                   ) -> SizingResult:
    """Size one replica of `model` (default: the request's model id in the pack) on the
    request's GPU, and the replicas needed for its monthly volume at peak."""
    a = assumptions or Assumptions(pack, overrides)
    request = build_request(pack, inputs, a)
    llm = model if model is not None else lookup_model(pack, request.model)
    return size_on(llm, lookup_gpu(pack, request.gpu), request, a)


def size_on(llm: LLMModel, gpu: GPU, request: SizingRequest, a: Assumptions) -> SizingResult:
    notes: list[str] = []
    weights = weight_bytes(llm, request.precision)
    kv_token = kv_bytes_per_token(llm, request.kv_precision)
    if request.context_tokens > llm.max_context:
        notes.append(f"context {request.context_tokens:,} exceeds the model's maximum "
                     f"{llm.max_context:,} tokens")
    kv = kv_token * request.context_tokens * request.concurrency
    activation = weights * a.get("activation_reserve_fraction")
    runtime = a.get("runtime_overhead_gib") * GIB
    usable = gpu.memory_gb * GB * a.get("gpu_memory_utilization")
    gpus, in_node = placement(weights + kv + activation, runtime, usable)
    nodes = max(1, gpus // NODE_GPUS) if not in_node else 1
    if not in_node:
        notes.append(f"does not fit in one node of {NODE_GPUS} x {gpu.name}: needs {nodes} "
                     f"nodes ({gpus} GPUs) per replica")
    if request.precision == "int4" and not llm.embedding_params_b:
        notes.append("model has no embedding_params_b: int4 weights assume no 16-bit embeddings")
    mbu, tp_eff = a.get("mbu"), a.get("tp_efficiency")
    fill = a.get("kv_avg_fill")
    kv_read = kv_token * request.context_tokens * fill
    active = active_weight_bytes(llm, request.precision)
    single = decode_speed(active + kv_read, gpu, gpus, mbu, tp_eff)
    batch = request.concurrency
    batch_weights = min(weights, active * batch)  # MoE: a batch touches more experts
    step = decode_speed(batch_weights + kv_read * batch, gpu, gpus, mbu, tp_eff)
    aggregate = batch * step
    share_in = a.get("input_token_share")
    work = request.monthly_tokens * ((1 - share_in) + share_in * a.get("prefill_token_weight"))
    seconds = 730 * 3600 * request.hours_per_day / 24
    required = work / seconds * request.peak_factor
    replicas = max(1, math.ceil(required / aggregate - 1e-9))
    return SizingResult(
        request=request, model_name=llm.name, gpu_name=gpu.name, weights_bytes=weights,
        kv_bytes_per_token=kv_token, kv_cache_bytes=kv, activation_bytes=activation,
        runtime_overhead_bytes_per_gpu=runtime, usable_bytes_per_gpu=usable,
        gpus_per_replica=gpus, fits_in_node=in_node, nodes_per_replica=nodes,
        decode_tokens_per_s=single, aggregate_tokens_per_s=aggregate,
        required_tokens_per_s=required, replicas=replicas, notes=tuple(notes),
        assumptions=tuple(a.used()))
