"""The bundled pack's files are parsed by rtoml only because this test checks them: each
trusted digest is a bundled file today, and rtoml reads each exactly as tomllib does
(knowledge/trusted.py). After editing the pack, `make trust` rewrites the digests."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest
import rtoml

from archdecide.knowledge.pack_files import bundled_pack_path
from archdecide.knowledge.trust_build import bundled_digests
from archdecide.knowledge.trusted import trusted_parse
from archdecide.knowledge.trusted_digests import TRUSTED_PACK_SHA256, TRUSTED_SHA256

FILES = sorted(bundled_pack_path().rglob("*.toml"))


def test_the_trusted_digests_are_the_bundled_files_of_today() -> None:
    assert sorted(TRUSTED_SHA256) == bundled_digests(), (
        "the bundled pack changed: check it and run `make trust`")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rtoml_reads_each_trusted_file_as_tomllib_does(path: Path) -> None:
    data = path.read_bytes()
    reference = tomllib.loads(data.decode("utf-8"))
    assert rtoml.loads(data.decode("utf-8")) == reference
    assert trusted_parse(data) == reference


def test_the_trusted_pack_is_the_bundled_pack_and_lints_clean(tmp_path: Path) -> None:
    """Commands skip the lint's error checks for this one content hash: it must be the bundled
    pack's today, and its lint must find no error (an overlay or an edit changes the hash)."""
    from archdecide.decisions.engine.lint import errors
    from archdecide.knowledge.loader import load_pack
    from archdecide.knowledge.trusted import lint_checked

    pack = load_pack()
    assert pack.sha256 == TRUSTED_PACK_SHA256, "the bundled pack changed: run `make trust`"
    assert errors(pack) == [] and lint_checked(pack.sha256)
    overlay = tmp_path / "ours"
    overlay.mkdir()
    (overlay / "sources.toml").write_text(
        '[[sources]]\nid = "our-quote"\ntitle = "Our vendor quote"\ndate = "2026-10"\n',
        encoding="utf-8")
    assert not lint_checked(load_pack(overlays=(overlay,)).sha256)


def test_any_other_bytes_are_left_to_tomllib() -> None:
    edited = FILES[0].read_bytes() + b"\n# edited\n"
    assert hashlib.sha256(edited).hexdigest() not in TRUSTED_SHA256
    assert trusted_parse(edited) is None
    assert trusted_parse(b'a = 1\n') is None


def test_the_pickled_pack_is_the_pack_its_files_give() -> None:
    """`load_pack()` of the bundled pack comes from trusted_pack.pickle: everything in it
    must be what loading and validating the files gives, down to where each entry is from."""
    from archdecide.knowledge.loader import load_pack
    from archdecide.knowledge.schema import SECTIONS
    from archdecide.knowledge.trusted import code_fingerprint, trusted_pack
    from archdecide.knowledge.trusted_digests import TRUSTED_PICKLE_FOR

    assert code_fingerprint() == TRUSTED_PICKLE_FOR, (
        "knowledge/schema.py, conditions.py, pydantic or Python changed: run `make trust`")
    assert trusted_pack(TRUSTED_PACK_SHA256) is not None  # so load_pack() took the pickle
    quick, files = load_pack(), load_pack(trusted=False)
    for name in SECTIONS:
        assert dict(getattr(quick, name)) == dict(getattr(files, name)), name
    assert (quick.meta, quick.sha256, quick.files, dict(quick.origin), quick.root) == (
        files.meta, files.sha256, files.files, dict(files.origin), files.root)


def test_a_pickle_that_is_not_the_recorded_one_is_not_loaded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from archdecide.knowledge import trusted

    assert trusted.trusted_pack("0" * 64) is None  # files other than the ones it was made from
    forged = tmp_path / "trusted_pack.pickle"
    forged.write_bytes(pickle.dumps(("not", {}, {})))
    monkeypatch.setattr(trusted, "PICKLE", forged)
    assert trusted.trusted_pack(TRUSTED_PACK_SHA256) is None  # its digest is not the recorded
    monkeypatch.setattr(trusted, "PICKLE", tmp_path / "missing.pickle")
    assert trusted.trusted_pack(TRUSTED_PACK_SHA256) is None
