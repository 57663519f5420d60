"""One way to print untrusted text (issue 29, item 1): for any title and any decision-maker's
name, no command prints a raw control, C1 or bidi character, and none splits the value over
two lines (a newline in a title cannot forge a "Status: accepted" line of its own)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TINY
from tests.inprocess import cli

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                 "\u202a-\u202e\u2066-\u2069]")
"""What a terminal would act on, or show as a line break, if it were printed raw."""
NASTY = st.text(alphabet=st.sampled_from(
    ["a", " ", "\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x85", "\x9b", "\u2028", "\u2029",
     "\u202e", "\u200f", "\x00", "\x7f", "[", "]", "*", "#", "|", '"', "\\", "é"]),
    min_size=1, max_size=12)


def _toml(text: str) -> str:
    """A TOML basic string holding `text` exactly."""
    import json

    escaped = json.dumps(text)[1:-1].replace("\\u007f", "\\u007F")
    return '"' + "".join(f"\\u{ord(ch):04x}" if ch == "\x7f" else ch for ch in escaped) + '"'


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=NASTY, name=NASTY)
def test_no_command_prints_a_raw_control_or_splits_a_value(title: str, name: str) -> None:
    base = Path(tempfile.mkdtemp(prefix="one-line-"))
    try:
        answers = base / "a.toml"
        answers.write_text(f"[meta]\ntitle = {_toml('BEGIN' + title + 'END')}\n"
                           f"decision_makers = [{_toml('NAME' + name + 'EMAN')}]\n"
                           '[answers]\nsensitivity = "secret"\n', encoding="utf-8")
        records = base / "records"
        saved = cli("decide", "--answers", str(answers), "--knowledge", str(TINY), "--save",
                    "--records", str(records), "--title", "BEGIN" + title + "END")
        if saved.returncode != 0:  # a title of controls alone is no title: refused, said so
            assert saved.stdout == "" and saved.stderr.count("\n") == 1
            return
        [record] = records.glob("*.toml")
        outputs = {
            "list": cli("records", "list", "--records", str(records)).stdout,
            "show": cli("records", "show", "1", "--records", str(records), "--knowledge",
                        str(TINY)).stdout,
            "compare": cli("compare", str(record), str(answers), "--knowledge",
                           str(TINY)).stdout,
            "decide": saved.stdout + saved.stderr,
        }
        for command, text in outputs.items():
            assert not RAW.search(text), (command, RAW.findall(text))
            for begin, end in (("BEGIN", "END"), ("NAME", "EMAN")):
                for line in text.splitlines():
                    if begin in line:
                        assert end in line.split(begin, 1)[1], (command, line)
    finally:
        shutil.rmtree(base, ignore_errors=True)
