"""Session: walking forward and back, dropping answers that fall off the path."""

from __future__ import annotations

import pytest

from archdecide.decisions.engine.answers import AnswerError
from archdecide.decisions.engine.flow import walk
from archdecide.decisions.engine.session import Session
from archdecide.knowledge.pack import KnowledgePack


def test_defaults_are_assumed_and_branching(tiny: KnowledgePack) -> None:
    steps = walk(tiny, {})
    assert [(s.question, s.assumed) for s in steps] == [("sensitivity", True),
                                                        ("speed_need", True)]
    steps = walk(tiny, {"sensitivity": "secret"})
    assert [s.question for s in steps] == ["sensitivity", "volume", "speed_need"]
    assert steps[1].value == tiny.questions["volume"].default


def test_forward_walk(tiny: KnowledgePack) -> None:
    session = Session(tiny)
    assert session.next_question().id == "sensitivity"
    assert session.progress().answered == 0 and session.progress().total == 3
    session.answer("sensitivity", "secret")
    assert session.next_question().id == "volume"
    session.answer("volume", "3B")
    assert session.next_question().id == "speed_need"
    assert session.progress().answered == 2 and session.progress().total == 3
    session.answer("speed_need", "weeks")
    assert session.next_question() is None
    assert session.progress().answered == session.progress().total == 3
    assert session.answers == {"sensitivity": "secret", "volume": 3_000_000_000,
                               "speed_need": "weeks"}


def test_changing_an_answer_drops_answers_off_the_path(tiny: KnowledgePack) -> None:
    session = Session(tiny, {"sensitivity": "secret", "volume": 10, "speed_need": "weeks"})
    dropped = session.answer("sensitivity", "public")
    assert dropped == ["volume"]
    assert session.answers == {"sensitivity": "public", "speed_need": "weeks"}
    assert session.next_question() is None


def test_moving_along_the_path_never_changes_an_answer(tiny: KnowledgePack) -> None:
    session = Session(tiny, {"sensitivity": "secret", "volume": 10})
    assert session.neighbour("volume", -1) == "sensitivity"
    assert session.neighbour("sensitivity", -1) is None
    assert session.neighbour("sensitivity", +1) == "volume"
    assert session.neighbour("volume", +1) == "speed_need"
    assert session.neighbour("speed_need", +1) is None
    assert session.answers == {"sensitivity": "secret", "volume": 10}
    # a question off the path (volume, after "public") goes back to the last answered one
    session.answer("sensitivity", "public")
    assert session.neighbour("volume", -1) == "sensitivity"


def test_invalid_answers_leave_the_session_unchanged(tiny: KnowledgePack) -> None:
    session = Session(tiny, {"sensitivity": "internal"})
    with pytest.raises(AnswerError):
        session.answer("sensitivity", "nope")
    with pytest.raises(AnswerError):
        session.answer("nope", "x")
    assert session.answers == {"sensitivity": "internal"}


def test_evaluate_reports_assumed_and_ignored(tiny: KnowledgePack) -> None:
    from archdecide.decisions.engine.evaluation import evaluate

    ev = evaluate(tiny, {"sensitivity": "public", "volume": 5})
    assert ev.assumed == ["speed_need"]
    assert ev.ignored == ["volume"]
    assert ev.recommendation == "api"
    assert ev.margin is not None and ev.margin > 0



def test_initial_answers_do_not_depend_on_their_order(tiny: KnowledgePack) -> None:
    """volume is on the path only when sensitivity is secret: given first, it must still be
    kept (answering one by one would have dropped it before sensitivity arrived)."""
    given = {"volume": 10, "sensitivity": "secret", "speed_need": "weeks"}
    forward = Session(tiny, given)
    backward = Session(tiny, dict(reversed(list(given.items()))))
    assert forward.answers == backward.answers == given
    assert Session(tiny, {"volume": 10, "sensitivity": "public"}).answers == \
        {"sensitivity": "public"}


def test_evaluate_reuses_the_pruned_path_only_while_it_is_current(tiny: KnowledgePack) -> None:
    """The Session hands its last pruned path to evaluate(); after any change of an answer
    the evaluation must still be that of a fresh walk."""
    from archdecide.decisions.engine.evaluation import evaluate

    fresh = Session(tiny)
    assert [s.question for s in fresh.evaluate(with_sensitivity=False).core.steps] == \
        [s.question for s in evaluate(tiny, {}, with_sensitivity=False).core.steps]
    session = Session(tiny, {"sensitivity": "secret", "volume": 10})
    for change in (("volume", 20), ("sensitivity", "public"), ("speed_need", "weeks"), None):
        got = session.evaluate(with_sensitivity=False).core
        want = evaluate(tiny, session.answers, with_sensitivity=False).core
        assert (got.steps, got.order, got.weights) == (want.steps, want.order, want.weights)
        if change is not None:
            session.answer(*change)
