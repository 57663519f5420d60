"""Validated pack files, cached by content. Parsing TOML with the pure-Python tomllib and
validating it with pydantic is most of what `load_pack` costs (~90 of ~100 ms on the bundled
pack), and a pack rarely changes between two runs.

The key is the sha256 of the file's bytes together with a fingerprint of the code that
validates it (the source of knowledge/schema.py and knowledge/conditions.py, the pydantic
version, the Python version): an edited file or a changed schema is simply a new key and can
never be served stale. Only files that parse and validate are cached; a broken file is
reported afresh every time. Merging the files and the cross-reference checks always run.

Where: ARCHDECIDE_CACHE_DIR, else the user cache folder (platformdirs) / packs. Set
ARCHDECIDE_CACHE_DIR=off to disable. A missing, unreadable or corrupt entry means a normal
load; a folder that cannot be written is ignored. Entries are pickles in a folder only the
user writes - the same trust as Python's own __pycache__."""

from __future__ import annotations

import hashlib
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from knowledge.cache_store import cache_dir, write_atomic
from knowledge.schema import PackFile

__all__ = ["cache_dir", "get", "put"]

FORMAT = "v1"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the validated form of a file depends on besides its bytes."""
    import pydantic

    from knowledge import conditions, schema

    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]} {pydantic.VERSION}".encode())
    for module in (schema, conditions):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


def _entry(folder: Path, data: bytes) -> Path:
    return folder / f"{hashlib.sha256(data).hexdigest()}-{code_fingerprint()}.pickle"


def get(data: bytes) -> PackFile | None:
    """The validated file with these bytes, if the cache has it."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        cached = pickle.loads(_entry(folder, data).read_bytes())
    except Exception:  # a missing or corrupt entry: load as usual
        return None
    return cached if isinstance(cached, PackFile) else None


def put(data: bytes, part: PackFile) -> None:
    """Remember a file that parsed and validated; never raises."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        pickled = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError):
        return
    write_atomic(_entry(folder, data), pickled)
