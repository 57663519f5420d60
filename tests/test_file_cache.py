"""The cache of validated pack files (knowledge/file_cache.py): the same pack with or without
it, never stale after an edit, harmless when corrupt or unwritable, and never caching a
broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import file_cache
from knowledge.errors import KnowledgeError
from knowledge.loader import load_pack
from knowledge.pack import KnowledgePack
from tests.conftest import TINY

SECTIONS = ("criteria", "questions", "architectures", "rules", "glossary", "sources")


def dump(pack: KnowledgePack) -> dict[str, object]:
    out: dict[str, object] = {"meta": pack.meta.model_dump(), "sha256": pack.sha256}
    for name in SECTIONS:
        out[name] = {k: v.model_dump() for k, v in getattr(pack, name).items()}
    return out


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ARCHDECIDE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "pack"))


def test_cached_load_equals_a_fresh_load(cache: Path, pack_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_pack(pack_dir)
    entries = sorted(cache.glob("*.pickle"))
    assert len(entries) == len(list(pack_dir.glob("*.toml")))
    second = load_pack(pack_dir)  # from the cache
    monkeypatch.setenv("ARCHDECIDE_CACHE_DIR", "off")
    uncached = load_pack(pack_dir)
    assert dump(first) == dump(second) == dump(uncached)


def test_an_edited_file_is_never_served_stale(cache: Path, pack_dir: Path) -> None:
    load_pack(pack_dir)
    questions = pack_dir / "questions.toml"
    text = questions.read_text(encoding="utf-8")
    assert 'prompt = "Tokens per month?"' in text
    questions.write_text(text.replace('prompt = "Tokens per month?"',
                                      'prompt = "Tokens each month?"'), encoding="utf-8")
    pack = load_pack(pack_dir)
    assert "Tokens each month?" in [q.prompt for q in pack.questions.values()]


def test_a_corrupt_entry_is_ignored_and_replaced(cache: Path, pack_dir: Path) -> None:
    expected = dump(load_pack(pack_dir))
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert dump(load_pack(pack_dir)) == expected
    assert all(e.read_bytes() != b"not a pickle" for e in cache.glob("*.pickle"))


def test_an_unwritable_cache_is_no_error(tmp_path: Path, pack_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ARCHDECIDE_CACHE_DIR", str(blocker / "cache"))
    assert load_pack(pack_dir).id == "tiny"


def test_off_writes_nothing(tmp_path: Path, pack_dir: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHDECIDE_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert file_cache.cache_dir() is None
    load_pack(pack_dir)
    assert not (tmp_path / "xdg").exists()


def test_a_broken_file_is_reported_every_time(cache: Path, pack_dir: Path) -> None:
    questions = pack_dir / "questions.toml"
    questions.write_text(questions.read_text(encoding="utf-8").replace(
        'prompt = "Tokens per month?"', 'promt = "Tokens per month?"'), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(KnowledgeError) as caught:
            load_pack(pack_dir)
        assert any("promt" in str(p) for p in caught.value.problems)
    cached = len(list(cache.glob("*.pickle")))
    assert cached == len(list(pack_dir.glob("*.toml"))) - 1  # all but the broken one


def test_the_key_changes_with_the_validating_code(cache: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"[pack]\n"
    before = file_cache._entry(cache, data)
    file_cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(file_cache, "FORMAT", "v-other")
    try:
        assert file_cache._entry(cache, data) != before
    finally:
        file_cache.code_fingerprint.cache_clear()
