"""evaluate(pack, answers) -> Evaluation: the whole, auditable outcome of a set of answers.

Same answers + same pack + same assumptions -> an identical Evaluation. It is typed all the
way down; the records, the text report and the wizard read it directly, and JSON is made from
it only at the edges (decisions.engine.evaluation_json).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from archdecide.decisions.engine.answers import answer_label
from archdecide.decisions.engine.explain import paths_words
from archdecide.decisions.engine.graph import a, c, decision_graph
from archdecide.decisions.engine.outcome import Core, core
from archdecide.decisions.engine.scoring import Exclusion, GraphPath, WeightChange, weight_changes
from archdecide.decisions.engine.sensitivity import Sensitivity, analyse
from archdecide.decisions.sizing.tco import TCOReport
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue


@dataclass(frozen=True)
class Ranked:
    """One architecture in the ranking."""

    architecture: str
    name: str
    family: str
    score: float
    exclusions: tuple[Exclusion, ...]
    contributions: dict[str, float]
    """criterion -> points of the 0-100 score"""
    contribution_paths: dict[str, tuple[GraphPath, ...]]
    """criterion -> the paths (answer -> option -> criterion -> architecture) of every answer
    that moved the criterion's weight"""
    why_not: tuple[str, ...]

    @property
    def excluded(self) -> bool:
        return bool(self.exclusions)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(ex.reason for ex in self.exclusions)


def applies(about: tuple[str, ...], running: set[str]) -> bool:
    """A warning about some architectures applies while one of them is still in the running;
    a warning about none applies always (it concerns the answers themselves)."""
    return not about or bool(running.intersection(about))


@dataclass(frozen=True)
class Notice:
    """A warning or a conflict, and what raised it."""

    kind: str
    message: str
    source: str


@dataclass(frozen=True)
class ShownAnswer:
    """One step of the path as a person reads it."""

    question: str
    prompt: str
    value: AnswerValue
    label: str
    assumed: bool


