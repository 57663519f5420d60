"""Where archdecide caches derived data, and how an entry is written: atomically, and never
as an error (a cache that cannot be written is no cache)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    """Where derived data is cached: ARCHDECIDE_CACHE_DIR (`off` disables), else the user
    cache folder (platformdirs) / packs."""
    override = os.environ.get("ARCHDECIDE_CACHE_DIR")
    if override:
        return None if override.lower() == "off" else Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("archdecide")) / "packs"


def write_atomic(entry: Path, data: bytes) -> None:
    """Write `entry` whole or not at all (a temporary file, then a rename); never raises for
    a folder or disk that refuses."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
