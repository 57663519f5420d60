"""load_pack: merging, overlays, the content hash and immutability."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from archdecide.knowledge.errors import KnowledgeError
from archdecide.knowledge.loader import bundled_pack_path, load_pack
from archdecide.knowledge.pack import KnowledgePack
from tests.conftest import TINY
from tests.inprocess import cli


def test_tiny_pack_sections(tiny: KnowledgePack) -> None:
    assert tiny.id == "tiny"
    assert list(tiny.questions) == ["sensitivity", "volume", "speed_need"]
    assert set(tiny.architectures) == {"api", "rented", "onprem"}
    assert tiny.file_of("questions", "volume").endswith("questions.toml")
    assert len(tiny.sha256) == 64


def test_hash_is_independent_of_location_and_mtime(tmp_path: Path, tiny: KnowledgePack) -> None:
    copy = tmp_path / "elsewhere" / "tiny"
    shutil.copytree(TINY, copy)
    for file in copy.iterdir():
        file.touch()
    assert load_pack(copy).sha256 == tiny.sha256


def test_hash_changes_with_any_byte(tmp_path: Path, tiny: KnowledgePack) -> None:
    copy = tmp_path / "tiny"
    shutil.copytree(TINY, copy)
    with (copy / "pack.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment still changes the content\n")
    assert load_pack(copy).sha256 != tiny.sha256


def test_hash_ignores_hidden_and_non_toml_files(tmp_path: Path, tiny: KnowledgePack) -> None:
    copy = tmp_path / "tiny"
    shutil.copytree(TINY, copy)
    (copy / "README.md").write_text("notes", encoding="utf-8")
    (copy / ".draft.toml").write_text("not = valid = toml", encoding="utf-8")
    assert load_pack(copy).sha256 == tiny.sha256


def test_pack_is_frozen(tiny: KnowledgePack) -> None:
    with pytest.raises(ValidationError):
        tiny.questions["volume"].prompt = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        tiny.questions["new"] = tiny.questions["volume"]  # type: ignore[index]


def test_overlay_overrides_by_id_and_adds(tmp_path: Path, tiny: KnowledgePack) -> None:
    overlay = tmp_path / "ours"
    overlay.mkdir()
    (overlay / "gpus.toml").write_text(
        '[[sources]]\nid = "our-quote"\ntitle = "Our vendor quote"\ndate = "2026-10"\n\n'
        '[[gpus]]\nid = "l4-24gb"\nname = "NVIDIA L4 (our price list)"\nvendor = "NVIDIA"\n'
        'memory_gb = 24\nbandwidth_tbps = 0.3\npower_w = 75\nsource = "our-quote"\n'
        'date = "2026-10"\n', encoding="utf-8")
    merged = load_pack(TINY, overlays=(overlay,))
    assert merged.gpus["l4-24gb"].power_w == 75
    assert merged.gpus["l4-24gb"].source == "our-quote"
    assert "our-quote" in merged.sources
    assert merged.sha256 != tiny.sha256
    assert merged.file_of("gpus", "l4-24gb").endswith("gpus.toml")
    assert tiny.gpus["l4-24gb"].power_w == 72  # the base pack is untouched


def test_overlay_cannot_redefine_pack(tmp_path: Path) -> None:
    overlay = tmp_path / "ours"
    overlay.mkdir()
    (overlay / "p.toml").write_text((TINY / "pack.toml").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"p\.toml: pack: an overlay cannot redefine"):
        load_pack(TINY, overlays=(overlay,))


def test_overlay_reference_errors_name_the_overlay_file(tmp_path: Path) -> None:
    overlay = tmp_path / "ours"
    overlay.mkdir()
    (overlay / "rules.toml").write_text(
        '[[rules]]\nid = "r"\ndescription = "d"\n'
        'when = { question = "nope", is = "x" }\neffects = { warnings = ["w"] }\n',
        encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_pack(TINY, overlays=(overlay,))
    [problem] = caught.value.problems
    assert problem.file.endswith("rules.toml") and problem.key == "rules.r.when"
    assert "unknown question 'nope'" in problem.message


def test_bundled_pack_is_package_data() -> None:
    path = bundled_pack_path()
    assert path.is_dir() and any(path.glob("*.toml"))


def test_validate_ok_line(clean_env: dict[str, str], tiny: KnowledgePack) -> None:
    result = cli("validate", str(TINY), env=clean_env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"ok: tiny 1.0.0: 3 questions, 3 architectures, "
                             f"sha256 {tiny.sha256}\n")


def test_version_and_schema(clean_env: dict[str, str]) -> None:
    from archdecide import __version__

    version = cli("--version",
                             env=clean_env, timeout=60)
    assert version.stdout.strip() == f"archdecide {__version__}"
    schema = cli("schema", "knowledge", env=clean_env, timeout=60)
    doc = json.loads(schema.stdout)
    assert set(doc["properties"]) >= {"pack", "questions", "architectures", "gpus"}
    assert doc["additionalProperties"] is False


def test_validate_names_the_packs_licence_and_authors(clean_env: dict[str, str]) -> None:
    from archdecide.knowledge.loader import load_pack

    meta = load_pack(None).meta
    result = cli("validate",
                            env=clean_env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (f"  licence {meta.license}; authors: "
                                             f"{', '.join(meta.authors)}")
