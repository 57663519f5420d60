"""Shared fixtures: the tiny test pack and the bundled pack, loaded once per session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "tests" / "packs"
TINY = PACKS / "tiny"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def tiny() -> KnowledgePack:
    return load_pack(TINY)


@pytest.fixture(scope="session")
def bundled() -> KnowledgePack:
    return load_pack()


def archdecide_exe() -> str:
    """The installed console script of the environment running the tests."""
    exe = BIN / "archdecide"
    assert exe.exists(), f"{exe} is missing: install the project (make test does)"
    return str(exe)


@pytest.fixture
def clean_env() -> dict[str, str]:
    """The environment for subprocesses, without the user's ARCHDECIDE_* settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}
