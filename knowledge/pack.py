"""The loaded, frozen knowledge pack."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from archdecide.knowledge.schema import (
    GPU,
    APIPrice,
    Architecture,
    CloudGPUPrice,
    Constant,
    Criterion,
    GlossaryTerm,
    GPUPrice,
    LLMModel,
    PackMeta,
    Question,
    Rule,
    SeatPrice,
    Source,
)


@dataclass(frozen=True, eq=False)
class KnowledgePack:
    """Everything archdecide knows, validated and cross-checked. Sections map id -> entry,
    in the order the entries appear in the pack's files (sorted by path). Compared and hashed
    by identity, so derived data can be cached per loaded pack."""

    meta: PackMeta
    sources: Mapping[str, Source]
    criteria: Mapping[str, Criterion]
    questions: Mapping[str, Question]
    architectures: Mapping[str, Architecture]
    rules: Mapping[str, Rule]
    glossary: Mapping[str, GlossaryTerm]
    models: Mapping[str, LLMModel]
    gpus: Mapping[str, GPU]
    gpu_prices: Mapping[str, GPUPrice]
    cloud_gpu_prices: Mapping[str, CloudGPUPrice]
    api_prices: Mapping[str, APIPrice]
    seat_prices: Mapping[str, SeatPrice]
    constants: Mapping[str, Constant]
    sha256: str
    root: Path
    files: tuple[str, ...]
    overlays: tuple[Path, ...] = ()
    origin: Mapping[tuple[str, str], str] = field(default_factory=dict, compare=False)
    """(section, id) -> the file (as shown in messages) that defined the entry."""

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def version(self) -> str:
        return self.meta.version

    def file_of(self, section: str, entry_id: str) -> str:
        return self.origin.get((section, entry_id), str(self.root))

    def summary(self) -> str:
        return (
            f"{self.meta.id} {self.meta.version}: {len(self.questions)} questions, "
            f"{len(self.architectures)} architectures, sha256 {self.sha256}"
        )
