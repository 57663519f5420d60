"""Answer -> updated screen, in-process with Textual's Pilot at 80x24: press enter on the
first question (answer it; the next question is shown), pause until idle, escape back;
p95 over the answers (target: under 50 ms). Floor: a key with no binding, same method."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from bench import profiling
from bench.harness import Timing, percentile, verdict
from bench.report import Section

TARGET = 0.050
NO_BINDING = "f12"


async def _timed(pilot: Any, key: str) -> float:
    start = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    return time.perf_counter() - start


async def _measure(answers: int) -> tuple[list[float], list[float]]:
    from knowledge.loader import load_pack
    from tui.app import ArchdecideApp, Settings
    from tui.screens.question import QuestionScreen

    app = ArchdecideApp(load_pack(), Settings())
    answer: list[float] = []
    floor: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen.question_id  # type: ignore[attr-defined]
        for i in range(answers + 2):  # the first two are a warm-up
            floor_t = await _timed(pilot, NO_BINDING)
            answer_t = await _timed(pilot, "enter")
            screen = app.screen
            if not isinstance(screen, QuestionScreen) or screen.question_id == first:
                raise RuntimeError("enter did not move to the next question")
            await pilot.press("escape")
            await pilot.pause()
            if i >= 2:
                answer.append(answer_t)
                floor.append(floor_t)
    return answer, floor


def run(work: Path, rounds: int, quick: bool) -> Section:
    os.environ["ARCHDECIDE_STATE_DIR"] = str(work / "pilot-state")
    os.environ["ARCHDECIDE_RECORDS"] = str(work / "pilot-records")
    answer, floor = asyncio.run(_measure(5 if quick else 40))
    p95, f95 = percentile(answer, 0.95), percentile(floor, 0.95)
    met, text = verdict(p95 * 1e3, TARGET * 1e3, unit=" ms")
    a, f = Timing.of(answer), Timing.of(floor)
    section = Section("Answer -> updated screen (Pilot, 80x24)")
    section.add(f"{len(answer)} answers of the bundled pack's first question (enter, then "
                "escape back, untimed), each timed from the key press until Textual is idle "
                "again (`pilot.pause()`), so it includes the Session update, the draft save, "
                "the evaluation and composing the next screen. Floor: a key with no binding "
                f"(`{NO_BINDING}`) timed the same way, alternately.", "",
                "| measurement | p95 | median (range) | floor p95 | floor median | target | "
                "verdict |", "|---|---|---|---|---|---|---|",
                f"| answer -> next screen | {p95 * 1e3:.1f} ms | {a.ms()} | {f95 * 1e3:.1f} ms "
                f"| {f.ms()} | p95 < {TARGET * 1e3:.0f} ms | {text} |")
    section.check(f"answer -> updated screen p95 < {TARGET * 1e3:.0f} ms",
                  f"{p95 * 1e3:.1f} ms (floor {f95 * 1e3:.1f} ms)", met, text)
    if not met and not quick:
        profile = profiling.profile_call(lambda: asyncio.run(_measure(1)))
        if profile is not None:
            section.add("", "Profile of a run with 3 answers (app start included):", "",
                        *profile.lines())
    return section
