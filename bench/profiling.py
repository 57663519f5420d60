"""Explain a missed target: `python -X importtime` of a command beside its floor, and a
pyinstrument profile (in-process, or of a fresh child via bench.profile_child) summarised
as the top contributors by package and by function. pyinstrument is optional: without it
only the import breakdown is given."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("knowledge", "decisions", "tui")
LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


# --------------------------------------------------------------------------- importtime


@dataclass(frozen=True)
class Imports:
    self_us: dict[str, int]
    cumulative_us: dict[str, int]
    top_level: list[str]
    """Modules imported directly by the program (not by another module), in order."""

    @property
    def total_ms(self) -> float:
        return sum(self.self_us.values()) / 1e3


def importtime(argv: Sequence[str], env: dict[str, str] | None = None,
               timeout: float = 120) -> Imports:
    """Run argv with PYTHONPROFILEIMPORTTIME=1 and parse the per-module times on stderr."""
    child_env = dict(os.environ if env is None else env, PYTHONPROFILEIMPORTTIME="1")
    result = subprocess.run(list(argv), env=child_env, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL, check=False, cwd=ROOT)
    self_us: dict[str, int] = {}
    cumulative: dict[str, int] = {}
    top: list[str] = []
    for line in result.stderr.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        own, cum, indent, name = int(match[1]), int(match[2]), match[3], match[4]
        self_us[name] = self_us.get(name, 0) + own
        cumulative[name] = max(cumulative.get(name, 0), cum)
        if len(indent) <= 1:
            top.append(name)
    return Imports(self_us, cumulative, top)


def package(module: str) -> str:
    return module.split(".")[0]


def import_gap(measured: Imports, floor: Imports, top: int = 8) -> list[str]:
    """Markdown lines: import time beyond the floor's, by package and by project module."""
    extra: dict[str, int] = defaultdict(int)
    for name, us in measured.self_us.items():
        if name not in floor.self_us:
            extra[package(name)] += us
    ranked = sorted(extra.items(), key=lambda kv: -kv[1])[:top]
    lines = [f"- `-X importtime`: {measured.total_ms:.0f} ms of imports "
             f"({len(measured.self_us)} modules) vs {floor.total_ms:.0f} ms "
             f"({len(floor.self_us)} modules) for the floor; modules the floor does not "
             f"import cost {sum(extra.values()) / 1e3:.0f} ms, by package: "
             + ", ".join(f"`{name}` {us / 1e3:.0f} ms" for name, us in ranked)]
    ours = sorted(((m, us) for m, us in measured.cumulative_us.items()
                   if package(m) in PROJECT and "." in m), key=lambda kv: -kv[1])[:top]
    if ours:
        lines.append("- project modules by cumulative import time (each includes what it "
                     "pulls in): " + ", ".join(f"`{m}` {us / 1e3:.0f} ms" for m, us in ours))
    return lines


# --------------------------------------------------------------------------- pyinstrument


@dataclass(frozen=True)
class Profile:
    total_ms: float
    import_ms: float
    """Time spent inside `import` statements (broken down by -X importtime instead)."""
    by_package: list[tuple[str, float]]
    """Time outside imports by package: self time, with the time of built-in and standard
    library frames charged to the nearest calling third-party or project package."""
    project: list[tuple[str, float]]
    """Project functions by inclusive time (imports they trigger included)."""
    hot: list[tuple[str, float]]
    """Any function by self time outside imports."""

    def lines(self, top: int = 8) -> list[str]:
        def fmt(items: list[tuple[str, float]]) -> str:
            return ", ".join(f"`{name}` {ms:.0f} ms" for name, ms in items[:top]) or "-"

        return [f"- pyinstrument ({self.total_ms:.0f} ms sampled, profiler overhead included; "
                f"compare proportions): {self.import_ms:.0f} ms inside imports; the rest by "
                f"package: {fmt(self.by_package)}",
                f"- project functions by inclusive time: {fmt(self.project)}",
                f"- hottest functions by self time outside imports: {fmt(self.hot)}"]

    def to_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> Profile:
        data = json.loads(text)
        return cls(data["total_ms"], data["import_ms"],
                   *([(str(k), float(v)) for k, v in data[key]]
                     for key in ("by_package", "project", "hot")))


