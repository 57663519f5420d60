"""What is sized: one request with every input resolved (answers, flags, then the pack's
defaults), and the catalog look-ups with a suggestion when an id is unknown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from archdecide.decisions.sizing.assumptions import Assumptions, SizingError, suggest
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import (
    GPU,
    Availability,
    Comparator,
    Eligibility,
    Engine,
    KVPrecision,
    LLMModel,
    Precision,
    SizingInputs,
)

DEFAULT_MODEL = "llama-3.1-8b"
DEFAULT_KV_PRECISION: KVPrecision = "fp16"
DEFAULT_GPU = "h100-80gb"
DEFAULT_ENGINE: Engine = "vllm"
"""String defaults (constants are numbers, so these live here; see docs/sizing.md). Without a
precision, a model is sized in the format its publisher released (`native_format`)."""

NUMERIC_DEFAULTS = ("monthly_tokens", "context_tokens", "concurrency", "peak_factor",
                    "hours_per_day", "sensitive_share", "users")
WHOLE = ("monthly_tokens", "context_tokens", "concurrency", "prompt_tokens", "users")


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
    engine: Engine = DEFAULT_ENGINE
    availability: Availability = "standard"
    requires: tuple[Eligibility, ...] = ()
    comparator: Comparator = "like_for_like"
    tp: int | None = Field(default=None, gt=0, le=1024)
    ep: int | None = Field(default=None, gt=0, le=1024)
    prompt_tokens: int | None = Field(default=None, gt=0, le=10_000_000)
    fine_tuned: bool = False
    users: int = Field(default=500, ge=1, le=100_000_000)

    def to_dict(self) -> dict[str, Any]:
        from archdecide.decisions.sizing.rounding import r

        out: dict[str, Any] = {}
        for key, value in self.model_dump().items():
            out[key] = r(value) if isinstance(value, float) else (
                list(value) if isinstance(value, tuple) else value)
        return out


def build_request(pack: KnowledgePack, inputs: SizingInputs | SizingRequest
                  | Mapping[str, Any] | None, assumptions: Assumptions) -> SizingRequest:
    """Fill unanswered inputs from the `default_*` constants and the string defaults."""
    if isinstance(inputs, SizingRequest):
        return inputs
    given: dict[str, Any] = {}
    if isinstance(inputs, SizingInputs):  # its fields, not model_dump: a pack loaded from
        given = {k: v for k, v in inputs if v is not None}  # its pickle has no serializer yet
    elif inputs is not None:
        given = {k: v for k, v in inputs.items() if v is not None}
    unknown = sorted(set(given) - set(SizingRequest.model_fields))
    if unknown:
        raise SizingError(suggest(unknown[0], list(SizingRequest.model_fields), "sizing input"))
    values: dict[str, Any] = {"model": DEFAULT_MODEL, "kv_precision": DEFAULT_KV_PRECISION,
                              "gpu": DEFAULT_GPU}
    for name in NUMERIC_DEFAULTS:
        if name not in given:
            value = assumptions.get(f"default_{name}")
            values[name] = int(value) if name in WHOLE else value
    values.update(given)
    if "precision" not in values:
        model = pack.models.get(str(values["model"]))
        values["precision"] = model.native_format if model is not None else "bf16"
    for name in WHOLE:
        if isinstance(values.get(name), float) and values[name].is_integer():
            values[name] = int(values[name])
    if values.get("tp") is not None and values.get("ep") is not None:
        raise SizingError("give a tensor-parallel (tp) or an expert-parallel (ep) layout, "
                          "not both")
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
