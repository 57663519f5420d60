"""The wizard's draft: the answers so far, saved after every answer so a dropped SSH session
loses nothing. Plain JSON in the user's state folder (platformdirs), written atomically.
No Textual here."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archdecide.knowledge.pack import KnowledgePack
    from archdecide.knowledge.schema import AnswerValue


def state_dir() -> Path:
    override = os.environ.get("ARCHDECIDE_STATE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("archdecide"))


@dataclass(frozen=True)
class Draft:
    pack_id: str
    answers: dict[str, AnswerValue]
    meta: dict[str, Any]

    def matches(self, pack: KnowledgePack) -> bool:
        return self.pack_id == pack.id


def draft_path() -> Path:
    return state_dir() / "draft.json"


def save_draft(pack: KnowledgePack, answers: dict[str, AnswerValue],
               meta: dict[str, Any] | None = None) -> Path:
    """Write the draft atomically (temp file + fsync + rename). Raises OSError on failure."""
    from archdecide.decisions.files import write_atomic

    path = draft_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"pack_id": pack.id,
            "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
            "meta": meta or {}}
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
    return path


def load_draft() -> Draft | None:
    """The saved draft, or None if there is none or it cannot be read."""
    try:
        data = json.loads(draft_path().read_text(encoding="utf-8"))
        return Draft(str(data["pack_id"]), dict(data["answers"]), dict(data.get("meta") or {}))
    except (OSError, ValueError, KeyError, TypeError):
        return None
