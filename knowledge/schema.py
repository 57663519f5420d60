"""The knowledge-pack schema: pydantic v2 models, frozen, unknown keys rejected.

A pack is a folder of TOML files. Every file has the shape of `PackFile`: any subset of the
top-level sections below. The loader validates each file on its own (so errors name the file),
merges the sections across files, and checks cross-references.

Sections:
    [pack]               metadata: id, name, version, description, start question
    [[sources]]          where numbers come from (id, title, url, date)
    [[criteria]]         what architectures are judged on, with a default weight
    [[questions]]        prompt, why-it-matters, options with help and effects, flow (`next`)
    [[architectures]]    ratings 0-5 per criterion with rationale, pros, cons, stack ...
    [[rules]]            cross-question effects under a condition
    [[glossary]]         terms for newcomers, linked to the questions that use them
    [[models]] [[gpus]] [[gpu_prices]] [[cloud_gpu_prices]] [[api_prices]] [[seat_prices]]
    [[constants]]
                         catalogs; every entry names a source id and a date
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from archdecide.knowledge.conditions import Condition

END = "end"
"""The reserved flow target that finishes the questionnaire."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
DateText = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
"""A date as YYYY, YYYY-MM or YYYY-MM-DD: how precisely a figure's date is known."""

QuestionKind = Literal["single", "multiple", "integer", "number", "boolean"]
AnswerValue = str | bool | int | float | tuple[str, ...]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              allow_inf_nan=False,
                              defer_build=True)


# --------------------------------------------------------------------------- metadata


class PackMeta(Model):
    id: Id
    name: Text
    version: Annotated[
        str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?([.\-+][0-9A-Za-z.\-]+)?$")
    ]
    description: Text
    start: Id = Field(description="The first question of the flow.")
    license: str = ""
    authors: tuple[str, ...] = ()


class Source(Model):
    id: Id
    title: Text
    url: str = ""
    publisher: str = ""
    date: DateText = Field(description="When the source was published or read.")
    note: str = ""


# --------------------------------------------------------------------------- criteria


class Criterion(Model):
    id: Id
    name: Text
    description: Text = Field(description="What the criterion means, for a newcomer.")
    default_weight: float = Field(ge=0, le=10)
    computed: Literal["tco"] | None = Field(
        default=None,
        description="If set, ratings on this criterion are derived from the sizing/TCO model.",
    )


# --------------------------------------------------------------------------- effects


class Exclusion(Model):
    architecture: Id
    reason: Text


Precision = Literal["fp32", "bf16", "fp16", "fp8", "int8", "int4", "mxfp4", "nvfp4", "q8_0",
                    "q6_k", "q5_k_m", "q4_k_m", "q4_0"]
"""Weight formats: int4 is GPTQ/AWQ with group scales; q* are GGUF (llama.cpp) types."""
KVPrecision = Literal["fp16", "bf16", "fp8", "int8", "fp4"]
Availability = Literal["standard", "high", "critical"]
Eligibility = Literal["hipaa_baa", "fedramp_moderate", "fedramp_high", "eu_sovereign"]
"""What a provider signs or holds: a HIPAA Business Associate Agreement, a FedRAMP
authorisation, or EU sovereignty (EU-owned and operated, outside the US CLOUD Act's reach)."""
Engine = Literal["vllm", "sglang", "trtllm", "llamacpp"]
Comparator = Literal["like_for_like", "closed_frontier"]
"""How the API family is priced: at the same open model's hosted price, or at the closed
frontier tier (when the quality answer asks for frontier models)."""


