"""The corpus of broken packs (tests/packs/broken/, made by make_broken.py): each has exactly one
defect, and `archdecide validate` must name the right file and key, exit 3, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdecide.knowledge.errors import KnowledgeError
from archdecide.knowledge.loader import load_pack
from tests.conftest import PACKS
from tests.inprocess import cli

BROKEN = PACKS / "broken"

# folder -> (file named, key named, a phrase of the message)
EXPECTED: dict[str, tuple[str, str, str]] = {
    "malformed-toml": ("questions.toml", "", "TOML syntax error"),
    "wrong-type": ("pack.toml", "criteria.cost.default_weight", "valid number"),
    "unknown-key": ("questions.toml", "questions.volume.promt", "not a known key"),
    "missing-required": ("questions.toml", "questions.volume.prompt", "required"),
    "dangling-exclusion": ("questions.toml",
                           "questions.sensitivity.options.secret.effects.exclude[0].architecture",
                           "'apii' is unknown"),
    "dangling-flow": ("questions.toml", "questions.volume.next[0].to", "'nowhere' is unknown"),
    "bad-condition-shape": ("questions.toml", "questions.sensitivity.next[0].when",
                            "expected a condition"),
    "condition-unknown-option": ("questions.toml", "questions.sensitivity.next[0].when",
                                 "'secrett'"),
    "unknown-criterion-rating": ("architectures.toml", "architectures.rented.ratings.sped",
                                 "criterion"),
    "rating-out-of-range": ("architectures.toml", "architectures.onprem.ratings.control.score",
                            "less than or equal to 5"),
    "bad-default": ("questions.toml", "questions.speed_need.default", "weeks, months"),
    "unknown-source": ("catalog.toml", "gpus.l4-24gb.source", "'nowhere' is unknown"),
    "unknown-start": ("pack.toml", "pack.start", "'sensitivty' is unknown"),
    "glossary-dangling": ("architectures.toml", "glossary.tco.questions", "'volumes'"),
    "options-on-number": ("questions.toml", "questions.volume", "take no options"),
    "bad-date": ("catalog.toml", "models.llama-3.1-8b.date", "YYYY-MM"),
    "negative-number": ("catalog.toml", "gpus.l4-24gb.memory_gb", "greater than 0"),
    "unknown-section": ("pack.toml", "criterion", "not a known section"),
    "not-utf8": ("notes.toml", "", "not valid UTF-8"),
    "duplicate-id": ("more.toml", "architectures.api", "duplicate id"),
    "two-pack-tables": ("pack.toml", "pack", "already defined"),
    "empty-folder": ("empty-folder", "", "no .toml files"),
}


def test_corpus_is_complete() -> None:
    on_disk = {p.name for p in BROKEN.iterdir() if p.is_dir()}
    assert on_disk == set(EXPECTED), "regenerate with tests/packs/make_broken.py"
    assert len(on_disk) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loader_names_file_and_key(name: str) -> None:
    file, key, phrase = EXPECTED[name]
    with pytest.raises(KnowledgeError) as caught:
        load_pack(BROKEN / name)
    problems = caught.value.problems
    assert problems, "a KnowledgeError must carry at least one problem"
    match = [p for p in problems if Path(p.file).name == file and p.key.startswith(key)
             and phrase in p.message]
    assert match, f"no problem names {file}: {key}: ...{phrase}...; got {problems}"


@pytest.mark.parametrize("name", ["unknown-key", "not-utf8", "malformed-toml", "empty-folder"])
def test_validate_command_exits_3_without_traceback(name: str, clean_env: dict[str, str]) -> None:
    result = cli("validate", str(BROKEN / name), env=clean_env, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    file, key, phrase = EXPECTED[name]
    first = result.stderr.splitlines()[0]
    assert file in first and key in first and phrase in first


def test_syntax_error_points_at_the_line_and_column() -> None:
    broken = BROKEN / "malformed-toml" / "questions.toml"
    lines = broken.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text == 'prompt = "Tokens')
    with pytest.raises(KnowledgeError) as caught:
        load_pack(BROKEN / "malformed-toml")
    assert f"(at line {line}, column {len(lines[line - 1]) + 1})" in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Two defects in two files: both are reported, not just the first."""
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(PACKS / "tiny", pack)
    for file, old, new in [("questions.toml", 'prompt = "Tokens per month?"', 'promt = "x"'),
                           ("pack.toml", "default_weight = 3", 'default_weight = "x"')]:
        text = (pack / file).read_text(encoding="utf-8")
        (pack / file).write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_pack(pack)
    files = {Path(p.file).name for p in caught.value.problems}
    assert files == {"questions.toml", "pack.toml"}


def test_missing_folder(tmp_path: Path, clean_env: dict[str, str]) -> None:
    result = cli("validate", str(tmp_path / "nope"), env=clean_env, timeout=60)
    assert result.returncode == 3
    assert "no such folder" in result.stderr and "nope" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2(clean_env: dict[str, str]) -> None:
    result = cli("validate", "a", "b", env=clean_env, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
