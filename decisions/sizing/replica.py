"""Size one request: the replica's memory and layout (memory.py), its speed (speed.py), and the
replicas a monthly volume needs at peak, with spares for high and critical availability."""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from archdecide.decisions.sizing.assumptions import Assumption, Assumptions, SizingError
from archdecide.decisions.sizing.memory import (
    GIB,
    Layout,
    Need,
    activation_bytes_per_gpu,
    choose_layout,
    expert_bytes,
    kv_bytes_per_sequence,
    kv_bytes_per_token,
    kv_heads_to_split,
    usable_bytes,
    weight_bytes,
)
from archdecide.decisions.sizing.request import (
    SizingRequest,
    build_request,
    lookup_gpu,
    lookup_model,
)
from archdecide.decisions.sizing.rounding import r
from archdecide.decisions.sizing.speed import (
    Efficiency,
    Step,
    decode_step,
    peak_flops,
    prefill_seconds,
)
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import GPU, LLMModel, SizingInputs

ENGINE_MBU = {"vllm": "mbu", "sglang": "mbu_sglang", "trtllm": "mbu_trtllm",
              "llamacpp": "mbu_llamacpp"}
"""The constant holding each engine class's measured bandwidth utilisation."""
NATIVE_NOTES = {
    "mxfp4": "mxfp4: MoE expert weights at 4.25 bits (FP4 + one E8M0 scale per 32); attention, "
             "router, embeddings and lm_head stay BF16",
    "nvfp4": "nvfp4: linear layers at 4.5 bits (FP4 + one FP8 scale per 16); embeddings and "
             "lm_head stay BF16",
    "int4": "int4 (GPTQ/AWQ): linear layers at 4.16 bits (16-bit scale and 4-bit zero per "
            "group of 128); embeddings and lm_head stay 16-bit",
}


GGUF = ("q8_0", "q6_k", "q5_k_m", "q4_k_m", "q4_0")
LLAMACPP_FORMATS = (*GGUF, "fp32", "bf16", "fp16", "mxfp4")


def compatibility_notes(engine: str, precision: str, kv_precision: str, gpu: GPU) -> list[str]:
    """Say when a combination is not what the engine or the GPU runs natively (sized anyway,
    as if it did)."""
    notes = []
    if engine == "llamacpp" and precision not in LLAMACPP_FORMATS:
        notes.append(f"llama.cpp has no {precision} format: use a GGUF type (q8_0 ... q4_0)")
    if engine != "llamacpp" and precision in GGUF:
        notes.append(f"{precision} is a GGUF (llama.cpp) format; {engine} serves GPTQ/AWQ "
                     "int4, fp8 or mxfp4 instead")
    if engine == "trtllm" and gpu.vendor != "NVIDIA":
        notes.append("TensorRT-LLM runs on NVIDIA GPUs only")
    if precision == "nvfp4" and gpu.fp4_tflops is None:
        notes.append(f"{gpu.name} has no FP4 tensor cores: NVFP4 weights are dequantised "
                     "(weight-only)")
    if precision in ("fp8", "int8") and gpu.fp8_tflops is None:
        notes.append(f"{gpu.name} has no FP8 tensor cores: {precision} runs weight-only")
    if kv_precision == "fp4" and gpu.fp4_tflops is None:
        notes.append(f"an FP4 KV cache needs Blackwell-class FP4 support, which {gpu.name} "
                     "lacks")
    return notes


