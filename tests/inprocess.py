"""The console script's entry point run in this process, as a process would run it.

`cli("decide", "--answers", path, env=env, cwd=folder)` calls archdecide.tui.entry.main - the
function the installed `archdecide` script calls - under click's CliRunner isolation: its own
stdin, stdout and stderr, the whole environment replaced by `env` (not merged, exactly as
`subprocess.run(..., env=env)` does), and `cwd` as the current folder. It returns a
subprocess.CompletedProcess, so a test reads `returncode`, `stdout` and `stderr` the same way
either way. About 0.1 s a call instead of ~0.5 s for a new interpreter.

Real processes stay where the process is the point: ptys and signals (test_wizard_e2e,
test_drafts), packaging and import hygiene, serve, concurrency (file locks between processes),
and a few end-to-end runs per command (test_end_to_end_processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from archdecide.tui.entry import main


def cli(*args: str | os.PathLike[str], env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None, input: str | bytes | None = None,
        timeout: float | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `archdecide ARGS` in process; `timeout` is accepted for a drop-in replacement of
    subprocess.run and ignored (nothing here waits on anything outside the process)."""
    del timeout
    argv = [os.fspath(a) for a in args]
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(Path(cwd))
        with CliRunner().isolation(input=input) as (out, err, _):
            try:
                main(argv)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            sys.stdout.flush()  # print() to them is buffered; click.echo flushes itself
            sys.stderr.flush()
            stdout = out.getvalue().decode("utf-8", "replace")
            stderr = err.getvalue().decode("utf-8", "replace")
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    done = subprocess.CompletedProcess(["archdecide", *argv], code, stdout, stderr)
    if check:
        done.check_returncode()
    return done
