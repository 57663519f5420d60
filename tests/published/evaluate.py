"""Run the sizing model on each published measurement (measurements.toml beside this file)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archdecide.decisions.sizing.memory import GIB
from archdecide.decisions.sizing.replica import compute_sizing
from archdecide.decisions.sizing.tco import compute_tco
from archdecide.knowledge.pack import KnowledgePack

DATA = Path(__file__).with_name("measurements.toml")
UNITS = {"weights_gib": "GiB", "weights_gib_per_gpu": "GiB/GPU", "kv_gib_per_gpu": "GiB/GPU",
         "gpus": "GPUs", "decode_tps": "tok/s", "tp_speedup": "x", "aggregate_tps": "tok/s",
         "ttft_ms": "ms", "api_usd_per_mtok": "$/1M tok"}


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    value: float
    tolerance: float
    source: dict[str, str]
    quote: str
    inputs: dict[str, Any]
    known_gap: str = ""
    note: str = ""

    def within(self, predicted: float) -> bool:
        if self.tolerance == 0:
            return abs(predicted - self.value) < 1e-6 * max(1.0, abs(self.value))
        return abs(predicted - self.value) <= self.tolerance * abs(self.value)


def load() -> list[Case]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    cases = []
    for m in data["measurements"]:
        inputs = {"model": m["model"], "precision": m["precision"], "gpu": m["gpu"],
                  "context_tokens": m.get("context", 4096),
                  "concurrency": m.get("concurrency", 1)}
        for key, name in (("engine", "engine"), ("tp", "tp"), ("prompt", "prompt_tokens"),
                          ("kv_precision", "kv_precision"), ("comparator", "comparator")):
            if key in m:
                inputs[name] = m[key]
        cases.append(Case(m["id"], m["kind"], float(m["value"]), float(m["tolerance"]),
                          data["sources"][m["source"]], m.get("quote", ""), inputs,
                          m.get("known_gap", ""), m.get("note", "")))
    return cases


def predict(pack: KnowledgePack, case: Case) -> float:
    if case.kind == "api_usd_per_mtok":
        report = compute_tco(pack, {**case.inputs, "monthly_tokens": 10**9}, {})
        cost = report.families["api"].usd_per_mtok
        assert cost is not None
        return cost
    s = compute_sizing(pack, case.inputs, {})
    if case.kind == "weights_gib":
        return s.weights_bytes / GIB
    if case.kind == "weights_gib_per_gpu":
        return s.weights_bytes / s.gpus_per_replica / GIB
    if case.kind == "kv_gib_per_gpu":
        return s.kv_room_bytes / s.gpus_per_replica / GIB
    if case.kind == "gpus":
        return s.gpus_per_replica
    if case.kind == "decode_tps":
        return s.decode_tokens_per_s
    if case.kind == "tp_speedup":
        one = compute_sizing(pack, {**case.inputs, "tp": 1}, {})
        return s.decode_tokens_per_s / one.decode_tokens_per_s
    if case.kind == "aggregate_tps":
        return s.aggregate_tokens_per_s
    if case.kind == "ttft_ms":
        return s.ttft_s * 1000
    raise ValueError(f"unknown kind {case.kind}")
