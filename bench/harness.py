"""Timing helpers: alternate a measured command with its floor, report medians and ratios."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timing:
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timing:
        ordered = sorted(samples)
        return cls(statistics.median(ordered), ordered[0], ordered[-1])

    def ms(self) -> str:
        return f"{self.median * 1e3:.1f} ms ({self.low * 1e3:.1f}-{self.high * 1e3:.1f})"


@dataclass(frozen=True)
class Run:
    """One whole process: wall time and its own peak resident set size (KiB)."""

    seconds: float
    maxrss_kb: int


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction in 0..1)."""
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[min(len(ordered), int(rank)) - 1]


def verdict(value: float, target: float, *, unit: str = "x") -> tuple[bool, str]:
    """(met, text): met when value <= target; otherwise by how much it is over."""
    if value <= target:
        return True, "met"
    return False, f"missed by {value / target - 1:.0%} ({value:.2f}{unit} vs {target:g}{unit})"


class Spawner:
    """The bench.spawner helper process (see there for why it exists)."""

    _instance: Spawner | None = None

    def __init__(self) -> None:
        script = Path(__file__).with_name("spawner.py")
        self.proc = subprocess.Popen([sys.executable, "-I", "-S", str(script)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    @classmethod
    def get(cls) -> Spawner:
        if cls._instance is None or cls._instance.proc.poll() is not None:
            cls._instance = cls()
        return cls._instance

    def run(self, cmd: Sequence[str], env: dict[str, str]) -> dict[str, float]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"argv": list(cmd), "env": env}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the bench spawner died")
        reply: dict[str, float] = json.loads(line)
        return reply

    @classmethod
    def close(cls) -> None:
        if cls._instance is not None:
            cls._instance.proc.communicate(timeout=10)
            cls._instance = None


def run_proc(cmd: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run cmd (cmd[0] an absolute path) through the spawner with stdio on /dev/null: wall
    time and its own peak RSS. Raises RuntimeError on a non-zero exit."""
    reply = Spawner.get().run(cmd, dict(os.environ if env is None else env))
    if reply["code"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {reply['code']:.0f}")
    return Run(reply["seconds"], int(reply["maxrss_kb"]))


def run_once(cmd: Sequence[str], env: dict[str, str] | None = None) -> float:
    return run_proc(cmd, env).seconds


def alternate_runs(measured: Callable[[], Run], floor: Callable[[], Run], rounds: int,
                   budget: float = 20.0) -> tuple[list[Run], list[Run]]:
    """Call measured and floor alternately `rounds` times each, after one warm-up of each;
    fewer rounds (at least 2 samples) when the warm-ups say they would take over `budget`
    seconds, and the warm-ups count as samples when they alone take over half of it.
    rounds <= 1 (`--quick`, a smoke run): one sample each, no warm-up."""
    if rounds <= 1:
        return [measured()], [floor()]
    warm_a, warm_b = measured(), floor()
    warm = warm_a.seconds + warm_b.seconds
    slow = warm > budget / 2
    a: list[Run] = [warm_a] if slow else []
    b: list[Run] = [warm_b] if slow else []
    rounds = 1 if slow else max(2, min(rounds, int(budget / max(warm, 1e-9))))
    for _ in range(rounds):
        a.append(measured())
        b.append(floor())
    return a, b


def alternate_procs(measured: Sequence[str], floor: Sequence[str], rounds: int,
                    env: dict[str, str] | None = None,
                    budget: float = 20.0) -> tuple[list[Run], list[Run]]:
    return alternate_runs(lambda: run_proc(measured, env), lambda: run_proc(floor, env), rounds,
                          budget)


def alternate(measured: Sequence[str], floor: Sequence[str], rounds: int,
              env: dict[str, str] | None = None) -> tuple[Timing, Timing]:
    """Run measured and floor alternately `rounds` times each (after one warm-up of each)."""
    a, b = alternate_procs(measured, floor, rounds, env)
    return Timing.of([r.seconds for r in a]), Timing.of([r.seconds for r in b])


def peak_kb(runs: Sequence[Run]) -> int:
    return int(statistics.median(r.maxrss_kb for r in runs))


def time_call(func: Callable[[], object], rounds: int, inner: int = 1,
              budget: float | None = None) -> Timing:
    """Median wall time of func() over rounds (each round calls it `inner` times); with a
    budget in seconds, fewer rounds (at least 1) when the warm-up says they would exceed it,
    and only the warm-up when it alone exceeds it."""
    start = time.perf_counter()
    func()
    if budget is not None:
        warm = time.perf_counter() - start
        if warm > budget:  # one call is over budget: the warm-up is the sample
            return Timing.of([warm])
        rounds = max(1, min(rounds, int(budget / max(warm * inner, 1e-9))))
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(inner):
            func()
        samples.append((time.perf_counter() - start) / inner)
    return Timing.of(samples)