def spare_replicas(load: int, availability: str, domains: int) -> int:
    """standard: none. high: N+1, one spare. critical: N+1 at the level of failure domains,
    spread over `domains` so that losing a whole domain still leaves N."""
    if availability == "high":
        return 1
    if availability == "critical":
        per_domain = math.ceil(load / (domains - 1))
        return max(1, per_domain * domains - load)
    return 0


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
    layout: Layout
    per_gpu_bytes: float
    kv_room_bytes: float
    kv_sequence_bytes: float
    single: Step
    batched: Step
    physical_tokens_per_s: float
    ttft_s: float
    required_tokens_per_s: float
    replicas_for_load: int
    spares: int
    notes: tuple[str, ...] = ()
    assumptions: tuple[Assumption, ...] = field(default=(), compare=False)
    model_license: str = ""
    """The licence the model's weights are published under (what a self-hosted family must
    accept), from the catalog."""

    @property
    def gpus_per_replica(self) -> int:
        return self.layout.gpus

    @property
    def fits_in_node(self) -> bool:
        return self.layout.in_node

    @property
    def nodes_per_replica(self) -> int:
        return self.layout.nodes

    @property
    def decode_tokens_per_s(self) -> float:
        return self.single.tokens_per_s

    @property
    def aggregate_tokens_per_s(self) -> float:
        return self.batched.tokens_per_s

    @property
    def replicas(self) -> int:
        return self.replicas_for_load + self.spares

    @property
    def overhead_bytes(self) -> float:
        return (self.activation_bytes + self.runtime_overhead_bytes_per_gpu
                * self.gpus_per_replica)

    @property
    def total_bytes(self) -> float:
        return self.weights_bytes + self.kv_cache_bytes + self.overhead_bytes

    @property
    def total_gpus(self) -> int:
        return self.gpus_per_replica * self.replicas

    @property
    def max_concurrent_sequences(self) -> float:
        return self.kv_room_bytes / self.kv_sequence_bytes

    @property
    def kv_capacity_tokens(self) -> int:
        return math.floor(self.max_concurrent_sequences * self.request.context_tokens)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.request.model,
            "model_name": self.model_name,
            "model_license": self.model_license,
            "precision": self.request.precision,
            "kv_precision": self.request.kv_precision,
            "weights_gib": r(self.weights_bytes / GIB),
            "kv_bytes_per_token": self.kv_bytes_per_token,
            "kv_cache_gib": r(self.kv_cache_bytes / GIB),
            "activation_gib": r(self.activation_bytes / GIB),
            "overhead_gib": r(self.overhead_bytes / GIB),
            "total_gib": r(self.total_bytes / GIB),
            "gpu": self.request.gpu,
            "gpu_name": self.gpu_name,
            "usable_gib_per_gpu": r(self.usable_bytes_per_gpu / GIB),
            "per_gpu_gib": r(self.per_gpu_bytes / GIB),
            "gpus_per_replica": self.gpus_per_replica,
            "fits_in_one_node": self.fits_in_node,
            "nodes_per_replica": self.nodes_per_replica,
            "layout": self.layout.kind,
            "layout_text": self.layout.describe(),
            "kv_capacity_gib": r(self.kv_room_bytes / GIB),
            "kv_capacity_tokens": self.kv_capacity_tokens,
            "max_concurrent_sequences": r(self.max_concurrent_sequences),
            "engine": self.request.engine,
            "decode_tokens_per_s": r(self.decode_tokens_per_s),
            "decode_bound": self.single.bound,
            "decode_physical_limit_tokens_per_s": r(self.physical_tokens_per_s),
            "aggregate_tokens_per_s": r(self.aggregate_tokens_per_s),
            "aggregate_bound": self.batched.bound,
            "ttft_ms": r(self.ttft_s * 1000),
            "prompt_tokens": self.request.prompt_tokens or self.request.context_tokens,
            "required_peak_tokens_per_s": r(self.required_tokens_per_s),
            "replicas_for_load": self.replicas_for_load,
            "spare_replicas": self.spares,
            "availability": self.request.availability,
            "replicas": self.replicas,
            "total_gpus": self.total_gpus,
            "notes": list(self.notes),
            "inputs": self.request.to_dict(),
            "assumptions": [a.to_dict() for a in self.assumptions],
        }


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


PYTHON_SERVED = ("vllm", "sglang")
"""Engines served by a Python API server (more fixed time before the first token)."""


