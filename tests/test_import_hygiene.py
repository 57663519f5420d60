"""The headless path never imports Textual or Rich: every headless command is run for real in a
fresh interpreter, which then reports the UI modules it loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TINY

PROBE = """
import contextlib, io, json, sys
from tui.cli import cli
code = 0
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cli.main(args={args!r}, standalone_mode=False)
    except SystemExit as exc:
        code = exc.code or 0
print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))]))
"""


def ui_modules_after(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    result = subprocess.run([sys.executable, "-c", PROBE.format(args=args)],
                            capture_output=True, text=True, timeout=120, cwd=cwd)
    assert result.returncode == 0, result.stderr
    code, modules = json.loads(result.stdout.splitlines()[-1])
    return code, modules


@pytest.mark.parametrize("module", ["knowledge.loader", "knowledge.schema", "decisions",
                                    "decisions.evaluation", "decisions.record_store",
                                    "tui.cli", "tui.commands.decide", "tui.commands.records"])
def test_headless_modules_do_not_import_ui(module: str) -> None:
    result = subprocess.run([sys.executable, "-c", f"import sys, {module}; print(sorted(m for m"
                             " in sys.modules if m.split('.')[0] in ('textual', 'rich')))"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_headless_command_runs_without_ui(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text('[answers]\ndata_sensitivity = "regulated"\n', encoding="utf-8")
    records = str(tmp_path / "records")
    commands = [
        ["validate"], ["validate", str(TINY)],
        ["decide", "--answers", str(answers), "--format", "json"],
        ["decide", "--answers", str(answers), "--save", "--title", "T", "--records", records],
        ["size", "--model", "llama-3.1-8b", "--precision", "bf16", "--format", "json"],
        ["graph", "--format", "mermaid"], ["schema", "knowledge"], ["schema", "record"],
        ["records", "list", "--records", records], ["records", "show", "1", "--records", records],
        ["records", "check", "--records", records],
        ["records", "recheck", "1", "--records", records],
        ["records", "export", "1", "--format", "madr", "--records", records],
    ]
    for args in commands:
        code, modules = ui_modules_after(args, tmp_path)
        assert code == 0, args
        assert modules == [], (args, modules)


def test_wizard_first_frame_path_imports_neither_click_nor_the_engine() -> None:
    """A plain `archdecide` draws its first frame from tui.entry, tui.launch, tui.app and the
    welcome screen; the pack (pydantic), the engine (networkx) and click come after it."""
    first_frame = "tui.entry, tui.launch, tui.app, tui.screens.welcome, tui.drafts"
    heavy = ("click", "pydantic", "networkx", "decisions", "knowledge.schema",
             "knowledge.loader")
    probe = (f"import sys, {first_frame}; print(sorted(m for m in sys.modules "
             f"if m.split('.')[0] in {heavy!r} or m in {heavy!r}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
