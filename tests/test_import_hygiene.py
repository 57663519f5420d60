"""The headless path never imports Textual or Rich (checked in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import TINY

PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))
"""


def _ui_modules(body: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE.format(body=body)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("module", ["knowledge.loader", "knowledge.schema", "decisions",
                                    "tui.cli", "tui.commands.validate", "tui.commands.schema"])
def test_headless_modules_do_not_import_ui(module: str) -> None:
    assert _ui_modules(f"import {module}") == []


def test_validate_command_does_not_import_ui() -> None:
    body = (
        "from tui.cli import cli\n"
        f"try:\n    cli.main(args=['validate', {str(TINY)!r}], standalone_mode=False)\n"
        "except SystemExit:\n    pass"
    )
    assert _ui_modules(body) == []
