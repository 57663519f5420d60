"""A decision's answers as an answers file (the wizard's "Export answers"): [meta] with the
words of the save form, [answers] with the answers the people gave (the assumed ones are left
out, so the pack's defaults apply on replay). `archdecide decide --answers FILE` replays it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from archdecide.decisions.meta import META_LISTS, META_TEXTS
from archdecide.knowledge.schema import AnswerValue


def answers_toml(answers: Mapping[str, AnswerValue], meta: Mapping[str, Any],
                 pack_id: str, today: dt.date | None = None) -> str:
    import tomli_w

    data: dict[str, Any] = {}
    kept = {k: v for k, v in meta.items() if k in META_TEXTS + META_LISTS and v}
    if kept:
        data["meta"] = kept
    data["answers"] = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    head = (f"# archdecide answers for the knowledge pack {pack_id}, exported "
            f"{(today or dt.date.today()).isoformat()}.\n"
            "# Replay: archdecide decide --answers THIS_FILE\n\n")
    return head + tomli_w.dumps(data)


def write_new(path: Path, text: str) -> None:
    """Write `text` to `path` whole, never over an existing file (a temp file hard-linked into
    place, which fails if the name is taken): FileExistsError, or OSError when the folder
    cannot be written."""
    import os

    from archdecide.decisions.files import fsync_dir, write_temp

    tmp = write_temp(path.parent, text.encode("utf-8"), path.suffix)
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError(f"{path} already exists; choose another name") from None
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)
