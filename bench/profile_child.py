"""A fresh interpreter to profile: `python -m bench.profile_child [--no-profile] MODE ...`.

Modes: `cli ARGS...` runs `archdecide ARGS...` in-process; `wizard` starts the wizard
headless at 80x24 until its first screen is composed (Textual's run_test, the same code path
up to the driver); `hello FILE` does the same for the bare Textual app in FILE. Prints one
line `PROFILE {json}` (see bench.profiling.Profile) unless --no-profile (for -X importtime)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import io
import sys
from collections.abc import Callable
from typing import Any


def _cli(args: list[str]) -> None:
    from archdecide.tui.cli import main

    with (contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()),
          contextlib.suppress(SystemExit)):
        main(args)


async def _first_screen(app: Any) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()


def _wizard(args: list[str]) -> None:
    import archdecide.tui.cli  # noqa: F401  (the real entry point's imports)
    from archdecide.tui.app import ArchdecideApp, PackSource, Settings

    asyncio.run(_first_screen(ArchdecideApp(PackSource(), Settings())))


def _hello(args: list[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_hello", args[0])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    asyncio.run(_first_screen(module.Hello()))


MODES: dict[str, Callable[[list[str]], None]] = {"cli": _cli, "wizard": _wizard,
                                                 "hello": _hello}


def main(argv: list[str]) -> int:
    profile = argv[:1] != ["--no-profile"]
    if not profile:
        argv = argv[1:]
    mode, args = MODES[argv[0]], argv[1:]
    if not profile:
        mode(args)
        return 0
    from pyinstrument import Profiler

    from bench.profiling import summarise

    profiler = Profiler(interval=0.001, async_mode="disabled")
    profiler.start()
    mode(args)
    session = profiler.stop()
    print("PROFILE " + summarise(session).to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