def efficiency(a: Assumptions, engine: str) -> Efficiency:
    request = "ttft_overhead_ms" if engine in PYTHON_SERVED else "ttft_overhead_ms_native"
    return Efficiency(mbu=a.get(ENGINE_MBU[engine]), mfu=a.get("mfu"),
                      expert_us=a.get("expert_overhead_us"),
                      layer_us=a.get("decode_layer_overhead_us"),
                      comm_us=a.get("tp_layer_comm_us"), request_ms=a.get(request))


@dataclass(frozen=True)
class _Replica:
    """What one replica is, whatever the volume: its memory, layout and speed."""

    weights: float
    kv: float
    sequence: float
    runtime: float
    usable: float
    layout: Layout
    final: Need
    single: Step
    batched: Step
    ttft: float
    kv_room: float
    notes: tuple[str, ...]


_REPLICAS: weakref.WeakKeyDictionary[KnowledgePack, OrderedDict[
    tuple[object, ...], tuple[_Replica | SizingError, tuple[str, ...], object]]] = \
    weakref.WeakKeyDictionary()
"""Each pack's replicas by model, GPU, shape of the request and overrides, with the
constants each read: a sensitivity analysis sizes ~40 variants of one request that differ
in volume, users or requirements only (on the bundled pack, 38 sizings, 5 replicas)."""
_KEPT = 256


def _replica_key(llm: LLMModel, gpu: GPU, request: SizingRequest, a: Assumptions
                 ) -> tuple[object, ...]:
    return (id(llm), id(gpu), request.precision, request.kv_precision, request.context_tokens,
            request.prompt_tokens, request.concurrency, request.engine, request.tp, request.ep,
            tuple(sorted(a.overrides.items())))


def _replica(llm: LLMModel, gpu: GPU, request: SizingRequest, a: Assumptions) -> _Replica:
    """_measure, remembered per pack; the constants it read are read again, in the same
    order, so that `a` lists what it used exactly as if it had measured. Keyed by the model
    and GPU objects themselves (a model may come from outside the pack), which the entry
    holds so that their ids stay theirs."""
    kept = _REPLICAS.setdefault(a.pack, OrderedDict())
    key = _replica_key(llm, gpu, request, a)
    found = kept.get(key)
    if found is None:
        reads: list[str] = []
        a.reads = reads
        try:
            found = (_measure(llm, gpu, request, a), tuple(reads), (llm, gpu))
        except SizingError as exc:
            found = (exc, tuple(reads), (llm, gpu))
        finally:
            a.reads = None
        kept[key] = found
        if len(kept) > _KEPT:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
        for name in found[1]:
            a.get(name)
    if isinstance(found[0], SizingError):
        raise type(found[0])(str(found[0]))
    return found[0]


