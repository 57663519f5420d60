"""Every command checks all of its input before it computes or prints: a bad value is one line
on stderr, the sentence first (decide lists each problem of its answers, then one line saying
nothing was computed), with exit 2 and nothing at all on stdout (issue 28, item 4).
Each row is an input a person gets wrong; the commands run in process (tests.inprocess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inprocess import cli

BAD = [
    ("decide", "--tag", "bad tag"),
    ("decide", "--set", "data_sensitivity=unknown_level"),
    ("decide", "--set", "no_such_question=1"),
    ("decide", "--assume", "no_such_constant=1"),
    ("decide", "--assume", "pue=hot"),
    ("decide", "--answers", "{missing}"),
    ("decide", "--save", "--title", "   ", "--records", "{records}"),
    ("decide", "--review-by", "next spring"),
    ("decide", "--format", "yaml"),
    ("size", "--precision", "fp7"),
    ("size", "--model", "no-such-model", "--precision", "fp8"),
    ("size", "--model", "gpt-oss-120b", "--params", "70", "--precision", "fp8"),
    ("size", "--model", "gpt-oss-120b", "--precision", "mxfp4", "--monthly-tokens", "lots"),
    ("size", "--model", "gpt-oss-120b", "--precision", "mxfp4", "--gpu", "no-such-gpu"),
    ("size", "--model", "gpt-oss-120b", "--precision", "mxfp4", "--tp", "2", "--ep", "2"),
    ("records", "show", "99", "--records", "{records}"),
    ("records", "show", "one", "--records", "{records}"),
    ("records", "list", "--format", "yaml", "--records", "{records}"),
    ("records", "export", "1", "--all", "--records", "{records}"),
    ("records", "link", "1", "--records", "{records}"),
    ("records", "supersede", "1", "--records", "{records}"),
    ("compare", "{missing}", "{missing}"),
    ("graph", "--format", "png"),
    ("schema", "--no-such-option"),
    ("drafts", "discard", "not-an-id"),
    ("serve", "--port", "70000"),
    ("no-such-command",),
]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(row) for row in BAD])
def test_bad_input_is_one_line_and_no_output(args: tuple[str, ...], tmp_path: Path) -> None:
    records = tmp_path / "decisions"
    records.mkdir()
    argv = [a.format(missing=tmp_path / "missing.toml", records=records) for a in args]
    result = cli(*argv, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    lines = result.stderr.splitlines()
    assert lines and lines[0].strip(), result.stderr
    if len(lines) > 1:  # each problem on its line (the first names the option or file), then
        assert len(lines) == 2 and "nothing was computed" in lines[1]  # what it meant
        assert lines[0].startswith(("--set:", "--assume:", str(tmp_path)))
    assert "Traceback" not in result.stderr and "Usage:" not in result.stderr
    assert list(records.iterdir()) == []  # nothing saved on the way


def test_an_assumption_is_blamed_on_the_option_it_came_from() -> None:
    result = cli("decide", "--assume", "no_such_constant=1")
    assert result.stderr.startswith("--assume: assumptions.no_such_constant: unknown")


def test_a_usage_error_names_the_option_and_where_help_is() -> None:
    result = cli("size", "--precision", "fp7")
    assert result.stderr.startswith("archdecide: Invalid value for '--precision': 'fp7'")
    assert result.stderr.rstrip().endswith("(see `archdecide size --help`)")
