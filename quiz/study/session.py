"""Study sessions: review (spaced repetition), quiz, exam and mistakes, one model for all.

CONTRACT (stub to be implemented).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from quiz.bank.model import Bank, Question
from quiz.study.grading import Grade, Response
from quiz.study.store import ProgressStore


class Mode(StrEnum):
    REVIEW = "review"
    QUIZ = "quiz"
    EXAM = "exam"
    MISTAKES = "mistakes"


@dataclass(frozen=True, slots=True)
class SessionOptions:
    mode: Mode = Mode.QUIZ
    count: int | None = None  # None: all eligible questions
    tags: frozenset[str] = frozenset()  # empty: every tag
    seed: int | None = None
    time_limit: timedelta | None = None  # exam
    pass_mark: float | None = None  # percent, exam (defaults to 70 in exam mode)
    update_schedule: bool | None = None  # None: the mode's default (mistakes: False)


@dataclass(frozen=True, slots=True)
class Item:
    bank: Bank
    question: Question
    # Display order: choice/multi -> choice indexes; match -> indexes of the right-hand texts;
    # order -> the scrambled starting order of items. Empty for other types.
    order: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        return self.bank.key(self.question)


@dataclass(frozen=True, slots=True)
class Answer:
    item: Item
    grade: Grade
    elapsed: float
    hint_used: bool
    override: str | None = None  # "knew" or "guessed"


@dataclass(frozen=True, slots=True)
class SessionResult:
    session_id: str
    mode: Mode
    banks: tuple[str, ...]
    score: float
    max_score: float
    percent: float
    passed: bool | None  # exam only
    by_tag: dict[str, tuple[float, float]]  # tag -> (score, max)
    started: datetime
    duration: timedelta
    wrong: tuple[Answer, ...]  # with the correct answer and explanation in each grade
    answered: int
    total: int


@dataclass
class Session:
    id: str
    options: SessionOptions
    items: tuple[Item, ...]
    store: ProgressStore | None
    started: datetime
    answers: list[Answer] = field(default_factory=list)

    @property
    def current(self) -> Item | None:
        raise NotImplementedError

    def answer(self, response: Response, *, elapsed: float, hint_used: bool = False,
               now: datetime | None = None) -> Grade:
        """Grade the current item, record it (saved at once) and move to the next item."""
        raise NotImplementedError

    def override(self, knew_it: bool, now: datetime | None = None) -> Grade:
        """Once per answer: "I knew it" (counts as right) or "I guessed" (counts as wrong)."""
        raise NotImplementedError

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        raise NotImplementedError

    def finish(self, now: datetime | None = None) -> SessionResult:
        """End the session (also when left early or out of time) and record its result."""
        raise NotImplementedError


def start_session(
    banks: list[Bank], store: ProgressStore | None, options: SessionOptions,
    now: datetime | None = None,
) -> Session:
    raise NotImplementedError
