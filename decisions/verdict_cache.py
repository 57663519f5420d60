"""Remembered `validate` verdicts, so that checking an unchanged pack again (a pre-commit hook,
an editor on save, a CI job with a warm cache) costs a hash of its files, not a validation.

The key is a sha256 of: the pack's content hash (every file's relative path and bytes, exactly
as load_pack hashes them), the paths as they are shown in messages (they depend on the current
folder), the source of every module in knowledge/ and decisions/ plus the caller's own salt
(the command that formats the output), and the versions of Python, pydantic, pydantic-core
and networkx. Anything that could change the verdict changes the key; nothing is ever served
stale. Only a passing verdict (exit 0, warnings included) is kept: a broken pack is
re-validated and every problem reported afresh each time. Stored next to the validated-file
cache (ARCHDECIDE_CACHE_DIR; `off` disables both) as small JSON files.

This module imports neither pydantic nor networkx: a hit skips both."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from knowledge.cache_store import cache_dir, write_atomic
from knowledge.errors import Problem
from knowledge.pack_files import content_hash, display, layers, pack_files

FORMAT = "verdict-v1"
LIBRARIES = ("pydantic", "pydantic_core", "networkx")


@dataclass(frozen=True)
class Probe:
    content: str
    """The pack's sha256 as load_pack will compute it from the same bytes."""
    key: str


@dataclass(frozen=True)
class Verdict:
    stderr: tuple[str, ...]
    stdout: str


def _library_versions() -> list[str]:
    """name-version of each library, from its dist-info folder (importlib.metadata costs
    ~80 ms; this costs a directory listing)."""
    out = []
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        if origin is None:
            out.append(f"{name}-missing")
            continue
        site = origin.parent.parent
        infos = sorted(p.name for p in site.glob(f"{name}-*.dist-info"))
        out.append(",".join(infos) if infos else f"{name}-{origin.stat().st_mtime_ns}")
    return out


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {_library_versions()}".encode())
    for package in ("knowledge", "decisions"):
        spec = find_spec(package)
        assert spec is not None and spec.origin is not None
        for module in sorted(Path(spec.origin).parent.glob("*.py")):
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def probe(root: Path, overlays: tuple[Path, ...], salt: bytes) -> Probe | None:
    """The key of the pack as its files are now; None when a file cannot be listed or read
    (the full validation will report it)."""
    problems: list[Problem] = []
    hashed: list[tuple[str, bytes]] = []
    shown: list[str] = []
    for folder, prefix in layers(root, overlays):
        for rel, file in pack_files(folder, problems):
            try:
                hashed.append((prefix + rel, file.read_bytes()))
            except OSError:
                return None
            shown.append(display(file))
    if problems:
        return None
    content = content_hash(hashed)
    digest = hashlib.sha256("\0".join([content, display(root), *shown]).encode())
    digest.update(code_fingerprint().encode() + hashlib.sha256(salt).digest())
    return Probe(content, digest.hexdigest())


def _entry(folder: Path, key: str) -> Path:
    return folder / f"verdict-{key}.json"


def get(found: Probe) -> Verdict | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads(_entry(folder, found.key).read_text(encoding="utf-8"))
        stderr, stdout = data["stderr"], data["stdout"]
    except Exception:  # missing or corrupt: validate as usual
        return None
    if not (isinstance(stdout, str) and isinstance(stderr, list)
            and all(isinstance(line, str) for line in stderr)):
        return None
    return Verdict(tuple(stderr), stdout)


def put(found: Probe, verdict: Verdict) -> None:
    """Remember a passing verdict; never raises."""
    folder = cache_dir()
    if folder is not None:
        data = {"stderr": list(verdict.stderr), "stdout": verdict.stdout}
        write_atomic(_entry(folder, found.key), json.dumps(data).encode("utf-8"))
