"""Run the engine on every real decision in cases.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archdecide.decisions.engine.answers import check_answers
from archdecide.decisions.engine.evaluation import Evaluation, evaluate
from archdecide.knowledge.pack import KnowledgePack

DATA = Path(__file__).with_name("cases.toml")


@dataclass(frozen=True)
class Case:
    id: str
    organisation: str
    sector: str
    year: int
    chose: str
    source: str
    source_date: str
    quote: str
    answers: dict[str, Any]


def load() -> list[Case]:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return [Case(c["id"], c["organisation"], c["sector"], c["year"], c["chose"], c["source"],
                 c["source_date"], c["quote"], c["answers"]) for c in data["cases"]]


def run(pack: KnowledgePack, case: Case) -> Evaluation:
    answers, problems = check_answers(pack, case.answers)
    if problems:
        raise ValueError(f"{case.id}: {problems}")
    return evaluate(pack, answers, None, with_sensitivity=False)
