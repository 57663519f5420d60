"""Timing helpers: alternate a measured command with its floor, report medians and ratios."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


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


def run_once(cmd: Sequence[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env)
    return time.perf_counter() - start


def alternate(measured: Sequence[str], floor: Sequence[str], rounds: int,
              env: dict[str, str] | None = None) -> tuple[Timing, Timing]:
    """Run measured and floor alternately `rounds` times each (after one warm-up of each)."""
    run_once(measured, env)
    run_once(floor, env)
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        a.append(run_once(measured, env))
        b.append(run_once(floor, env))
    return Timing.of(a), Timing.of(b)


def time_call(func: Callable[[], object], rounds: int, inner: int = 1) -> Timing:
    """Median wall time of func() over rounds (each round calls it `inner` times)."""
    func()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(inner):
            func()
        samples.append((time.perf_counter() - start) / inner)
    return Timing.of(samples)
