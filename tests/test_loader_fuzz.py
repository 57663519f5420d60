"""Whatever bytes a pack file holds, load_pack raises KnowledgeError and nothing else."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archdecide.knowledge.errors import KnowledgeError
from archdecide.knowledge.loader import load_pack
from tests.conftest import TINY

TOML_ISH = st.text(
    alphabet=st.sampled_from(list('[]{}=",.\n #\'abcdefgiklmnopqrstuvwxyz_0123456789-+e:')),
    max_size=300,
)

# Valid TOML documents whose values are arbitrary: they get past the parser into validation.
TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "kind", "when", "is", "all", "not", "question",
                                       "options", "ratings", "next", "to", "x"]),
                      children, max_size=4),
    max_leaves=20,
)


def _load_with(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack"
        shutil.copytree(TINY, pack)
        (pack / name).write_bytes(data)
        try:
            load_pack(pack)
        except KnowledgeError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.file and problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _load_with("questions.toml", data)


@settings(max_examples=150, deadline=None)
@given(TOML_ISH)
def test_arbitrary_toml_like_text(text: str) -> None:
    _load_with("extra.toml", text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["questions", "architectures", "rules", "criteria", "gpus", "pack"]),
       st.lists(TOML_VALUES, max_size=3))
def test_arbitrary_section_contents(section: str, entries: list[object]) -> None:
    import tomli_w

    doc = {section: [e if isinstance(e, dict) else {"value": e} for e in entries]}
    try:
        data = tomli_w.dumps(doc).encode("utf-8")
    except (TypeError, ValueError):
        return  # tomli-w cannot write None; nothing to test
    _load_with("extra.toml", data)