@dataclass(frozen=True)
class Evaluation:
    pack: KnowledgePack = field(repr=False)
    answers: dict[str, AnswerValue]
    assumptions: dict[str, float]
    """The sizing/TCO constants given (overrides of the pack's figures)."""
    core: Core
    sensitivity: Sensitivity

    @property
    def recommendation(self) -> str | None:
        return self.core.recommendation

    @property
    def runner_up(self) -> str | None:
        return self.core.runner_up

    @property
    def margin(self) -> float | None:
        first, second = self.core.recommendation, self.core.runner_up
        if first is None or second is None:
            return None
        return self.core.scores[first].score - self.core.scores[second].score

    @property
    def weights(self) -> dict[str, float]:
        return self.core.weights

    @cached_property
    def weight_changes(self) -> tuple[WeightChange, ...]:
        return weight_changes(self.core.applied)

    @property
    def report(self) -> TCOReport | None:
        return self.core.cost.report

    @property
    def assumed(self) -> list[str]:
        return [s.question for s in self.core.steps if s.assumed]

    @property
    def strict_defaults(self) -> list[tuple[str, AnswerValue, str]]:
        """(question, value, reason) for each strict default assumed on the path."""
        return [(s.question, s.value, s.default_reason) for s in self.core.steps
                if s.assumed and s.default_reason]

    @property
    def decided_by_default(self) -> list[str]:
        """Assumed answers whose other options change the recommendation, in path order
        (empty when the evaluation was made without sensitivity analysis)."""
        return list(dict.fromkeys(f.question for f in self.sensitivity.defaults))

    @property
    def depends_on(self) -> list[dict[str, Any]]:
        """What the recommendation depends on that was not answered: per assumed question (in
        path order), its assumed value and the recommendation under each other answer that
        changes it (JSON's `depends_on`)."""
        out: dict[str, dict[str, Any]] = {}
        for flip in self.sensitivity.defaults:
            entry = out.setdefault(flip.question, {"question": flip.question,
                                                   "assumed": flip.current, "outcomes": []})
            entry["outcomes"].append({"answer": flip.alternative,
                                      "recommendation": flip.recommendation})
        return list(out.values())

    @property
    def ignored(self) -> list[str]:
        on_path = {s.question for s in self.core.steps}
        order = {qid: i for i, qid in enumerate(self.pack.questions)}
        return sorted((qid for qid in self.answers if qid not in on_path),
                      key=lambda qid: (order.get(qid, len(order)), qid))

    @cached_property
    def ranking(self) -> tuple[Ranked, ...]:
        out = []
        for aid in self.core.order:
            arch = self.pack.architectures[aid]
            out.append(Ranked(aid, arch.name, arch.family, self.core.scores[aid].score,
                              self.core.excluded.get(aid, ()),
                              self.core.scores[aid].contributions,
                              self._contribution_paths(aid), tuple(self.why_not(aid))))
        return tuple(out)

    def ranked(self, architecture: str) -> Ranked:
        return next(row for row in self.ranking if row.architecture == architecture)

    @property
    def excluded(self) -> tuple[Ranked, ...]:
        return tuple(row for row in self.ranking if row.excluded)

    def _contribution_paths(self, aid: str) -> dict[str, tuple[GraphPath, ...]]:
        out: dict[str, list[GraphPath]] = {cid: [] for cid in self.pack.criteria}
        for change in self.weight_changes:
            out[change.criterion].extend((*p, a(aid)) for p in change.paths)
        for item in self.core.applied:
            for cid in item.effects.fit.get(aid, {}):
                out[cid].extend((*prefix, c(cid), a(aid)) for prefix in item.origin.prefixes())
        return {cid: tuple(paths) for cid, paths in out.items()}

    def explain(self, exclusion: Exclusion) -> str:
        """An exclusion in words: its graph paths, then the pack's reason."""
        words = paths_words(decision_graph(self.pack), exclusion.paths)
        return f"{words or exclusion.origin.describe()}: {exclusion.reason}"

    def explain_change(self, change: WeightChange) -> str:
        return paths_words(decision_graph(self.pack), change.paths) or \
            f"{change.origin.describe()} -> weight of {change.criterion} {change.delta:+g}"

    def warnings(self) -> tuple[Notice, ...]:
        running = set(self.pack.architectures) - set(self.core.excluded)
        out = [Notice(kind, text, item.origin.describe())
               for item in self.core.applied
               for kind, texts in (("conflict", item.effects.conflicts),
                                   ("warning", item.effects.warnings
                                    if applies(item.effects.warnings_about, running) else ()))
               for text in texts]
        out.extend(Notice("warning", text, "sizing") for text in self.core.cost.warnings)
        if self.recommendation is None:
            out.append(Notice("conflict", "Every architecture is excluded by these answers; "
                              "revisit the answers named in the exclusions.", "exclusions"))
        return tuple(out)

    def why_not(self, architecture: str) -> list[str]:
        """Why `architecture` is not the recommendation: its exclusions, or where it loses."""
        if architecture in self.core.excluded:
            return [self.explain(ex) for ex in self.core.excluded[architecture]]
        winner = self.recommendation
        if winner is None or winner == architecture:
            return []
        mine = self.core.scores[architecture].contributions
        best = self.core.scores[winner].contributions
        losses = sorted(((best[cid] - mine[cid], cid) for cid in mine
                         if best[cid] - mine[cid] > 0.005),
                        key=lambda item: (-item[0], item[1]))[:3]
        table = self.core.table
        return [f"loses {gap:.1f} points on {self.pack.criteria[cid].name} (rated "
                f"{table[architecture][cid]:g} vs {table[winner][cid]:g} for {winner})"
                for gap, cid in losses]

    def shown_answers(self) -> tuple[ShownAnswer, ...]:
        out = []
        for step in self.core.steps:
            question = self.pack.questions[step.question]
            out.append(ShownAnswer(step.question, question.prompt, step.value,
                                   answer_label(question, step.value), step.assumed))
        return tuple(out)


def evaluate(pack: KnowledgePack, answers: Mapping[str, AnswerValue],
             assumptions: Mapping[str, float] | None = None, *,
             with_sensitivity: bool = True,
             path: Mapping[str, AnswerValue] | None = None) -> Evaluation:
    """Evaluate validated answers (see decisions.engine.answers.check_answers)."""
    base = core(pack, answers, assumptions, path=path)
    sensitivity = analyse(pack, answers, base, assumptions) if with_sensitivity \
        else Sensitivity()
    return Evaluation(pack, dict(answers), dict(assumptions or {}), base, sensitivity)
