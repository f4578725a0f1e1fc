"""quiz.records: a record's __init__, repr, equality, hash and frozenness behave as the ones
@dataclass(frozen=True) writes for each class (checked against twins declared the usual way)."""

from __future__ import annotations

import copy
import math
import pickle
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace

import pytest

from quiz.bank.model import Choice, ChoiceQuestion, ShortQuestion
from quiz.records import Record, record


@record
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


@record
class Alone(Record):
    only: str


@record
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


# -- __init__ and frozenness ---------------------------------------------------------------------


@record(kw_only=True)
class Made(Record):
    name: str
    tags: list[str] = field(default_factory=list)
    size: int = 3
    seen: list[str] = field(default_factory=list, init=False)
    fixed: int = field(default=7, init=False)

    def __post_init__(self) -> None:
        self.seen.append(self.name)


@dataclass(frozen=True, slots=True, kw_only=True)
class MadeTwin:
    name: str
    tags: list[str] = field(default_factory=list)
    size: int = 3
    seen: list[str] = field(default_factory=list, init=False)
    fixed: int = field(default=7, init=False)

    def __post_init__(self) -> None:
        self.seen.append(self.name)


@record
class Base(Record):
    a: int
    b: int = 2


@record
class Derived(Base):
    c: str = "c"


@record(slots=False)
class Open(Record):
    self: str  # a field may take the name of __init__'s first parameter
    value: int = 0


def state(obj):
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


CALLS = [
    ((), dict(name="n")),
    ((), dict(name="n", tags=["t"], size=5)),
    (("n",), {}),
    ((), {}),
    ((), dict(name="n", seen=["x"])),
    ((), dict(name="n", nope=1)),
    ((), dict(name="n", fixed=1)),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_init_takes_and_refuses_what_dataclasses_init_does(args, kwargs):
    try:
        twin = MadeTwin(*args, **kwargs)
    except TypeError as expected:
        with pytest.raises(TypeError) as got:
            Made(*args, **kwargs)
        assert str(got.value) == str(expected).replace("MadeTwin", "Made")
    else:
        made = Made(*args, **kwargs)
        assert state(made) == state(twin)


def test_defaults_from_a_factory_are_new_for_each_object():
    first, second = Made(name="a"), Made(name="b")
    assert first.tags == [] and first.tags is not second.tags
    assert first.seen == ["a"] and second.seen == ["b"]  # __post_init__ ran once each


def test_each_class_gets_its_own_init_whichever_is_made_first():
    assert Derived(1) == Derived(1, 2, "c") and state(Derived(1, c="x")) == dict(a=1, b=2, c="x")
    assert state(Base(5)) == dict(a=5, b=2)
    with pytest.raises(TypeError):
        Base(1, 2, "c")
    assert state(Derived(a=0)) == dict(a=0, b=2, c="c")
    assert Base.__init__ is not Derived.__init__
    assert Derived.__init__.__qualname__ == "Derived.__init__"


def test_a_field_named_like_the_inits_own_names():
    assert state(Open("me", 4)) == {"self": "me", "value": 4}


@pytest.mark.parametrize("obj", [Shared("a", 1.0), Made(name="m"), Derived(1), Open("o")])
def test_records_are_frozen_and_copy_and_pickle_as_dataclasses(obj):
    name = fields(obj)[0].name
    with pytest.raises(FrozenInstanceError):
        setattr(obj, name, "other")
    with pytest.raises(FrozenInstanceError):
        delattr(obj, name)
    for again in (copy.copy(obj), copy.deepcopy(obj), pickle.loads(pickle.dumps(obj))):
        assert again == obj and state(again) == state(obj) and type(again) is type(obj)
    assert replace(obj) == obj


def test_a_record_made_before_any_other_of_its_class_is_whole():
    # The class's first call writes its __init__: a fresh class, called once, shows it done.
    @record
    class Fresh(Record):
        x: int
        y: tuple[int, ...] = ()

    assert Fresh.__init__.__name__ == "_first_init"
    assert state(Fresh(1)) == dict(x=1, y=())
    assert Fresh.__init__.__qualname__.endswith("Fresh.__init__")
    assert state(Fresh(2, (3,))) == dict(x=2, y=(3,))
