"""Two records of the bundled pack, the first superseded by the second, exported in every
MADR flavour; and the log4brains build of the default flavour, started once per test run in
the background (tests/conftest.py's pytest_configure) so its ~30-70 s run beside the rest
of the suite instead of holding one worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.inprocess import cli

ROOT = Path(__file__).resolve().parent.parent
FLAVOURS = ("default", "madr4", "nygard")
SITE_ENV = "TESTS_LOG4BRAINS_RUN"
"""The folder of this run's background log4brains build, for the test that reads it."""


def npm_tool(name: str) -> str | None:
    """An npm ADR tool: in the prefix .ci/run installs (build/npm), or on PATH."""
    local = ROOT / "build" / "npm" / "node_modules" / ".bin" / name
    return str(local) if local.exists() else shutil.which(name)


def export_flavours(base: Path, env: dict[str, str]) -> dict[str, Path]:
    """flavour -> the folder of its export (base/<flavour>/docs/adr)."""
    records = base / "records"
    answers = base / "b.toml"
    for title in ("First choice", "Second choice"):
        answers.write_text(f'[meta]\ntitle = "{title}"\ndecision_makers = ["Ada", "Grace"]\n'
                           '[answers]\ndata_sensitivity = "regulated"\n', encoding="utf-8")
        cli("decide", "--answers", str(answers), "--save", "--records", str(records), env=env,
            check=True)
    cli("records", "supersede", "1", "--by", "2", "--records", str(records), env=env,
        check=True)
    out = {}
    for flavour in FLAVOURS:
        out[flavour] = base / flavour / "docs" / "adr"
        cli("records", "export", "--all", "--flavour", flavour, "--out", str(out[flavour]),
            "--records", str(records), env=env, check=True)
    return out


def start_log4brains(base: Path) -> subprocess.Popen[bytes] | None:
    """Export, commit and start `log4brains build` on the default flavour in `base`; its
    output goes to base/build.log and its exit code to base/build.rc when it ends."""
    tool = npm_tool("log4brains")
    if tool is None:
        return None
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ARCHDECIDE_", "XDG_"))}
    env["HOME"] = str(base / "home")  # node and next.js write caches there, not in the user's
    (base / "home").mkdir()
    project = export_flavours(base, env)["default"].parent.parent
    (project / ".log4brains.yml").write_text("---\nproject:\n  name: Test\n  tz: Etc/UTC\n"
                                             "  adrFolder: ./docs/adr\n", encoding="utf-8")
    git = ["git", "-c", "user.email=a@b.c", "-c", "user.name=A"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "records"]):
        subprocess.run([*git, *args], cwd=project, env=env, check=True, capture_output=True,
                       timeout=60)
    script = '"$0" build --out "$1/site" > "$1/build.log" 2>&1; echo $? > "$1/build.rc"'
    return subprocess.Popen(["sh", "-c", script, tool, str(base)], cwd=project, env=env,
                            start_new_session=True, stdin=subprocess.DEVNULL)


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """End the build's process group if it is still running (an interrupted run)."""
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wait_for_build(base: Path, timeout: float = 600) -> tuple[int, str]:
    """The background build's exit code and output, once it has ended."""
    rc = base / "build.rc"
    deadline = time.monotonic() + timeout
    while not rc.exists() or not rc.read_text().strip():
        if time.monotonic() > deadline:
            raise TimeoutError(f"log4brains build did not end in {timeout:.0f} s")
        time.sleep(0.5)
    return int(rc.read_text()), (base / "build.log").read_text(encoding="utf-8", errors="replace")