class SizingInputs(Model):
    """Inputs to the sizing/TCO model that an answer can set."""

    monthly_tokens: int | None = Field(default=None, ge=0, le=10**16)
    model: Id | None = None
    precision: Precision | None = None
    kv_precision: KVPrecision | None = None
    context_tokens: int | None = Field(default=None, gt=0, le=10_000_000)
    concurrency: int | None = Field(default=None, gt=0, le=100_000)
    gpu: Id | None = None
    peak_factor: float | None = Field(default=None, ge=1, le=100)
    hours_per_day: float | None = Field(default=None, gt=0, le=24)
    sensitive_share: float | None = Field(default=None, ge=0, le=1)
    availability: Availability | None = None
    requires: tuple[Eligibility, ...] = Field(
        default=(),
        description="Provider eligibility the answers require (combined, not replaced).")
    comparator: Comparator | None = None
    engine: Engine | None = None
    users: int | None = Field(default=None, ge=1, le=100_000_000)
    fine_tuned: bool | None = Field(
        default=None, description="The model served is the organisation's fine-tune: "
        "managed services host it on dedicated capacity, not per token.")


class Effects(Model):
    weights: dict[Id, float] = Field(
        default_factory=dict,
        description="Added to a criterion's weight (the result is kept within 0-10).",
    )
    exclude: tuple[Exclusion, ...] = ()
    fit: dict[Id, dict[Id, float]] = Field(
        default_factory=dict,
        description="architecture -> criterion -> added to its rating under these answers "
        "(kept within 0-5): how well an architecture fits this situation, e.g. a raw API "
        "is slower to value for a staff assistant than one bought ready-made.")
    warnings: tuple[Text, ...] = ()
    warnings_about: tuple[Id, ...] = Field(
        default=(), description="The architectures these warnings concern: they are shown only "
        "while one of them is still in the running (empty: always).")
    conflicts: tuple[Text, ...] = Field(
        default=(), description="Warnings that say two answers contradict each other."
    )
    sizing: SizingInputs | None = None

    def is_empty(self) -> bool:
        return not (self.weights or self.exclude or self.fit or self.warnings or self.conflicts
                    or self.sizing)


# --------------------------------------------------------------------------- questions


class FlowEdge(Model):
    to: Id
    when: Condition | None = Field(
        default=None, description="The edge is taken when this holds; no condition = default."
    )


class Option(Model):
    id: Id
    label: Text
    help: Text
    effects: Effects = Field(default_factory=Effects)
    next: Id | None = Field(
        default=None, description="Branch: go to this question when this option is chosen."
    )


class StrictDefault(Model):
    """A default that replaces the question's own when a condition holds over the answers so
    far (and the answers given): for sensitive data the strict option is assumed, and reported
    with its reason, instead of the permissive one."""

    when: Condition
    value: AnswerValue
    reason: Text
    per: Id | None = Field(default=None, description="A numeric default is `value` times the "
                           "answer to this question (e.g. tokens per user x users).")