def _measure(llm: LLMModel, gpu: GPU, request: SizingRequest, a: Assumptions) -> _Replica:
    notes: list[str] = []
    precision, kvp = request.precision, request.kv_precision
    weights = weight_bytes(llm, precision)
    ctx = request.context_tokens
    if ctx > llm.max_context:
        notes.append(f"context {ctx:,} exceeds the model's maximum {llm.max_context:,} tokens")
    sequence = kv_bytes_per_sequence(llm, kvp, ctx)
    kv = sequence * request.concurrency
    runtime = a.get("runtime_overhead_gib") * GIB
    usable = usable_bytes(gpu, a.get("gpu_memory_utilization"))
    reserve = weights * a.get("activation_reserve_fraction")

    tokens = a.get("activation_tokens_llamacpp" if request.engine == "llamacpp"
                   else "activation_tokens")

    def need(tp: int) -> Need:
        act = activation_bytes_per_gpu(llm, tokens, a.get("logit_bytes"),
                                       a.get("activation_bytes_per_hidden"), tp)
        return Need(weights, expert_bytes(llm, precision), kv, act + reserve / tp, runtime,
                    kv_heads_to_split(llm))

    moe = llm.experts is not None
    layout = choose_layout(need(1), usable, tp=request.tp, ep=request.ep, moe=moe,
                           experts=llm.experts)
    for _ in range(4):  # activations shrink with the TP degree: settle on the smallest layout
        settled = choose_layout(need(layout.degree), usable, tp=request.tp, ep=request.ep,
                                moe=moe, experts=llm.experts)
        if settled == layout:
            break
        layout = settled
    final = need(layout.degree if layout.kind != "ep" else 1)
    if not layout.in_node:
        notes.append(f"does not fit in one node of 8 x {gpu.name}: needs {layout.nodes} nodes "
                     f"({layout.gpus} GPUs) per replica")
    if precision == "mxfp4" and llm.experts is None:
        notes.append("mxfp4 on a dense model: its linear layers at 4.25 bits (FP4 + one E8M0 "
                     "scale per 32); embeddings and lm_head stay BF16")
    elif precision in NATIVE_NOTES:
        notes.append(NATIVE_NOTES[precision])
    notes += compatibility_notes(request.engine, precision, request.kv_precision, gpu)
    if precision == "int4" and not llm.embedding_params_b:
        notes.append("model has no embedding_params_b: int4 weights assume no 16-bit embeddings")
    if peak_flops(gpu, precision) is None:
        notes.append(f"{gpu.name} has no catalogued tensor FLOPS: no compute bound applied")
    eff = efficiency(a, request.engine)
    fill = ctx * a.get("kv_avg_fill")
    single = decode_step(llm, precision, kvp, gpu, layout, 1, fill, eff)
    batched = decode_step(llm, precision, kvp, gpu, layout, request.concurrency, fill, eff)
    prompt = request.prompt_tokens or ctx
    ttft = prefill_seconds(llm, precision, gpu, layout, prompt, eff)
    kv_room = final.kv_room(layout, usable)
    if kv_room < sequence:
        raise SizingError(f"{llm.name} at {precision} leaves no room on {layout.gpus} x "
                          f"{gpu.name} for one {ctx:,}-token sequence")
    return _Replica(weights, kv, sequence, runtime, usable, layout, final, single, batched,
                    ttft, kv_room, tuple(notes))


def size_on(llm: LLMModel, gpu: GPU, request: SizingRequest, a: Assumptions) -> SizingResult:
    rep = _replica(llm, gpu, request, a)
    notes = list(rep.notes)
    kvp = request.kv_precision
    layout, final, usable, kv, single = rep.layout, rep.final, rep.usable, rep.kv, rep.single
    weights, sequence, batched = rep.weights, rep.sequence, rep.batched
    share_in = a.get("input_token_share")
    work = request.monthly_tokens * ((1 - share_in) + share_in * a.get("prefill_token_weight"))
    seconds = 730 * 3600 * request.hours_per_day / 24
    required = work / seconds * request.peak_factor
    load = max(1, math.ceil(required / batched.tokens_per_s - 1e-9))
    domains = max(2, round(a.get("failure_domains")))
    spares = spare_replicas(load, request.availability, domains)
    if spares:
        notes.append(f"{request.availability} availability: {spares} spare replica"
                     f"{'s' if spares > 1 else ''} beyond the {load} the peak needs"
                     + (f", across {domains} failure domains" if request.availability
                        == "critical" else ""))
    return SizingResult(
        request=request, model_name=llm.name, model_license=llm.license, gpu_name=gpu.name,
        weights_bytes=weights,
        kv_bytes_per_token=kv_bytes_per_token(llm, kvp), kv_cache_bytes=kv,
        activation_bytes=final.activation_per_gpu * layout.gpus,
        runtime_overhead_bytes_per_gpu=rep.runtime, usable_bytes_per_gpu=usable, layout=layout,
        per_gpu_bytes=final.per_gpu(layout), kv_room_bytes=rep.kv_room,
        kv_sequence_bytes=sequence, single=single, batched=batched,
        physical_tokens_per_s=1 / single.bandwidth_bound_s, ttft_s=rep.ttft,
        required_tokens_per_s=required, replicas_for_load=load, spares=spares,
        notes=tuple(notes), assumptions=tuple(a.used()))

