"""The per-question part of docs/answers.md, generated from a pack:
`python -m archdecide.decisions.answers_doc` prints it; a test checks the docs contain it."""

from __future__ import annotations

from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import Question


def _default(question: Question) -> str:
    value = question.default
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:_}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _kind(question: Question) -> str:
    text = f"`{question.kind}`"
    if question.min is not None or question.max is not None:
        text += f"; range {question.min:g} to {question.max:g}" if question.min is not None \
            and question.max is not None else ""
    if question.unit:
        text += f"; unit `{question.unit}`"
    if question.sizing_input:
        text += f"; feeds sizing input `{question.sizing_input}`"
    return text


def render(pack: KnowledgePack) -> str:
    lines = ["## Questions", ""]
    for qid, question in pack.questions.items():
        lines += [f"### `{qid}`", "", f"**{question.prompt}**", "",
                  f"- Kind: {_kind(question)}", f"- Default: `{_default(question)}`"]
        for strict in question.strict_defaults:
            lines.append(f"- Strict default `{strict.value}` when {strict.reason}")
        lines += ["", question.why, ""]
        if question.options:
            lines += ["| option id | label | meaning |", "|---|---|---|"]
            lines += [f"| `{o.id}` | {o.label} | {o.help.replace('|', '/')} |"
                      for o in question.options]
            lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    from archdecide.knowledge.loader import bundled_pack_path, load_pack

    print(render(load_pack(bundled_pack_path())), end="")
