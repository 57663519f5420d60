"""The bundled pack's files, parsed by a compiled TOML parser once CI has checked them.

tomllib takes ~35 ms to parse the bundled pack's 270 KB of TOML, about a tenth of `decide`;
rtoml (Rust) takes ~4 ms. archdecide reads every file with tomllib, the reference parser,
except a file whose sha256 is in TRUSTED_SHA256 (knowledge/trusted_digests.py): the test suite
checks, for each of those files, that rtoml's result equals tomllib's, and that the digests are
exactly those of the bundled pack's files today (`make trust` rewrites them). A user's pack, an
overlay or an edited bundled file is never in the set, and so is parsed by tomllib with every
check of knowledge.reading.parse_toml; where rtoml is not installed, everything is.

The bundled pack itself, validated and cross-checked by `make trust`, ships as
trusted_pack.pickle: loading it takes ~4 ms where parsing and validating the files takes ~30
(most of it building pydantic's validators). It is used only when every file of the bundled
folder has exactly the content `make trust` saw (its content hash), the pickle's own sha256 is
the one recorded beside it, and the code it was made for is this code (the source of the
schema modules, pydantic's and Python's versions: any change and the files are loaded as
usual). The pickle is as trusted as this module, which records its digest: both ship in the
package and are checked by tests/test_trusted_pack.py, which loads the pack both ways.

Nothing is written at run time: the digests and the pickle ship in the package like its
code."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

from archdecide.knowledge.trusted_digests import (
    TRUSTED_PACK_SHA256,
    TRUSTED_PICKLE_FOR,
    TRUSTED_PICKLE_SHA256,
    TRUSTED_SHA256,
)

PICKLE = Path(__file__).with_name("trusted_pack.pickle")
Payload = tuple[Any, dict[str, dict[str, Any]], dict[tuple[str, str], str]]
"""(the pack's meta, each section's entries by id, (section, id) -> the file's relative path)"""


def trusted_parse(data: bytes) -> dict[str, Any] | None:
    """rtoml's parse of `data` if CI checked these exact bytes, else None (parse them with
    tomllib)."""
    if hashlib.sha256(data).hexdigest() not in TRUSTED_SHA256:
        return None
    try:
        import rtoml
    except ImportError:
        return None
    parsed: dict[str, Any] = rtoml.loads(data.decode("utf-8"))
    return parsed


def code_fingerprint() -> str:
    """What a pickled pack depends on: the source of the modules that define its classes,
    pydantic's and Python's versions."""
    import pydantic
    import pydantic_core

    from archdecide.knowledge import conditions, schema

    digest = hashlib.sha256(f"{sys.version_info[:2]} {pydantic.VERSION} "
                            f"{pydantic_core.__version__}".encode())
    for module in (schema, conditions):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def trusted_pack(pack_sha256: str) -> Payload | None:
    """The pickled bundled pack, when `pack_sha256` (the content hash of the files just read)
    is the one it was made from and it was made for this code; else None."""
    import pickle

    if pack_sha256 != TRUSTED_PACK_SHA256 or not TRUSTED_PICKLE_SHA256:
        return None
    try:
        data = PICKLE.read_bytes()
        if hashlib.sha256(data).hexdigest() != TRUSTED_PICKLE_SHA256 or \
                code_fingerprint() != TRUSTED_PICKLE_FOR:
            return None
        payload: Payload = pickle.loads(data)  # its digest is recorded above
    except Exception:  # any doubt: load the files as usual
        return None
    return payload


def lint_checked(pack_sha256: str) -> bool:
    """Whether a loaded pack is the bundled pack exactly as CI linted it (its content hash;
    an overlay or any edit changes it): the lint's errors need not be looked for again."""
    return pack_sha256 == TRUSTED_PACK_SHA256
