"""quiz.records.Record: the repr, equality and hash its frozen dataclasses share behave as the
ones @dataclass writes for each class (checked against twins declared the usual way)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pytest

from quiz.bank.model import Choice, ChoiceQuestion, ShortQuestion
from quiz.records import Record


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Shared(Record):
    name: str
    score: float = 0.0
    parts: tuple[object, ...] = ()
    where: int = field(default=0, compare=False)
    secret: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class Written:
    name: str
    score: float = 0.0
    parts: tuple[object, ...] = ()
    where: int = field(default=0, compare=False)
    secret: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Alone(Record):
    only: str


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Empty(Record):
    pass


CASES = [
    dict(name="a"),
    dict(name="a", score=1.5, parts=("x", 2), where=3, secret="s"),
    dict(name='it\'s "quoted"\n', score=-0.0),
    dict(name="n", score=math.inf, parts=(None, (1, 2))),
]


@pytest.mark.parametrize("values", CASES)
def test_repr_equality_and_hash_are_those_dataclasses_write(values):
    shared, written = Shared(**values), Written(**values)
    assert repr(shared).replace("Shared", "Written", 1) == repr(written)
    assert hash(shared) == hash(written)
    assert shared == Shared(**values) and hash(shared) == hash(Shared(**values))
    for other in CASES:
        assert (shared == Shared(**other)) == (written == Written(**other))
        assert (shared != Shared(**other)) == (written != Written(**other))
    # A field that does not compare changes neither equality nor the hash.
    moved = replace(shared, where=99)
    assert moved == shared and hash(moved) == hash(shared)
    assert replace(shared, score=7.0) != shared


def test_only_an_object_of_the_same_class_is_equal():
    shared = Shared("a")
    assert shared != Written("a") and Written("a") != shared
    assert shared.__eq__(Written("a")) is NotImplemented
    assert shared != ("a", 0.0, ())
    assert Alone("x") == Alone("x") != Alone("y")
    assert hash(Alone("x")) == hash(("x",))
    assert Empty() == Empty() and hash(Empty()) == hash(())
    assert repr(Alone("x")) == "Alone(only='x')" and repr(Empty()) == "Empty()"


def test_nan_compares_as_in_a_tuple():
    # As @dataclass's tuples: the same NaN object is equal to itself, another NaN is not.
    nan = float("nan")
    assert (Shared("a", nan) == Shared("a", nan)) == (Written("a", nan) == Written("a", nan))
    assert (Shared("a", nan) == Shared("a", float("nan"))) == (
        Written("a", nan) == Written("a", float("nan"))
    )


def test_the_models_questions_keep_their_value_semantics():
    question = ChoiceQuestion(
        id="q", prompt="Which?", choices=(Choice("a"), Choice("b", "no")), answer=0, line=3
    )
    same = ChoiceQuestion(
        id="q", prompt="Which?", choices=(Choice("a"), Choice("b", "no")), answer=0, line=3
    )
    assert question == same and hash(question) == hash(same) and {question: 1}[same] == 1
    assert replace(question, column=9) == question  # where it starts on its line: not compared
    assert replace(question, answer=1) != question
    assert question != ShortQuestion(id="q", prompt="Which?", answer="a", line=3)
    assert repr(question).startswith("ChoiceQuestion(id='q', prompt='Which?', explanation=None")
    assert "choices=(Choice(text='a', feedback=None), Choice(text='b', feedback='no'))" in repr(
        question
    )
