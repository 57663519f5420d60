"""Answer -> updated screen, in-process with Textual's Pilot at 80x24 (a cross-check of the
pseudo-terminal measurement in bench/wizard.py, which carries the target).

Pilot's own `press()` + `pause()` round trip waits for idle in 20 ms steps (~90 ms even for a
key with no binding), so it cannot time a 50 ms target. Instead the app's `_display` (where
Textual hands a finished frame to the driver) is wrapped to note the time of each frame: the
latency of a key is the time from sending it to the first frame drawn after it. Measured for
an answer (enter: the next question is shown), going back (escape) and, as the floor, a
navigation key (down: only the highlight moves)."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from bench import profiling
from bench.harness import Timing, percentile
from bench.report import Section

KEYS = (("down", "navigation key (floor)"), ("enter", "answer -> next question"),
        ("escape", "back -> previous question"), ("up", "navigation key up"))
"""A round ends where it began: the lists stop at their ends (no wrap), so a round of only
`down` would reach the last option and draw nothing."""


async def _measure(rounds: int) -> dict[str, list[float]]:
    from archdecide.knowledge.loader import load_pack
    from archdecide.tui.app import ArchdecideApp, Settings
    from archdecide.tui.screens.question import QuestionScreen

    app = ArchdecideApp(load_pack(), Settings())
    frames: list[float] = []
    display = app._display

    def noted(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = noted  # type: ignore[method-assign]
    times: dict[str, list[float]] = {key: [] for key, _ in KEYS}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen.question_id  # type: ignore[attr-defined]
        for i in range(rounds + 2):  # the first two are a warm-up
            for key, _ in KEYS:
                frames.clear()
                sent = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                if not frames:
                    raise RuntimeError(f"{key} drew no frame")
                if i >= 2:
                    times[key].append(frames[0] - sent)
                screen = app.screen
                if key == "enter" and (not isinstance(screen, QuestionScreen)
                                       or screen.question_id == first):
                    raise RuntimeError("enter did not move to the next question")
    return times


def run(work: Path, rounds: int, quick: bool) -> Section:
    os.environ["ARCHDECIDE_STATE_DIR"] = str(work / "pilot-state")
    os.environ["ARCHDECIDE_RECORDS"] = str(work / "pilot-records")
    times = asyncio.run(_measure(5 if quick else 40))
    section = Section("Answer -> updated screen (Pilot, 80x24)")
    section.add(f"{len(times['enter'])} rounds on the bundled pack's first question: down, "
                "enter (answer; the next question appears), escape (back to the first), up. Each "
                "key is timed from sending it to the first frame Textual draws after it "
                "(`App._display` wrapped to note the time), so it includes the Session update, "
                "the draft save (fsync), the evaluation and updating the question screen in "
                "place. The target is carried by the pseudo-terminal measurement in the wizard "
                "section; this is the in-process cross-check.", "",
                "| key | p95 | median (range) |", "|---|---|---|")
    for key, label in KEYS:
        t = Timing.of(times[key])
        section.add(f"| {label} | {percentile(times[key], 0.95) * 1e3:.1f} ms | {t.ms()} |")
    enter95 = percentile(times["enter"], 0.95)
    section.check("answer -> updated screen, in process (Pilot, first frame)",
                  f"p95 {enter95 * 1e3:.1f} ms (navigation key "
                  f"{percentile(times['down'], 0.95) * 1e3:.1f} ms)", None, "")
    if enter95 > 0.050 and not quick:
        profile = profiling.profile_call(lambda: asyncio.run(_measure(1)))
        if profile is not None:
            section.add("", "Profile of a run with 3 rounds (app start included):", "",
                        *profile.lines())
    return section