def available() -> bool:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return False
    return True


def _bucket(path: str | None) -> tuple[str | None, str]:
    """(package or None for the standard library and built-ins, dotted module)."""
    if not path or path.startswith("<"):
        return None, (path or "?").strip("<>")
    parts = Path(path).parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1:]
    elif path.startswith(str(ROOT)):
        rest = Path(path).relative_to(ROOT).parts
    else:
        return None, Path(path).stem
    module = ".".join(rest).removesuffix(".py").removesuffix(".__init__")
    return rest[0].removesuffix(".py"), module


@dataclass(frozen=True)
class _Walk:
    frame: Any
    outermost: bool
    in_import: bool
    owner: str


def _frames(frame: Any, seen: frozenset[str] = frozenset(), in_import: bool = False,
            owner: str = "(stdlib)") -> Iterator[_Walk]:
    """Every real frame with: outermost of its kind on its stack, inside an import, and the
    nearest non-stdlib package on its stack (itself included)."""
    if not frame.is_synthetic:
        pkg, _ = _bucket(frame.file_path)
        owner = owner if pkg in (None, "bench") else pkg
        in_import = in_import or frame.function == "_find_and_load"
        yield _Walk(frame, frame.identifier not in seen, in_import, owner)
        seen = seen | {frame.identifier}
    for child in frame.children:
        yield from _frames(child, seen, in_import, owner)


def summarise(session: Any) -> Profile:
    root = session.root_frame(trim_stem=False)
    if root is None:
        return Profile(0.0, 0.0, [], [], [])
    by_package: dict[str, float] = defaultdict(float)
    project: dict[str, float] = defaultdict(float)
    hot: dict[str, float] = defaultdict(float)
    import_ms = 0.0
    for walk in _frames(root):
        frame = walk.frame
        pkg, module = _bucket(frame.file_path)
        own = frame.total_self_time * 1e3
        name = f"{module}:{frame.function}"
        if walk.in_import:
            import_ms += own
        else:
            by_package[walk.owner] += own
            hot[name] += own
        if walk.outermost and pkg in PROJECT and frame.function != "<module>":
            project[name] += frame.time * 1e3

    def rank(d: dict[str, float]) -> list[tuple[str, float]]:
        return sorted(((k, round(v, 1)) for k, v in d.items()), key=lambda kv: -kv[1])[:12]

    return Profile(root.time * 1e3, import_ms, rank(by_package), rank(project), rank(hot))


def profile_call(func: Callable[[], object], interval: float = 0.001) -> Profile | None:
    """Profile func() in this process; None without pyinstrument."""
    if not available():
        return None
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval, async_mode="disabled")
    profiler.start()
    try:
        func()
    finally:
        session = profiler.stop()
    return summarise(session)


def profile_child(mode: str, args: Sequence[str] = (), env: dict[str, str] | None = None,
                  timeout: float = 120) -> Profile | None:
    """Profile `python -m bench.profile_child mode args` in a fresh interpreter."""
    if not available():
        return None
    result = subprocess.run([sys.executable, "-m", "bench.profile_child", mode, *args],
                            env=env, capture_output=True, text=True, timeout=timeout,
                            cwd=ROOT, stdin=subprocess.DEVNULL, check=False)
    marker = "PROFILE "
    for line in result.stdout.splitlines():
        if line.startswith(marker):
            return Profile.from_json(line[len(marker):])
    return None


def child_imports(mode: str, args: Sequence[str] = (),
                  env: dict[str, str] | None = None) -> Imports:
    """Import times of `python -m bench.profile_child --no-profile mode args`."""
    return importtime([sys.executable, "-m", "bench.profile_child", "--no-profile", mode,
                       *args], env)
