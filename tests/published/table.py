"""The table of published measurements in docs/sizing.md:
`python -m tests.published.table` prints it; the test checks docs/sizing.md contains it."""

from __future__ import annotations

from archdecide.knowledge.loader import bundled_pack_path, load_pack
from archdecide.knowledge.pack import KnowledgePack
from tests.published.evaluate import UNITS, load, predict


def render(pack: KnowledgePack) -> str:
    lines = ["| case | measured | model | error | tolerance | source |",
             "|---|---|---|---|---|---|"]
    for case in load():
        predicted = predict(pack, case)
        error = (predicted - case.value) / case.value
        tolerance = "exact" if case.tolerance == 0 else f"{case.tolerance:.0%}"
        verdict = "known gap" if case.known_gap else ("ok" if case.within(predicted) else "MISS")
        unit = UNITS[case.kind]
        lines.append(
            f"| {case.id} | {case.value:,.4g} {unit} | {predicted:,.4g} | {error:+.1%} "
            f"| {tolerance}, {verdict} | [{case.source['date']}]({case.source['url']}) |")
    return "\n".join(lines) + "\n"


def gaps() -> str:
    return "".join(f"- **{c.id}**: {c.known_gap}\n" for c in load() if c.known_gap)


if __name__ == "__main__":  # pragma: no cover
    pack = load_pack(bundled_pack_path())
    print(render(pack))
    print(gaps())
