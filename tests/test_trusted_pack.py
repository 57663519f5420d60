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
from archdecide.knowledge.trusted import bundled_digests, trusted_parse
from archdecide.knowledge.trusted_digests import TRUSTED_SHA256

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


def test_any_other_bytes_are_left_to_tomllib() -> None:
    edited = FILES[0].read_bytes() + b"\n# edited\n"
    assert hashlib.sha256(edited).hexdigest() not in TRUSTED_SHA256
    assert trusted_parse(edited) is None
    assert trusted_parse(b'a = 1\n') is None
