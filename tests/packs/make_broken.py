"""Regenerate tests/packs/broken/: copies of the tiny pack with exactly one defect each.

Run from the repository root: `python tests/packs/make_broken.py`. The expectations (which file
and key each message must name) live in tests/test_broken_packs.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).parent
TINY = HERE / "tiny"
OUT = HERE / "broken"

# name -> (file, old text, new text); old text must occur in the file.
EDITS: dict[str, tuple[str, str, str]] = {
    "malformed-toml": ("questions.toml", 'prompt = "Tokens per month?"', 'prompt = "Tokens'),
    "wrong-type": ("pack.toml", "default_weight = 3", 'default_weight = "three"'),
    "unknown-key": ("questions.toml", 'prompt = "Tokens per month?"',
                    'prompt = "Tokens per month?"\npromt = "typo"'),
    "missing-required": ("questions.toml", 'prompt = "Tokens per month?"\n', ""),
    "dangling-exclusion": ("questions.toml", 'architecture = "api"', 'architecture = "apii"'),
    "dangling-flow": ("questions.toml", 'next = [ { to = "speed_need" } ]',
                      'next = [ { to = "nowhere" } ]'),
    "bad-condition-shape": ("questions.toml", 'question = "sensitivity", is = "secret" } },',
                            'question = "sensitivity", equals = "secret" } },'),
    "condition-unknown-option": ("questions.toml", 'question = "sensitivity", is = "secret" } },',
                                 'question = "sensitivity", is = "secrett" } },'),
    "unknown-criterion-rating": ("architectures.toml", "ratings.speed = { score = 3",
                                 "ratings.sped = { score = 3"),
    "rating-out-of-range": ("architectures.toml", "ratings.control = { score = 5",
                            "ratings.control = { score = 7"),
    "bad-default": ("questions.toml", 'default = "months"', 'default = "years"'),
    "unknown-source": ("catalog.toml", 'source = "test-sheet"\ndate = "2023"',
                       'source = "nowhere"\ndate = "2023"'),
    "unknown-start": ("pack.toml", 'start = "sensitivity"', 'start = "sensitivty"'),
    "glossary-dangling": ("architectures.toml", 'questions = ["volume"]',
                          'questions = ["volumes"]'),
    "options-on-number": ("questions.toml", 'unit = "tokens/month"',
                          'unit = "tokens/month"\n'
                          'options = [ { id = "x", label = "X", help = "h" } ]'),
    "bad-date": ("catalog.toml", 'date = "2024-07"', 'date = "July 2024"'),
    "negative-number": ("catalog.toml", "memory_gb = 24", "memory_gb = -24"),
    "unknown-section": ("pack.toml", "[[criteria]]\nid = \"cost\"", "[[criterion]]\nid = \"cost\""),
}

# name -> extra file (relative path, bytes) added to an otherwise valid copy.
EXTRA_FILES: dict[str, tuple[str, bytes]] = {
    "not-utf8": ("notes.toml", b'# caf\xe9\n[[glossary]]\nid = "x"\n'),
    "duplicate-id": ("more.toml", b""),  # filled in main(): a second copy of "api"
    "two-pack-tables": ("other.toml", b'[pack]\nid = "x"\nname = "x"\nversion = "1.0"\n'
                        b'description = "x"\nstart = "sensitivity"\n'),
}


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    for name, (file, old, new) in EDITS.items():
        target = OUT / name
        shutil.copytree(TINY, target)
        text = (target / file).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (target / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, (file, data) in EXTRA_FILES.items():
        target = OUT / name
        shutil.copytree(TINY, target)
        if name == "duplicate-id":  # the same architecture defined in a second file
            arch = (TINY / "architectures.toml").read_text(encoding="utf-8")
            data = arch.split("[[architectures]]\nid = \"rented\"")[0].encode()
        (target / file).write_bytes(data)
    empty = OUT / "empty-folder"
    empty.mkdir()
    (empty / "README").write_text("A pack folder with no TOML files.\n", encoding="utf-8")


if __name__ == "__main__":
    main()
