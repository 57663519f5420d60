"""A folder of valid decision records made quickly: one real `decide --save`, then copies
renumbered as `NNNN-slug.toml` with their `number = N` field replaced."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

NUMBER = re.compile(r"^number = \d+$", re.MULTILINE)


def make_records(exe: str, answers: Path, folder: Path, count: int,
                 env: dict[str, str] | None = None) -> Path:
    """Fill folder with `count` records (0001..count); return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, "decide", "--answers", str(answers), "--save", "--title",
                    "Bench record", "--records", str(folder)], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    first = next(folder.glob("0001-*.toml"))
    slug = first.name.split("-", 1)[1]
    text = first.read_text(encoding="utf-8")
    for n in range(2, count + 1):
        body, replaced = NUMBER.subn(f"number = {n}", text, count=1)
        if replaced != 1:
            raise ValueError(f"{first}: no `number = N` line to renumber")
        (folder / f"{n:04d}-{slug}").write_text(body, encoding="utf-8")
    return folder
