"""load_pack(dir, overlays=()) -> KnowledgePack.

Reads every `*.toml` file under the pack folder (sorted by relative path), validates each one
against `PackFile`, merges the sections, applies overlays (entries replace base entries with the
same id, or add new ones), checks cross-references and computes a content hash. Any problem, in
any file, is collected; if there is at least one, `KnowledgeError` carries all of them.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from archdecide.knowledge.errors import KnowledgeError, Problem
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.pack_files import (
    BUNDLED_PACK,
    bundled_pack_path,
    content_hash,
    display,
    layers,
    pack_files,
)
from archdecide.knowledge.reading import (
    PACK_FILE_LIMIT,
    PACK_LIMIT,
    NotToml,
    Refused,
    parse_toml,
    read_bounded,
)
from archdecide.knowledge.references import check_references
from archdecide.knowledge.schema import SECTIONS, PackFile, PackMeta
from archdecide.knowledge.trusted import trusted_pack, trusted_parse
from archdecide.knowledge.validation_errors import problems_from_validation

__all__ = ["BUNDLED_PACK", "bundled_pack_path", "load_pack"]


def _parse(data: bytes, shown: str, problems: list[Problem]) -> dict[str, Any] | None:
    trusted = trusted_parse(data)  # a bundled file CI checked: the compiled parser
    if trusted is not None:
        return trusted
    try:
        return parse_toml(data)
    except NotToml as exc:
        problems.append(Problem(shown, "", str(exc)))
    return None


def _load_file(file: Path, shown: str, problems: list[Problem],
               hashed: list[tuple[str, bytes]], rel: str) -> PackFile | None:
    """One file, read, parsed and validated."""
    try:
        data = read_bounded(file, PACK_FILE_LIMIT, "a TOML pack file")
    except Refused as exc:
        problems.append(Problem(shown, "", str(exc)))
        hashed.append((rel, b""))
        return None
    except OSError as exc:
        problems.append(Problem(shown, "", f"cannot be read ({exc.strerror or exc})"))
        hashed.append((rel, b""))
        return None
    hashed.append((rel, data))
    raw = _parse(data, shown, problems)
    if raw is None:
        return None
    return _validate(raw, shown, problems)


def _trusted_pack(root: Path) -> KnowledgePack | None:
    """The bundled pack from its pickle when `root` holds exactly the files it was made
    from; None otherwise (then the files are loaded as any pack's)."""
    try:
        if root.resolve() != bundled_pack_path().resolve():
            return None
    except OSError:
        return None
    problems: list[Problem] = []
    files = pack_files(root, problems)
    hashed: list[tuple[str, bytes]] = []
    for rel, file in files:
        try:
            hashed.append((rel, read_bounded(file, PACK_FILE_LIMIT, "a TOML pack file")))
        except (Refused, OSError):
            return None
    sha256 = content_hash(hashed)
    payload = trusted_pack(sha256) if not problems else None
    if payload is None:
        return None
    meta, sections, origin = payload
    shown = {rel: display(file) for rel, file in files}
    return KnowledgePack(
        meta=meta, **{name: MappingProxyType(sections[name]) for name in SECTIONS},
        sha256=sha256, root=root, files=tuple(shown[rel] for rel, _ in files),
        overlays=(), origin=MappingProxyType({key: shown[rel] for key, rel in origin.items()}))


def _validate(raw: dict[str, Any], shown: str, problems: list[Problem]) -> PackFile | None:
    try:
        return PackFile.model_validate(raw)
    except ValidationError as exc:
        problems.extend(problems_from_validation(shown, raw, exc))
    except RecursionError:
        problems.append(Problem(shown, "", "nesting is too deep"))
    return None


class _Merge:
    """Accumulates sections across files, remembering where each entry came from."""

    def __init__(self) -> None:
        self.meta: PackMeta | None = None
        self.meta_file = ""
        self.sections: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
        self.origin: dict[tuple[str, str], str] = {}

    def add(self, part: PackFile, shown: str, problems: list[Problem], overlay: bool) -> None:
        if part.pack is not None:
            if overlay:
                problems.append(Problem(shown, "pack", "an overlay cannot redefine [pack]; "
                                        "expected only sections to add or override"))
            elif self.meta is not None:
                problems.append(Problem(shown, "pack", f"is already defined in {self.meta_file}; "
                                        "expected exactly one [pack] table"))
            else:
                self.meta, self.meta_file = part.pack, shown
                self.origin[("pack", "pack")] = shown
        for name in SECTIONS:
            entries = self.sections[name]
            local: set[str] = set()
            for entry in getattr(part, name):
                first = self.origin.get((name, entry.id))
                if entry.id in local or (first is not None and not overlay):
                    problems.append(Problem(shown, f"{name}.{entry.id}", "duplicate id "
                                            f"(first defined in {first}); expected unique ids"))
                    continue
                local.add(entry.id)
                entries[entry.id] = entry
                self.origin[(name, entry.id)] = shown


def load_pack(
    path: str | Path | None = None, overlays: tuple[str | Path, ...] = (), *,
    trusted: bool = True,
) -> KnowledgePack:
    """Load, validate and cross-check a pack folder (default: the bundled pack). The bundled
    pack as `make trust` checked it comes from its pickle (knowledge.trusted) unless
    `trusted=False`."""
    root = Path(path) if path is not None else bundled_pack_path()
    if trusted and not overlays:
        found = _trusted_pack(root)
        if found is not None:
            return found
    problems: list[Problem] = []
    merge = _Merge()
    hashed: list[tuple[str, bytes]] = []
    files: list[str] = []
    for folder, prefix in layers(root, overlays):
        for rel, file in pack_files(folder, problems):
            shown = display(file)
            read = sum(len(data) for _, data in hashed)
            if read > PACK_LIMIT:  # each file is bounded, and so is their sum
                problems.append(Problem(shown, "", f"not read: the pack's files already hold "
                                        f"{read:,} bytes, more than the {PACK_LIMIT:,} allowed "
                                        "for a whole pack with its overlays"))
                raise KnowledgeError(problems)
            part = _load_file(file, shown, problems, hashed, prefix + rel)
            files.append(shown)
            if part is not None:
                merge.add(part, shown, problems, overlay=bool(prefix))
    if merge.meta is None:
        if not problems:
            problems.append(Problem(display(root), "pack", "no file defines [pack]; expected one "
                                    "[pack] table with id, name, version, description, start"))
        raise KnowledgeError(problems)
    pack = KnowledgePack(
        meta=merge.meta,
        **{name: MappingProxyType(merge.sections[name]) for name in SECTIONS},
        sha256=content_hash(hashed),
        root=root,
        files=tuple(files),
        overlays=tuple(Path(o) for o in overlays),
        origin=MappingProxyType(merge.origin),
    )
    if problems:  # cross-references are checked only on a pack whose files are all well formed:
        raise KnowledgeError(problems)  # a broken file would otherwise cascade into false reports
    problems.extend(check_references(pack))
    if problems:
        raise KnowledgeError(problems)
    return pack
