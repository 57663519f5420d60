"""Session: the only state of a decision in progress - the answers, in the order given.

The UI asks `next_question()`, passes what the person chose to `answer()`, and renders
`evaluate()`. Changing an earlier answer can take later questions off the path; their answers
are dropped and reported, so nothing stale survives into the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from archdecide.decisions.engine.answers import AnswerError, coerce
from archdecide.decisions.engine.evaluation import Evaluation, evaluate
from archdecide.decisions.engine.flow import path_values
from archdecide.decisions.engine.graph import decision_graph, questions_left
from archdecide.knowledge.pack import KnowledgePack
from archdecide.knowledge.schema import AnswerValue, Question


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    """answered + the longest path of questions still ahead in the flow DAG (an upper
    bound: "about")."""


class Session:
    def __init__(self, pack: KnowledgePack, answers: Mapping[str, AnswerValue] | None = None,
                 assumptions: Mapping[str, float] | None = None) -> None:
        self.pack = pack
        self.assumptions = dict(assumptions or {})
        self._answers: dict[str, AnswerValue] = {}
        self._path: dict[str, AnswerValue] | None = None
        """path_values of the answers; None after a change that has not been walked yet."""
        for qid, value in (answers or {}).items():  # all first, then one prune: the result
            self._answers[qid] = self._checked(qid, value)  # does not depend on their order
        self._prune()

    @property
    def answers(self) -> dict[str, AnswerValue]:
        return dict(self._answers)

    def path(self) -> list[str]:
        return list(self._values())

    def _values(self) -> dict[str, AnswerValue]:
        if self._path is None:
            self._path = path_values(self.pack, self._answers)
        return self._path

    def next_question(self) -> Question | None:
        """The first question on the path that has no answer yet (None: all done)."""
        for qid in self.path():
            if qid not in self._answers:
                return self.pack.questions[qid]
        return None

    def answer(self, question_id: str, raw: object) -> list[str]:
        """Record an answer (validated and coerced); returns the ids of answers dropped because
        their questions fell off the path. Raises AnswerError for an invalid answer."""
        self._answers[question_id] = self._checked(question_id, raw)
        return self._prune()

    def _checked(self, question_id: str, raw: object) -> AnswerValue:
        question = self.pack.questions.get(question_id)
        if question is None:
            raise AnswerError(f"{question_id!r} is not a question of pack {self.pack.id}")
        return coerce(question, raw)

    def _prune(self) -> list[str]:
        on_path = path_values(self.pack, self._answers)
        dropped = [q for q in self._answers if q not in on_path]
        for qid in dropped:
            del self._answers[qid]
        self._path = on_path  # answers off the path never change it
        return dropped

    def neighbour(self, question_id: str, step: int) -> str | None:
        """The question before (step -1) or after (step +1) `question_id` on the current path;
        None past either end. Moving never changes an answer."""
        path = self.path()
        if question_id not in path:
            answered = [q for q in path if q in self._answers]
            return answered[-1] if step < 0 and answered else None
        i = path.index(question_id) + step
        return path[i] if 0 <= i < len(path) else None

    def progress(self) -> Progress:
        path = self.path()
        done = sum(1 for q in path if q in self._answers)
        upcoming = self.next_question()
        ahead = (questions_left(decision_graph(self.pack), upcoming.id)
                 if upcoming is not None else 0)
        return Progress(done, done + ahead)

    def evaluate(self, *, with_sensitivity: bool = True) -> Evaluation:
        return evaluate(self.pack, self._answers, self.assumptions,
                        with_sensitivity=with_sensitivity, path=self._values())
