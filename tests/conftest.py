"""Shared fixtures: the tiny test pack and the bundled pack, loaded once per session."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from archdecide.knowledge.loader import load_pack
from archdecide.knowledge.pack import KnowledgePack

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from archdecide.tui.app import ArchdecideApp

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "tests" / "packs"
TINY = PACKS / "tiny"
BIN = Path(sys.executable).parent
os.environ["ARCHDECIDE_ASCII"] = "0"  # in-process screens (snapshots) whatever CI's TERM is;
# subprocess tests drop every ARCHDECIDE_* variable and set TERM themselves


_BUILD: dict[str, object] = {}


def _covers(args: list[str], target: Path) -> bool:
    """Whether a run of these pytest arguments can collect `target` (a test file)."""
    paths = [Path(a.split("::")[0]).resolve() for a in args if not a.startswith("-")]
    return not paths or any(target == p or p in target.parents for p in paths if p.exists())


def pytest_configure(config: pytest.Config) -> None:
    """Once per run, in the controller (not in each xdist worker): start the log4brains build
    that test_markdown_adrs reads, so it runs beside the suite (tests/flavours.py)."""
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    if not _covers(list(config.args), ROOT / "tests" / "test_markdown_adrs.py"):
        return
    import tempfile

    from tests.flavours import SITE_ENV, start_log4brains

    base = Path(tempfile.mkdtemp(prefix="archdecide-log4brains-"))
    os.environ[SITE_ENV] = str(base)
    _BUILD.update(base=base, process=start_log4brains(base))


def pytest_unconfigure(config: pytest.Config) -> None:
    if "base" not in _BUILD:
        return
    import shutil

    from tests.flavours import stop

    stop(_BUILD.pop("process"))  # type: ignore[arg-type]
    shutil.rmtree(_BUILD.pop("base"), ignore_errors=True)  # type: ignore[arg-type]


ISOLATED = {"HOME": "home", "XDG_STATE_HOME": "state", "XDG_DATA_HOME": "data",
            "XDG_CACHE_HOME": "cache", "XDG_CONFIG_HOME": "config"}
"""Where the user's files would go: each test gets its own folder for each (platformdirs reads
the XDG variables on Linux, HOME elsewhere), so no test reads the user's settings or writes a
draft, a record or a cache into their real folders (as harlequin's no_discovered_config)."""


def _isolate(mp: pytest.MonkeyPatch, base: Path) -> None:
    for name, sub in ISOLATED.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        mp.setenv(name, str(base / sub))
    for name in [n for n in os.environ if n.startswith("ARCHDECIDE_") and n != "ARCHDECIDE_ASCII"]:
        mp.delenv(name)


@pytest.fixture(scope="session", autouse=True)
def isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same isolation for session- and module-scoped fixtures, set up before any test."""
    base = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, base)
        yield base


@pytest.fixture(autouse=True)
def isolated_user(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                  isolated_session: Path) -> Path:
    """This test's own HOME and state, data, cache and config folders."""
    base = tmp_path_factory.mktemp("user")
    _isolate(monkeypatch, base)
    return base


@pytest.fixture(scope="session")
def tiny() -> KnowledgePack:
    return load_pack(TINY)


@pytest.fixture(scope="session")
def bundled() -> KnowledgePack:
    return load_pack()


def archdecide_exe() -> str:
    """The installed console script of the environment running the tests."""
    exe = BIN / "archdecide"
    assert exe.exists(), f"{exe} is missing: install the project (make test does)"
    return str(exe)


@pytest.fixture
def clean_env() -> dict[str, str]:
    """The environment for subprocesses, without the user's ARCHDECIDE_* settings."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}


def save_record(pack: KnowledgePack, folder: Path, title: str | None = None, *,
                decision_makers: tuple[str, ...] = (), today: dt.date | None = None,
                none_chosen: bool = False, with_sensitivity: bool = False,
                assumptions: dict[str, float] | None = None, **raw: object) -> Path:
    """Evaluate `raw` answers with `pack` and save the outcome as a new record, as
    `decide --save` does. none_chosen: the record of an evaluation that chose nothing."""
    from archdecide.decisions.engine.answers import check_answers
    from archdecide.decisions.engine.evaluation import evaluate
    from archdecide.decisions.meta import Meta
    from archdecide.decisions.records.build import build_record
    from archdecide.decisions.records.model import DecisionRecord
    from archdecide.decisions.records.store import create_record, save_new_record

    answers, problems = check_answers(pack, raw)
    assert not problems, problems
    evaluation = evaluate(pack, answers, assumptions, with_sensitivity=with_sensitivity)
    meta = Meta(decision_makers=decision_makers)
    if not none_chosen:
        return save_new_record(evaluation, meta, folder, title, today=today)

    def nothing(number: int) -> DecisionRecord:
        record = build_record(evaluation, number=number, date=today or dt.date.today(),
                              meta=meta, title=title)
        data = record.model_dump(by_alias=True)
        data["chosen"] = None
        data["considered"] = [{**o, "excluded": True} for o in data["considered"]]
        return DecisionRecord.model_validate(data)

    return create_record(folder, nothing).path


def write_draft(state: Path, answers: dict[str, object], *, pack_id: str = "tiny",
                draft_id: str = "20261201-120000-00aa", meta: dict[str, object] | None = None,
                updated: str = "2026-12-01T12:00:00Z") -> Path:
    """A named draft as the wizard writes it, in the state folder `state`."""
    import json

    path = state / "drafts" / f"{draft_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pack_id": pack_id, "answers": answers, "meta": meta or {},
                                "updated": updated}), encoding="utf-8")
    return path


def only_draft(state: Path) -> dict[str, object]:
    """The one draft in the state folder `state`, as JSON data (fails if not exactly one)."""
    import json

    [path] = sorted((state / "drafts").glob("*.json"))
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


@asynccontextmanager
async def started(app: ArchdecideApp, size: tuple[int, int] = (80, 24)
                  ) -> AsyncIterator[Pilot[None]]:
    """The wizard under Pilot with a new decision started (past the welcome screen)."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.start_new()
        await pilot.pause()
        yield pilot
