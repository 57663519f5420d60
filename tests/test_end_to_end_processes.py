"""Each headless command once as a real process of the installed console script: the rest of
the suite runs them in process (tests/inprocess.py), which shares the entry point but not the
interpreter's start, its streams or its exit. Each run checks the exit code, that stderr is
empty on success, and one thing the output must say."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TINY, archdecide_exe


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([archdecide_exe(), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two saved decisions of the tiny pack, saved by real `decide --save` processes."""
    work = tmp_path_factory.mktemp("e2e")
    for n, sensitivity in ((1, "secret"), (2, "internal")):
        answers = work / f"a{n}.toml"
        answers.write_text(f'[meta]\ntitle = "Decision {n}"\n[answers]\n'
                           f'sensitivity = "{sensitivity}"\n', encoding="utf-8")
        done = run("decide", "--knowledge", str(TINY), "--answers", str(answers), "--save",
                   "--records", str(work / "records"), cwd=work)
        assert done.returncode == 0, done.stderr
        assert done.stdout.rstrip().endswith(f"000{n}-decision-{n}.toml"), done.stdout
    return work / "records"


@pytest.mark.parametrize(("args", "needle"), [
    (("decide", "--knowledge", str(TINY), "--set", "sensitivity=secret", "--format", "json"),
     '"recommendation": "onprem"'),
    (("size", "--model", "gpt-oss-120b", "--precision", "mxfp4", "--gpu", "h100-80gb", "--tco"),
     "GiB"),
    (("validate",), "ok: llm_deployment"),
    (("graph", "--format", "mermaid"), "flowchart"),
    (("schema", "record"), '"properties"'),
    (("drafts", "list"), "no drafts in"),
    (("--version",), "archdecide "),
], ids=lambda v: v[0] if isinstance(v, tuple) else None)
def test_command_as_a_process(args: tuple[str, ...], needle: str, tmp_path: Path) -> None:
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert needle in done.stdout, done.stdout[:2000]


def test_records_commands_as_processes(records: Path) -> None:
    listed = run("records", "list", "--records", str(records), "--format", "json",
                 cwd=records.parent)
    assert listed.returncode == 0, listed.stderr
    assert [r["title"] for r in json.loads(listed.stdout)] == ["Decision 1", "Decision 2"]
    shown = run("records", "show", "2", "--records", str(records), cwd=records.parent)
    assert shown.returncode == 0 and shown.stdout.startswith("0002. Decision 2"), shown.stderr
    checked = run("records", "check", "--records", str(records), cwd=records.parent)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    both = sorted(records.glob("*.toml"))
    compared = run("compare", str(both[0]), str(both[1]), "--knowledge", str(TINY),
                   cwd=records.parent)
    assert compared.returncode == 0, compared.stderr
    assert "Recommendation (different)" in compared.stdout
    assert "A: Secret" in compared.stdout and "B: Internal" in compared.stdout


def test_bad_input_as_a_process_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    done = run("decide", "--knowledge", str(TINY), "--set", "sensitivity=nonsense", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert "answers.sensitivity" in done.stderr.splitlines()[0], done.stderr
