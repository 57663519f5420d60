"""Which files make up a pack, how they are shown, and the pack's content hash (no pydantic)."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from archdecide.knowledge.errors import Problem

BUNDLED_PACK = "llm_deployment"


def bundled_pack_path() -> Path:
    """The folder of the pack shipped with archdecide."""
    return Path(str(resources.files("archdecide.knowledge") / "packs" / BUNDLED_PACK))


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when below it; as
    given when it cannot be resolved (a symlink loop raises RuntimeError before Python 3.13).
    A symlink is shown by its own name, not its target's: only its folder is resolved."""
    try:
        full = path.parent.resolve() / path.name if path.is_symlink() else path.resolve()
        return str(full.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def pack_files(root: Path, problems: list[Problem]) -> list[tuple[str, Path]]:
    """(relative posix path, path) of every TOML file, sorted; hidden entries skipped."""
    shown = display(root)
    if not root.exists():
        problems.append(Problem(shown, "", "no such folder; expected a knowledge-pack folder"))
        return []
    if not root.is_dir():
        problems.append(Problem(shown, "", "is a file; expected a folder of TOML files"))
        return []
    found = []
    for path in root.rglob("*.toml"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.is_dir():
            continue
        found.append((rel.as_posix(), path))  # a FIFO or a device is refused when read
    found.sort()
    if not found:
        problems.append(Problem(shown, "", "contains no .toml files; expected a knowledge pack"))
    return found


def layers(root: Path, overlays: tuple[str | Path, ...]) -> list[tuple[Path, str]]:
    """(folder, prefix in the content hash) of the pack and each overlay, in load order."""
    return [(root, "")] + [(Path(o), f"overlay{i}/") for i, o in enumerate(overlays, 1)]


def content_hash(files: list[tuple[str, bytes]]) -> str:
    """sha256 over (prefixed relative path, length, bytes) of every file in load order: the
    same on every machine."""
    digest = hashlib.sha256()
    for rel, data in files:
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()
