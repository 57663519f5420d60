"""Synthetic knowledge packs of any size, for scaling benchmarks.

Shape: 12 criteria; N single-choice questions of 3 options, chained; every 10th question
branches on its own answer and skips the next one; each option shifts one or two weights;
every 7th question's third option excludes one architecture; M architectures with
deterministic pseudo-random ratings. Valid under load_pack and lint (no errors).
"""

from __future__ import annotations

import random
from pathlib import Path

import tomli_w

CRITERIA = 12


def write_pack(folder: Path, questions: int, architectures: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    crit = [f"c{i}" for i in range(CRITERIA)]
    archs = [f"a{i}" for i in range(architectures)]
    head = {
        "pack": {"id": f"synthetic-{questions}-{architectures}", "name": "Synthetic",
                 "version": "1.0.0", "description": "Generated for benchmarks.", "start": "q0"},
        "sources": [{"id": "gen", "title": "generated", "date": "2026-11"}],
        "criteria": [{"id": c, "name": c.upper(), "description": f"Criterion {c}.",
                      "default_weight": rng.randint(1, 5)} for c in crit],
    }
    qs = []
    for i in range(questions):
        after = f"q{i + 1}" if i + 1 < questions else "end"
        options = []
        for j in range(3):
            effects: dict = {"weights": {rng.choice(crit): rng.choice([-2, -1, 1, 2, 3])}}
            if i % 7 == 0 and j == 2:
                effects["exclude"] = [{"architecture": rng.choice(archs),
                                       "reason": "synthetic exclusion"}]
            options.append({"id": f"o{j}", "label": f"Option {j}", "help": "Synthetic.",
                            "effects": effects})
        edges = []
        if i % 10 == 0 and i + 2 < questions:
            edges.append({"to": f"q{i + 2}", "when": {"question": f"q{i}", "is": "o1"}})
        edges.append({"to": after})
        qs.append({"id": f"q{i}", "kind": "single", "prompt": f"Question {i}?",
                   "why": "Synthetic. Generated.", "default": "o0", "options": options,
                   "next": edges})
    arch = [{"id": a, "name": a.upper(), "summary": "Synthetic.", "family": "onprem",
             "internet_dependent": False, "data_leaves_premises": False, "pros": ["p"],
             "cons": ["c"], "ratings": {c: {"score": rng.randint(0, 5), "rationale": "r"}
                                        for c in crit}} for a in archs]
    (folder / "pack.toml").write_text(tomli_w.dumps(head), encoding="utf-8")
    (folder / "questions.toml").write_text(tomli_w.dumps({"questions": qs}), encoding="utf-8")
    (folder / "architectures.toml").write_text(tomli_w.dumps({"architectures": arch}),
                                               encoding="utf-8")
    return folder
