"""Writing a record's MADR export next to it (`records export` and the wizard's records
browser): a file this tool wrote and nobody changed is replaced; any other is kept unless
forced."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from archdecide.decisions.files import write_atomic
from archdecide.decisions.records.folder import RecordStoreError, entries, show
from archdecide.decisions.records.madr import export_text, madr_file_name, untouched
from archdecide.decisions.records.model import DecisionRecord
from archdecide.decisions.records.store import StoredRecord
from archdecide.knowledge.reading import RECORD_LIMIT, read_bounded


def export_names(directory: Path) -> dict[int, str]:
    """Record number -> its Markdown file name, for links (names only, nothing read)."""
    return {entry[1]: madr_file_name(entry[0].name)
            for entry in entries(directory) if not isinstance(entry, str)}


def export_conflict(stored: StoredRecord, target: Path) -> str | None:
    """Why the export of `stored` into `target` would overwrite work (a file there edited by
    hand or not written by archdecide), in one sentence; None when it may be written."""
    path = target / madr_file_name(stored.path.name)
    if not (path.exists() or path.is_symlink()):
        return None
    try:
        mine = untouched(read_bounded(path, RECORD_LIMIT, "a Markdown export")
                         .decode("utf-8", "replace"))
    except OSError:
        mine = False
    return None if mine else (f"{show(path)} was edited by hand or not written by archdecide; "
                              "nothing was overwritten (use --force to replace it)")


def write_export(stored: StoredRecord, target: Path, names: Mapping[int, str], *,
                 flavour: str = "default", force: bool = False,
                 record: DecisionRecord | None = None) -> Path:
    """The Markdown file written (of `record`, by default the stored one; give the expanded
    record for the answers in words); RecordStoreError (one sentence) when an existing file
    was edited by hand or not written by archdecide (and not `force`); OSError when the
    folder cannot be written."""
    path = target / madr_file_name(stored.path.name)
    conflict = None if force else export_conflict(stored, target)
    if conflict is not None:
        raise RecordStoreError(conflict)
    write_atomic(path, export_text(record or stored.record, names=dict(names), flavour=flavour)
                 .encode("utf-8"))
    return path