class Question(Model):
    id: Id
    kind: QuestionKind
    prompt: Text
    why: Text = Field(description="Why this matters: the teaching text for a newcomer.")
    default: AnswerValue = Field(description="Used, and reported as assumed, when unanswered.")
    strict_defaults: tuple[StrictDefault, ...] = Field(
        default=(), description="Defaults that apply instead of `default` when their condition "
        "holds; the first that holds wins.")
    options: tuple[Option, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str = ""
    glossary: tuple[Id, ...] = ()
    sizing_input: Literal[
        "monthly_tokens", "context_tokens", "concurrency", "peak_factor", "hours_per_day",
        "sensitive_share", "users"
    ] | None = Field(
        default=None, description="A numeric answer that feeds this input of the sizing model."
    )
    next: tuple[FlowEdge, ...] = Field(
        default=(), description="Flow edges; the first whose condition holds is taken."
    )

    @model_validator(mode="after")
    def _check_kind(self) -> Question:
        choice = self.kind in ("single", "multiple")
        if choice and not self.options:
            raise ValueError(f"a {self.kind} question needs at least one option")
        if not choice and self.options:
            raise ValueError(f"{self.kind} questions take no options; expected no [[options]]")
        if self.sizing_input is not None and self.kind not in ("integer", "number"):
            raise ValueError("only integer and number questions can feed a sizing input")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


# --------------------------------------------------------------------------- architectures


class Rating(Model):
    score: int = Field(ge=0, le=5, strict=True)  # true is not a rating of 1
    rationale: Text


Family = Literal[
    "api", "private_endpoint", "cloud_gpu", "sovereign", "hybrid", "onprem", "air_gapped", "edge",
    "seat", "gateway", "on_device"
]


class Architecture(Model):
    id: Id
    name: Text
    summary: Text
    family: Family = Field(description="Which TCO model prices this architecture.")
    internet_dependent: bool = Field(
        description="True when inference needs a connection to a third party at run time."
    )
    data_leaves_premises: bool = Field(
        description="True when prompts or data are processed outside the organisation's sites."
    )
    ratings: dict[Id, Rating]
    pros: tuple[Text, ...] = Field(min_length=1)
    cons: tuple[Text, ...] = Field(min_length=1)
    consequences: tuple[Text, ...] = ()
    stack: tuple[Text, ...] = ()
    prerequisites: tuple[Text, ...] = ()
    fits_when: tuple[Text, ...] = ()
    risky_when: tuple[Text, ...] = ()


class Rule(Model):
    id: Id
    description: Text
    when: Condition
    effects: Effects


class GlossaryTerm(Model):
    id: Id
    term: Text
    definition: Text
    questions: tuple[Id, ...] = ()
    see_also: tuple[Id, ...] = ()


# --------------------------------------------------------------------------- catalogs


class Sourced(Model):
    source: Id = Field(description="Id of an entry in [[sources]].")
    date: DateText = Field(description="When the figures were valid.")
    note: str = ""


class LLMModel(Sourced):
    id: Id
    name: Text
    params_b: float = Field(gt=0, description="Total parameters, billions.")
    active_params_b: float | None = Field(default=None, gt=0, description="MoE: active per token.")
    embedding_params_b: float | None = Field(
        default=None, ge=0, description="Embedding + lm_head parameters kept in 16-bit by int4."
    )
    layers: int = Field(gt=0)
    hidden: int = Field(gt=0)
    heads: int = Field(gt=0)
    kv_heads: int = Field(gt=0)
    head_dim: int = Field(gt=0)
    vocab: int = Field(gt=0)
    max_context: int = Field(gt=0)
    attention: Literal["mha", "gqa", "mla", "sliding"] = "gqa"
    kv_lora_rank: int | None = Field(default=None, gt=0)
    rope_dim: int | None = Field(default=None, gt=0)
    sliding_window: int | None = Field(
        default=None, gt=0,
        description="Sliding (or chunked) attention: tokens a local layer keeps.")
    global_every: int | None = Field(
        default=None, gt=0,
        description="Sliding attention: every Nth layer attends to the whole context (Gemma 3: 6, "
                    "five local then one global; gpt-oss: 2, alternating).")
    experts: int | None = Field(default=None, gt=1, description="MoE: routed experts per layer.")
    expert_params_b: float | None = Field(
        default=None, gt=0, description="MoE: parameters in the routed experts, billions (from "
        "the config); without it, derived from the total and active counts.")
    experts_per_token: int | None = Field(default=None, gt=0, description="MoE: experts chosen "
                                          "per token per layer.")
    moe_layers: int | None = Field(default=None, gt=0, description="MoE: layers with routed "
                                   "experts (default: every layer).")
    tied_embeddings: bool = Field(default=False, description="lm_head shares the embedding matrix.")
    native_format: Literal["bf16", "fp8", "mxfp4", "nvfp4"] = Field(
        default="bf16", description="The format of the weights the publisher released.")
    open_weights: bool = True
    license: Text

    @model_validator(mode="after")
    def _check_mla(self) -> LLMModel:
        if self.attention == "mla" and (self.kv_lora_rank is None or self.rope_dim is None):
            raise ValueError("an MLA model needs kv_lora_rank and rope_dim")
        if self.attention == "sliding" and (self.sliding_window is None
                                            or self.global_every is None):
            raise ValueError("a sliding-window model needs sliding_window and global_every")
        if self.active_params_b is not None and self.active_params_b > self.params_b:
            raise ValueError("active_params_b exceeds params_b")
        if (self.experts is None) != (self.experts_per_token is None):
            raise ValueError("an MoE model needs both experts and experts_per_token")
        if self.moe_layers is not None and self.moe_layers > self.layers:
            raise ValueError("moe_layers exceeds layers")
        if self.expert_params_b is not None and self.expert_params_b >= self.params_b:
            raise ValueError("expert_params_b must be below params_b")
        if self.experts is not None and (self.active_params_b is None
                                         or self.experts_per_token is None
                                         or self.experts_per_token >= self.experts):
            raise ValueError("an MoE model needs active_params_b and fewer experts_per_token "
                             "than experts")
        return self


class GPU(Sourced):
    id: Id
    name: Text
    vendor: Text
    memory_gb: float = Field(gt=0, description="GB = 1e9 bytes.")
    visible_gib: float | None = Field(
        default=None, gt=0, description="Memory the driver reports to the engine, GiB (for "
        "an H100 80GB, torch sees 79.18 GiB); without it, memory_gb x 1e9 bytes is used.")
    bandwidth_tbps: float = Field(gt=0, description="Memory bandwidth, TB/s (1e12 bytes/s).")
    power_w: float = Field(gt=0)
    datacenter: bool = True
    device: bool = Field(default=False, description="A whole computer (Mac Studio, DGX Spark): "
                         "its purchase price buys the device, not a card for a server.")
    fp16_tflops: float | None = Field(default=None, gt=0, description="Dense FP16/BF16 tensor "
                                      "TFLOPS (no sparsity).")
    fp8_tflops: float | None = Field(default=None, gt=0, description="Dense FP8 TFLOPS; none "
                                     "where the GPU has no FP8 tensor cores.")
    fp4_tflops: float | None = Field(default=None, gt=0, description="Dense FP4 TFLOPS; none "
                                     "before Blackwell / MI355X.")


class Priced(Sourced):
    retired: bool = Field(default=False, description="Kept so overrides of its id still "
                          "load, but no longer used for pricing (the product or offer ended).")


class GPUPrice(Priced):
    id: Id
    gpu: Id
    usd: float = Field(gt=0, description="Purchase price of one GPU, USD.")


class CloudGPUPrice(Priced):
    id: Id
    gpu: Id
    provider: Text
    usd_per_gpu_hour: float = Field(gt=0)
    kind: Literal["on_demand", "reserved", "spot", "sovereign"] = "on_demand"
    eligible: tuple[Eligibility, ...] = Field(
        default=(), description="What the provider signs or holds for this offer.")


class APIPrice(Priced):
    id: Id
    provider: Text
    model: Text
    tier: Literal["frontier", "strong", "small", "open_hosted"]
    input_usd_per_mtok: float = Field(ge=0)
    output_usd_per_mtok: float = Field(ge=0)
    hosts: Id | None = Field(default=None, description="open_hosted: the catalog model served.")
    eligible: tuple[Eligibility, ...] = Field(
        default=(), description="What the provider signs or holds for this API.")


class SeatPrice(Priced):
    id: Id
    provider: Text
    product: Text
    usd_per_user_month: float = Field(gt=0)
    eligible: tuple[Eligibility, ...] = ()


class Constant(Sourced):
    id: Id
    value: float
    unit: Text
    description: Text


# --------------------------------------------------------------------------- files


class PackFile(Model):
    """One TOML file of a pack: any subset of these sections."""

    pack: PackMeta | None = None
    sources: tuple[Source, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    questions: tuple[Question, ...] = ()
    architectures: tuple[Architecture, ...] = ()
    rules: tuple[Rule, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    models: tuple[LLMModel, ...] = ()
    gpus: tuple[GPU, ...] = ()
    gpu_prices: tuple[GPUPrice, ...] = ()
    cloud_gpu_prices: tuple[CloudGPUPrice, ...] = ()
    api_prices: tuple[APIPrice, ...] = ()
    seat_prices: tuple[SeatPrice, ...] = ()
    constants: tuple[Constant, ...] = ()


SECTIONS: tuple[str, ...] = tuple(name for name in PackFile.model_fields if name != "pack")
"""The list sections of a pack, in file order; every entry in them has an `id`."""
