"""Remembered `validate` verdicts (decisions/verdict_cache.py): a hit prints exactly what a
full validation prints, skips pydantic and networkx, and is never served after anything that
could change the verdict (a file, an overlay, the folder paths are shown from, the code)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from decisions import verdict_cache
from tests.conftest import TINY, archdecide_exe

NO_EFFECT_OPTION = '''
[[questions.options]]
id = "unsure"
label = "Not sure"
help = "An option that changes nothing: lint warns about it."
'''


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    folder = Path(shutil.copytree(TINY, tmp_path / "pack"))
    questions = folder / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    marker = "\n[[questions]]\nid = \"volume\""
    assert marker in text
    questions.write_text(text.replace(marker, NO_EFFECT_OPTION + marker, 1), encoding="utf-8")
    return folder


def validate(*args: str, env: dict[str, str], cwd: Path | None = None,
             importtime: bool = False) -> subprocess.CompletedProcess[str]:
    exe = archdecide_exe()
    command = [str(Path(exe).parent / "python"), "-X", "importtime", exe] if importtime \
        else [exe]
    return subprocess.run([*command, "validate", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("verdict-*.json"))


def test_a_remembered_verdict_prints_what_validation_prints(
        pack_dir: Path, tmp_path: Path, clean_env: dict[str, str]) -> None:
    cache = tmp_path / "cache"
    env = {**clean_env, "ARCHDECIDE_CACHE_DIR": str(cache)}
    first = validate(str(pack_dir), env=env)
    assert first.returncode == 0, first.stderr
    assert "[no-effect]" in first.stderr and first.stdout.startswith("ok: tiny ")
    assert len(entries(cache)) == 1
    second = validate(str(pack_dir), env=env, importtime=True)
    uncached = validate(str(pack_dir), env={**clean_env, "ARCHDECIDE_CACHE_DIR": "off"})
    warnings = [line for line in second.stderr.splitlines()
                if not line.startswith("import time:")]
    assert (second.returncode, second.stdout, warnings) == \
        (uncached.returncode, uncached.stdout, uncached.stderr.splitlines()) == \
        (0, first.stdout, first.stderr.splitlines())
    imported = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines()
                if line.startswith("import time:")}
    assert "decisions.verdict_cache" in imported
    assert not {"pydantic", "networkx", "knowledge.schema", "decisions.lint"} & imported


def test_an_edit_after_a_pass_is_validated_afresh(
        pack_dir: Path, tmp_path: Path, clean_env: dict[str, str]) -> None:
    env = {**clean_env, "ARCHDECIDE_CACHE_DIR": str(tmp_path / "cache")}
    assert validate(str(pack_dir), env=env).returncode == 0
    questions = pack_dir / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace('{ to = "speed_need" },', '{ to = "nowhere" },', 1),
                         encoding="utf-8")
    broken = validate(str(pack_dir), env=env)
    assert broken.returncode == 3
    assert "nowhere" in broken.stderr and "ok:" not in broken.stdout
    questions.write_text(text, encoding="utf-8")
    assert validate(str(pack_dir), env=env).returncode == 0


def test_a_broken_pack_is_never_remembered(tmp_path: Path, clean_env: dict[str, str]) -> None:
    cache = tmp_path / "cache"
    env = {**clean_env, "ARCHDECIDE_CACHE_DIR": str(cache)}
    broken = TINY.parent / "broken" / "unknown-key"
    for _ in range(2):
        result = validate(str(broken), env=env)
        assert result.returncode == 3 and "promt" in result.stderr
    assert entries(cache) == []


def test_paths_are_shown_from_the_folder_validate_runs_in(
        pack_dir: Path, tmp_path: Path, clean_env: dict[str, str]) -> None:
    env = {**clean_env, "ARCHDECIDE_CACHE_DIR": str(tmp_path / "cache")}
    from_parent = validate("pack", env=env, cwd=pack_dir.parent)
    from_inside = validate(".", env=env, cwd=pack_dir)
    assert "pack/questions.toml: questions.sensitivity" in from_parent.stderr
    assert from_inside.stderr.startswith("warning: questions.toml: questions.sensitivity")
    assert from_parent.stdout == from_inside.stdout


def test_a_corrupt_entry_means_a_full_validation(
        pack_dir: Path, tmp_path: Path, clean_env: dict[str, str]) -> None:
    cache = tmp_path / "cache"
    env = {**clean_env, "ARCHDECIDE_CACHE_DIR": str(cache)}
    first = validate(str(pack_dir), env=env)
    [entry] = entries(cache)
    entry.write_text('{"stdout": 3}', encoding="utf-8")
    again = validate(str(pack_dir), env=env)
    assert (again.returncode, again.stdout, again.stderr) == \
        (0, first.stdout, first.stderr)


def test_the_key_covers_overlays_code_and_salt(pack_dir: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "extra.toml").write_text(
        '[[glossary]]\nid = "gpu"\nterm = "GPU"\ndefinition = "A graphics processor."\n',
        encoding="utf-8")
    base = verdict_cache.probe(pack_dir, (), b"salt")
    assert base is not None
    with_overlay = verdict_cache.probe(pack_dir, (overlay,), b"salt")
    other_salt = verdict_cache.probe(pack_dir, (), b"other")
    assert with_overlay is not None and other_salt is not None
    assert len({base.key, with_overlay.key, other_salt.key}) == 3
    assert base.content == other_salt.content != with_overlay.content
    verdict_cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(verdict_cache, "FORMAT", "verdict-other")
    try:
        changed = verdict_cache.probe(pack_dir, (), b"salt")
        assert changed is not None and changed.key != base.key
    finally:
        verdict_cache.code_fingerprint.cache_clear()
    assert verdict_cache.probe(tmp_path / "missing", (), b"salt") is None


def test_the_probe_hashes_the_pack_as_the_loader_does(pack_dir: Path) -> None:
    from knowledge.loader import load_pack

    found = verdict_cache.probe(pack_dir, (), b"")
    assert found is not None and found.content == load_pack(pack_dir).sha256
