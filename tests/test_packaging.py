"""One installed package: the wheel holds `archdecide` and nothing else at its top level, works
from where it is installed (the bundled pack included), and neither the CLI nor `serve`'s
per-session command picks up a `tui/`, `knowledge/` or `archdecide/` folder from the current
directory."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from archdecide import __version__
from archdecide.tui.commands.serve import wizard_command_line
from tests.conftest import ROOT

PLANTED = "import pathlib; pathlib.Path({marker!r}).write_text('imported')\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    (found,) = out.glob("archdecide-*.whl")
    return found


def _plant(folder: Path, marker: Path) -> None:
    """Packages named like ours that record being imported."""
    for name in ("tui", "knowledge", "decisions", "archdecide"):
        (folder / name).mkdir(parents=True, exist_ok=True)
        (folder / name / "__init__.py").write_text(PLANTED.format(marker=str(marker)))


def test_the_wheel_installs_only_archdecide(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"archdecide", f"archdecide-{__version__}.dist-info"}
    assert "archdecide/knowledge/packs/llm_deployment/questions.toml" in names
    assert "archdecide/tui/app.tcss" in names
    top_level = next((n for n in names if n.endswith("top_level.txt")), None)
    if top_level is not None:
        assert zipfile.ZipFile(wheel).read(top_level).decode().split() == ["archdecide"]


def test_the_installed_layout_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    cwd = tmp_path / "elsewhere"
    marker = tmp_path / "marker"
    _plant(cwd, marker)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = ("import archdecide, archdecide.knowledge.loader as l; "
            "print(archdecide.__file__); print(l.load_pack().summary())")
    result = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True,
                            text=True, env=env, cwd=cwd, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site / "archdecide"))
    assert "llm_deployment" in result.stdout and not marker.exists()


def test_serve_sessions_never_import_from_the_current_folder(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    _plant(tmp_path, marker)
    argv = shlex.split(wizard_command_line(None, (), None, None))
    assert argv[:4] == [sys.executable, "-P", "-m", "archdecide"]
    result = subprocess.run([*argv[:4], "--version"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"archdecide {__version__}"
    assert not marker.exists(), "a planted package was imported"


def test_readme_layout_names_every_module_and_folder() -> None:
    """The README's layout section matches the tree: every module and subfolder of knowledge/,
    decisions/ and tui/ (and every top-level folder) is named there, so a new one cannot go
    undocumented."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout\n", 1)[1].split("```", 2)[1]
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.-]*", layout))
    missing = [f"{top}/" for top in ("knowledge", "decisions", "tui", "tests", "bench", "docs",
                                     "archdecide") if f"{top}/" not in layout]
    for top in ("knowledge", "decisions", "tui"):
        for path in sorted((ROOT / top).rglob("*")):
            inside = path.relative_to(ROOT / top).parts
            if "__pycache__" in inside or path.name == "__init__.py" or \
                    (inside[0] == "packs" and len(inside) > 1):
                continue
            if (path.is_dir() or path.suffix == ".py") and not {path.stem, path.name} & words:
                missing.append(str(path.relative_to(ROOT)))
    assert not missing, f"README.md's layout does not name: {', '.join(missing)}"


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_textual_is_pinned_exactly_and_the_lock_covers_every_dependency() -> None:
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    [textual] = [d for d in project["dependencies"] if d.startswith("textual==")]
    locked = _locked()
    assert textual == f"textual=={locked['textual']}"
    assert version("textual") == locked["textual"], "installed Textual differs from the lock"
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~ \[]", d, maxsplit=1)[0]).lower()
             for d in wanted}
    assert names <= set(locked), sorted(names - set(locked))


def test_the_private_textual_hook_the_wizard_overrides_still_exists() -> None:
    """tui/app.py overrides App._fatal_error (Textual has no public hook that runs before its
    traceback is printed); an upgrade that drops or renames it must fail here, not silently
    bring back tracebacks (test_wizard_pilot checks the behaviour)."""
    import inspect

    from textual.app import App

    from archdecide.tui.app import ArchdecideApp

    hook = getattr(App, "_fatal_error", None)
    assert callable(hook), "textual.app.App._fatal_error is gone: see tui/app.py"
    assert list(inspect.signature(hook).parameters) == ["self"]
    assert "self._fatal_error()" in inspect.getsource(App), "Textual no longer calls the hook"
    assert ArchdecideApp._fatal_error is not App._fatal_error
