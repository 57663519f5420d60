"""The sizing model against published measurements (tests/published/measurements.toml).

Each case carries its source (URL, date) and the quoted figure. Tolerances: exact where the
figure is arithmetic (GPU counts, like-for-like API prices), 10% for memory, 25% for speed
(and for small KV remainders, as the case's note says). Cases the model cannot yet express
carry `known_gap`: they must stay outside the tolerance, so an improvement shows up here and
the gap is removed from the file and from docs/sizing.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archdecide.knowledge.pack import KnowledgePack
from tests.published.evaluate import Case, load, predict
from tests.published.table import render
from tests.test_sizing_memory import build_catalog_pack

CASES = load()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> KnowledgePack:
    return build_catalog_pack(tmp_path_factory.mktemp("published_pack"))


def test_at_least_25_measurements_are_met_across_kinds() -> None:
    met = [c for c in CASES if not c.known_gap]
    assert len(met) >= 25
    assert {c.kind for c in met} >= {"weights_gib", "kv_gib_per_gpu", "gpus", "decode_tps",
                                     "aggregate_tps", "ttft_ms", "api_usd_per_mtok"}
    for case in CASES:
        assert case.source["url"] and case.source["date"], case.id


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_published_measurement(pack: KnowledgePack, case: Case) -> None:
    predicted = predict(pack, case)
    where = f"{case.source['title']} ({case.source['url']}, {case.source['date']})"
    if case.known_gap:
        assert not case.within(predicted), (
            f"{case.id} is now within tolerance ({predicted:.4g} vs {case.value:.4g}): "
            f"remove its known_gap and update docs/sizing.md; {where}")
    else:
        assert case.within(predicted), (
            f"{case.id}: model {predicted:.4g}, measured {case.value:.4g} "
            f"(tolerance {case.tolerance:.0%}); {where}")


def test_docs_table_is_generated_from_the_measurements(pack: KnowledgePack) -> None:
    docs = (ROOT / "docs" / "sizing.md").read_text(encoding="utf-8")
    assert render(pack) in docs, "regenerate with: python -m tests.published.table"
