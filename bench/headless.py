"""Headless commands as whole processes, each beside the fair floor
`python -c "import networkx, tomllib; from pydantic import BaseModel"` (issue 28: `decide` and
`size ... --tco` at most 1.3x, with no cache written at run time); the old floor
`python -c "import networkx, pydantic, tomllib"`, whose lazy `import pydantic` never loads
BaseModel, is still measured and each command's ratio to it reported. `validate` is reported
for information (it runs the whole lint and the never-wins search); `records list` on 1,000
records also under 1 s; peak memory of `decide` beside the floor's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench import profiling
from bench.harness import Run, Timing, alternate_procs, peak_kb, run_proc, verdict
from bench.records import make_records
from bench.report import Section

TARGET = 1.3
RECORDS_TARGET = 1.0
FLOOR = [sys.executable, "-c", "import networkx, tomllib; from pydantic import BaseModel"]
OLD_FLOOR = [sys.executable, "-c", "import networkx, pydantic, tomllib"]
FLOOR_TEXT = "python -c \"import networkx, tomllib; from pydantic import BaseModel\""
BASE = [sys.executable, "-c", "pass"]


def exe() -> str:
    return str(Path(sys.executable).parent / "archdecide")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ARCHDECIDE_")}


def write_answers(work: Path) -> Path:
    answers = work / "answers.toml"
    answers.write_text('[answers]\ndata_sensitivity = "regulated"\n'
                       'monthly_tokens = 500_000_000\n', encoding="utf-8")
    return answers


LOAD_ONLY = "import networkx; from archdecide.knowledge.loader import load_pack; load_pack(None)"
PARSE_ONLY = ("import networkx, pydantic, tomllib; from archdecide.knowledge.pack_files import "
              "bundled_pack_path; [tomllib.loads(f.read_text(encoding='utf-8')) for f in "
              "sorted(bundled_pack_path().glob('*.toml'))]")
PARSE_AND_MODELS = f"{PARSE_ONLY}; import archdecide.knowledge.schema"
LOWER_BOUNDS = {
    "lower bound: parse the pack's TOML only": [sys.executable, "-c", PARSE_ONLY],
    "lower bound: parse the TOML and import pydantic.BaseModel": [
        sys.executable, "-c", f"{PARSE_ONLY}; from pydantic import BaseModel"],
    "lower bound: parse the TOML and build the pack's pydantic models": [
        sys.executable, "-c", PARSE_AND_MODELS],
    "lower bound: load and validate the pack only": [sys.executable, "-c", LOAD_ONLY],
}
"""Parts of what every command that reads the bundled pack must do (decide, size, validate and
the wizard reject a pack that does not validate), run as whole processes beside the same floor:
the least such a command can take, whatever the rest of it costs. `import pydantic` in the floor
is lazy: `BaseModel`, which any pydantic validation needs, is imported only on first use, so the
second row adds it; the third adds the pack's model classes (built by pydantic at import) but
validates nothing."""

INFORMATION = ("validate", *LOWER_BOUNDS)
"""Rows reported without a target."""


def commands(work: Path, records: int) -> dict[str, list[str]]:
    answers = write_answers(work)
    folder = make_records(exe(), answers, work / "records", records, clean_env())
    return {
        "decide --format json": [exe(), "decide", "--answers", str(answers), "--format", "json"],
        "validate": [exe(), "validate"],
        "size --model gpt-oss-120b --tco": [exe(), "size", "--model", "gpt-oss-120b",
                                            "--precision", "mxfp4", "--gpu", "h100-80gb",
                                            "--tco"],
        f"records list ({records:,} records)": [exe(), "records", "list", "--records",
                                                str(folder)],
        **LOWER_BOUNDS,
    }


def _smaller(cmd: list[str], work: Path) -> list[str]:
    """The command's arguments, with `records list` on 100 records (same proportions, a
    profile that takes seconds instead of a minute)."""
    if cmd[1:3] != ["records", "list"]:
        return cmd[1:]
    folder = make_records(exe(), write_answers(work), work / "records-100", 100, clean_env())
    return [*cmd[1:-1], str(folder)]


def _ms(runs: list[Run]) -> Timing:
    return Timing.of([r.seconds for r in runs])


def run(work: Path, rounds: int, quick: bool) -> Section:
    env = clean_env()
    section = Section("Headless commands vs the floor")
    section.add(f"Fair floor: `{FLOOR_TEXT}`, run alternately "
                f"with each command ({rounds} rounds after a warm-up); target: at most "
                f"{TARGET}x for `decide` and `size` (fewer rounds for a command slower than a few "
                "seconds). The old floor (`import networkx, pydantic, tomllib`, which never "
                "loads BaseModel) is measured beside the fair one, and each command's ratio to it "
                "is the `old floor` column. Peak memory is "
                "the child's own `ru_maxrss` (`os.wait4` in the small "
                "bench/spawner.py helper, so the benchmark's own size does not leak in).", "",
                "| command | rounds | median (range) | floor | ratio | old floor | peak RSS | "
                "floor RSS | verdict |",
                "|---|---|---|---|---|---|---|---|---|")
    base, _ = alternate_procs(BASE, BASE, max(2, rounds // 3), env)
    old, fair = alternate_procs(OLD_FLOOR, FLOOR, rounds, env)
    missed: dict[str, list[str]] = {}
    for name, cmd in commands(work, 20 if quick else 1000).items():
        measured, floor = alternate_procs(cmd, FLOOR, rounds, env)
        m, f = _ms(measured), _ms(floor)
        ratio = m.median / f.median
        old_ratio = m.median / (_ms(old).median * f.median / _ms(fair).median)
        met, text = verdict(ratio, TARGET)
        if name in INFORMATION or name.startswith("records"):
            met, text = None, f"for information ({text})"
        section.add(f"| `{name}` | {len(measured)} | {m.ms()} | {f.ms()} | {ratio:.2f}x | "
                    f"{old_ratio:.2f}x | {peak_kb(measured) / 1024:.1f} MiB | "
                    f"{peak_kb(floor) / 1024:.1f} MiB | {text} |")
        if not name.startswith("records"):
            section.check(f"`{name}` <= {TARGET}x fair floor", f"{ratio:.2f}x "
                          f"({m.median * 1e3:.0f} vs {f.median * 1e3:.0f} ms; old floor "
                          f"{old_ratio:.2f}x)", met, text)
        if name == "decide --format json":
            ratio_kb = peak_kb(measured) / peak_kb(floor)
            section.check("peak memory of `decide`", f"{peak_kb(measured) / 1024:.1f} MiB "
                          f"({ratio_kb:.2f}x the floor's {peak_kb(floor) / 1024:.1f} MiB)",
                          None, "")
        if name.startswith("records"):
            ok, text = verdict(m.median, RECORDS_TARGET, unit=" s")
            section.check(f"`{name}` < {RECORDS_TARGET} s",
                          f"{m.median:.3f} s", ok, text)
            met = ok  # its ratio is for information; the 1 s bound is its target
        if met is not True and name not in LOWER_BOUNDS:
            missed[name] = cmd
    section.add("", f"The old floor took {_ms(old).ms()} against the fair floor's "
                f"{_ms(fair).ms()} in the same alternation.",
                "", f"For scale: `python -c pass` takes {_ms(base).ms()}; `archdecide "
                f"--version` {_ms([run_proc([exe(), '--version'], env)]).ms()} (one run).")
    if missed and not quick:
        section.add("", "### Where the time goes (profiled misses)")
        floor_imports = profiling.importtime(FLOOR, env)
        for name, cmd in missed.items():
            run_env = env
            note = " (pyinstrument on 100 records)" if name.startswith("records") else ""
            section.add("", f"`{name}`{note}:", "")
            section.add(*profiling.import_gap(profiling.importtime(cmd, run_env),
                                              floor_imports))
            profile = profiling.profile_child("cli", _smaller(cmd, work), run_env)
            if profile is not None:
                section.add(*profile.lines())
    return section
