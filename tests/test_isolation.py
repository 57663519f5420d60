"""Tests leave no trace: the wizard's own tests, run under a temporary HOME with no XDG or
ARCHDECIDE_* variables (as on a developer's machine), write nothing there (conftest's
isolated_user gives each test its own folders)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_the_wizards_tests_write_nothing_into_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ARCHDECIDE_", "XDG_", "PYTEST_"))}
    env["HOME"] = str(home)
    # the Pilot tests of test_readability start the wizard in process with no state folder
    # given; before the autouse fixture each run left drafts in ~/.local/state/archdecide
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--basetemp", str(tmp_path / "basetemp"), "tests/test_readability.py", "-k",
         "checkboxes"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "1 passed" in done.stdout, done.stdout[-500:]
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert left == [], left
