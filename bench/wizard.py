"""The wizard as a whole process in an 80x24 pseudo-terminal (TERM=xterm-256color, no
COLORTERM, so 256 colours): time to the first interactive screen beside a bare Textual
hello-world app run the same way (target: at most 1.25x), peak memory of both, and the
bytes written per navigation keystroke (target: under 2 KB)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from bench import profiling
from bench.harness import Run, Timing, alternate_runs, peak_kb, percentile, verdict
from bench.pty_run import DOWN, ENTER, UP, PtyProcess, first_screen
from bench.report import Section

TARGET = 1.25
KEY_BYTES_TARGET = 2048
ANSWER_TARGET = 0.030  # issue 28: answer -> next screen in a pty, p95
FIRST_SCREEN_ROUNDS = 21
WELCOME = b"Start a new decision"
QUESTION = b"Question 1 of"
NEXT_QUESTION = b"Question 2 of"
ESCAPE = b"\x1b"
HELLO_APP = '''from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")
        yield Footer()


if __name__ == "__main__":
    Hello().run()
'''


def pty_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ARCHDECIDE_", "TEXTUAL")) and k not in ("COLORTERM", "NO_COLOR")}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24",
               ARCHDECIDE_STATE_DIR=str(work / "state"),
               ARCHDECIDE_RECORDS=str(work / "wizard-records"))
    return env


def hello_app(work: Path) -> Path:
    path = work / "hello_app.py"
    path.write_text(HELLO_APP, encoding="utf-8")
    return path


def _in_question(argv: list[str], env: dict[str, str], keys: int,
                 answers: int) -> tuple[list[int], list[float]]:
    """Open the first question; alternate Down/Up (bytes written per key); then answer it
    with enter and go back with escape, timing enter until `Question 2 of` is written."""
    proc = PtyProcess.spawn(argv, env)
    try:
        proc.wait_for(WELCOME)
        proc.drain()
        proc.send(ENTER)
        proc.wait_for(QUESTION)
        proc.drain(0.5)
        counts = [proc.key_bytes(DOWN if i % 2 == 0 else UP) for i in range(keys)]
        times = []
        for _ in range(answers):
            sent = time.perf_counter()
            proc.send(ENTER)
            shown = proc.wait_for(NEXT_QUESTION) + proc.started
            times.append(shown - sent)
            proc.drain(0.2)
            proc.send(ESCAPE)
            proc.wait_for(QUESTION)
            proc.drain(0.2)
        proc.finish()
    except BaseException:
        proc.kill()
        raise
    return counts, times


def run(work: Path, rounds: int, quick: bool) -> Section:
    env = pty_env(work)
    exe = str(Path(sys.executable).parent / "archdecide")
    hello = hello_app(work)

    def wizard() -> Run:
        shown = first_screen([exe], env, WELCOME)
        return Run(shown.seconds, shown.maxrss_kb)

    def bare() -> Run:
        shown = first_screen([sys.executable, str(hello)], env, b"Hello")
        return Run(shown.seconds, shown.maxrss_kb)

    first_rounds = rounds if quick else max(rounds, FIRST_SCREEN_ROUNDS)
    measured, floor = alternate_runs(wizard, bare, first_rounds, budget=45.0)
    m = Timing.of([r.seconds for r in measured])
    f = Timing.of([r.seconds for r in floor])
    ratio = m.median / f.median
    met, text = verdict(ratio, TARGET)
    counts, answer_times = _in_question([exe], env, 6 if quick else 30, 2 if quick else 40)
    answer_p95 = percentile(answer_times, 0.95)
    per_key = statistics.median(counts)
    key_met, key_text = verdict(per_key, KEY_BYTES_TARGET, unit=" B")
    mem_ratio = peak_kb(measured) / peak_kb(floor)
    answer_met, answer_text = verdict(answer_p95 * 1e3, ANSWER_TARGET * 1e3, unit=" ms")

    section = Section("Wizard in a pseudo-terminal (80x24, 256 colours)")
    section.add("Spawned with `os.fork` on a pty sized by `TIOCSWINSZ`; the clock runs from the "
                "fork until the marker text has been written (`Start a new decision` for the "
                "wizard's welcome screen, `Hello` for the floor: a bare Textual app with a "
                "Static and a Footer); then its peak RSS so far (VmHWM in /proc/PID/status: its "
                "own address space only), ctrl+q and `os.wait4`. "
                f"{len(measured)} alternating rounds after a warm-up (more than elsewhere: "
                "the ratio of two ~0.5 s process starts swings by 10-20% between runs on "
                "this shared machine).", "",
                "| measurement | wizard | bare Textual app | ratio | target | verdict |",
                "|---|---|---|---|---|---|",
                f"| time to first screen | {m.ms()} | {f.ms()} | {ratio:.2f}x | <= {TARGET}x | "
                f"{text} |",
                f"| peak RSS | {peak_kb(measured) / 1024:.1f} MiB | "
                f"{peak_kb(floor) / 1024:.1f} MiB | {mem_ratio:.2f}x | - | reported |",
                f"| bytes per navigation key (Down/Up on question 1) | {per_key:.0f} B (median; "
                f"{min(counts)}-{max(counts)} over {len(counts)} keys) | - | - | "
                f"< {KEY_BYTES_TARGET} B | {key_text} |",
                f"| answer -> next question on screen (enter until `Question 2 of` is "
                f"written; {len(answer_times)} answers) | p95 {answer_p95 * 1e3:.0f} ms, "
                f"median {statistics.median(answer_times) * 1e3:.0f} ms | - | - | "
                f"p95 < {ANSWER_TARGET * 1e3:.0f} ms | {answer_text} |")
    section.check(f"wizard first screen <= {TARGET}x bare Textual app",
                  f"{ratio:.2f}x ({m.median * 1e3:.0f} vs {f.median * 1e3:.0f} ms)", met, text)
    section.check("peak memory of the wizard", f"{peak_kb(measured) / 1024:.1f} MiB "
                  f"({mem_ratio:.2f}x the bare app's {peak_kb(floor) / 1024:.1f} MiB)", None, "")
    section.check(f"bytes per navigation keystroke at 256 colours < {KEY_BYTES_TARGET} B",
                  f"{per_key:.0f} B", key_met, key_text)
    section.check(f"answer -> updated screen p95 < {ANSWER_TARGET * 1e3:.0f} ms "
                  "(real terminal: enter until the next question is written)",
                  f"p95 {answer_p95 * 1e3:.0f} ms, median "
                  f"{statistics.median(answer_times) * 1e3:.0f} ms", answer_met, answer_text)
    if not met and not quick:
        _explain(section, env, hello)
    return section


def _explain(section: Section, env: dict[str, str], hello: Path) -> None:
    section.add("", "### Where the first-screen time goes (profiled)", "",
                "Profiled in a fresh interpreter that runs the wizard's own start-up code "
                "(`tui.cli`, `load_or_exit`, `ArchdecideApp`) headless at 80x24 until the "
                "first screen is composed, beside the bare app run the same way "
                "(bench/profile_child.py).", "")
    section.add(*profiling.import_gap(profiling.child_imports("wizard", env=env),
                                      profiling.child_imports("hello", [str(hello)], env)))
    for mode, args, label in (("wizard", [], "wizard"), ("hello", [str(hello)], "bare app")):
        profile = profiling.profile_child(mode, args, env)
        if profile is not None:
            section.add(f"- {label}:", *("  " + line for line in profile.lines()))
