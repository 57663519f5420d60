"""The headless path never imports Textual or Rich: every headless command is run for real in a
fresh interpreter (one after another), which then reports the UI modules it loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import TINY

EACH = """
import contextlib, io, json, sys
from archdecide.tui.cli import cli
out = []
for args in {commands!r}:
    code = 0
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main(args=args, standalone_mode=False)
        except SystemExit as exc:
            code = exc.code or 0
    out.append([code, sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))])
print(json.dumps(out))
"""


def ui_modules_after_each(commands: list[list[str]], cwd: Path) -> list[tuple[int, list[str]]]:
    """Run the commands one after another in one fresh interpreter; after each, its exit code
    and every UI module loaded so far (a UI import by any command shows from it on)."""
    result = subprocess.run([sys.executable, "-c", EACH.format(commands=commands)],
                            capture_output=True, text=True, timeout=300, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return [(code, modules) for code, modules in json.loads(result.stdout.splitlines()[-1])]


@pytest.mark.parametrize("module", [
    "archdecide.knowledge.loader", "archdecide.knowledge.schema", "archdecide.decisions",
    "archdecide.decisions.engine.evaluation", "archdecide.decisions.records.store",
    "archdecide.tui.cli", "archdecide.tui.commands.decide", "archdecide.tui.commands.records"])
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
    results = ui_modules_after_each(commands, tmp_path)  # one interpreter, in this order
    for args, (code, modules) in zip(commands, results, strict=True):
        assert code == 0, args
        assert modules == [], (args, modules)


def test_wizard_first_frame_path_imports_neither_click_nor_the_engine() -> None:
    """A plain `archdecide` draws its first frame from tui.entry, launch, app, the drafts and
    the welcome screen; the pack (pydantic), the engine (networkx) and click come after it."""
    first_frame = ", ".join(f"archdecide.{m}" for m in (
        "tui.entry", "tui.launch", "tui.app", "tui.screens.welcome", "decisions.drafts"))
    heavy = ("click", "pydantic", "networkx", "archdecide.decisions.engine",
             "archdecide.decisions.records", "archdecide.decisions.sizing",
             "archdecide.knowledge.schema", "archdecide.knowledge.loader")
    probe = (f"import sys, {first_frame}; print(sorted(m for m in sys.modules "
             f"if m in {heavy!r} or m.startswith(tuple(h + '.' for h in {heavy!r}))))")
    # from another folder: the repository's own tui/ must not stand in for the installed one
    result = subprocess.run([sys.executable, "-P", "-c", probe], capture_output=True, text=True,
                            timeout=120, cwd=tempfile.gettempdir())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


PLUGIN_PROBE = """
import atexit, sys
def report():
    from pydantic.plugin import _loader
    print("plugins scanned:", _loader._plugins is not None, file=sys.stderr)
atexit.register(report)
from archdecide.tui.entry import main
main({args!r})
"""


@pytest.mark.parametrize("user_value", [None, ""])
def test_commands_skip_the_pydantic_plugin_scan_unless_the_user_asks(
        tmp_path: Path, clean_env: dict[str, str], user_value: str | None) -> None:
    """Looking for pydantic plugins reads every installed distribution's entry points
    (~60 ms a command); archdecide has none to find. A user's own setting of
    PYDANTIC_DISABLE_PLUGINS (here: empty, i.e. plugins on) is kept."""
    answers = tmp_path / "a.toml"
    answers.write_text('[answers]\ndata_sensitivity = "regulated"\n', encoding="utf-8")
    env = {k: v for k, v in clean_env.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if user_value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = user_value
    args = ["decide", "--answers", str(answers), "--format", "json"]
    result = subprocess.run([sys.executable, "-c", PLUGIN_PROBE.format(args=args)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["recommendation"]
    scanned = user_value is not None
    assert result.stderr.splitlines()[-1] == f"plugins scanned: {scanned}"
