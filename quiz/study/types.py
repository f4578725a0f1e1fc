"""The names a session, its result and the callers share: modes, options, items and answers.

In one module that imports nothing of the engine, so ``quiz.study.session`` and
``quiz.study.results`` both build on it without importing each other. The modes themselves
live in ``quiz.study.modes`` (the command line reads them from there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.records import Record, record
from quiz.study.modes import DEFAULT_PASS_MARK, MODES, SCREEN_MODES, Mode

__all__ = [
    "DEFAULT_PASS_MARK",
    "MODES",
    "SCREEN_MODES",
    "Answer",
    "Item",
    "Mode",
    "SessionOptions",
]

if TYPE_CHECKING:
    from datetime import timedelta

    from quiz.bank.model import Bank, Question
    from quiz.study.grading import Grade
    from quiz.study.scheduler import Rating


@record
class SessionOptions(Record):
    mode: Mode = Mode.QUIZ
    count: int | None = None  # None: all eligible questions
    tags: frozenset[str] = frozenset()  # empty: every tag
    seed: int | None = None
    time_limit: timedelta | None = None  # exam
    pass_mark: float | None = None  # percent, exam (defaults to DEFAULT_PASS_MARK in an exam)
    update_schedule: bool | None = None  # None: the mode's default (mistakes: False)
    # Only these questions ("bank-id/question-id"), e.g. what a search in browse selected;
    # None: every question of the banks. Combined with tags and flagged, a question must pass
    # every filter given.
    keys: tuple[str, ...] | None = None
    flagged: bool = False  # only the questions the learner flagged


@record
class Item(Record):
    bank: Bank
    question: Question
    # Display order: choice/multi -> choice indexes; match -> indexes of the right-hand texts;
    # order -> the scrambled starting order of items. Empty for other types.
    order: tuple[int, ...] = ()
    # Why a review shows this card again: None (first showing), "again" (the last answer
    # failed) or "step" (a right answer's next learning step is due within the session).
    reason: str | None = None

    @property
    def key(self) -> str:
        return self.bank.key(self.question)


@record
class Answer(Record):
    item: Item
    grade: Grade  # what was answered: an override never changes it
    elapsed: float
    hint_used: bool
    override: str | None = None  # "knew" or "guessed": the learner's word on the schedule
    rating: Rating | None = None  # what the schedule was told; None when skipped
    repeat: bool = False  # a learning step shown again in a review session: not scored
    skipped: bool = False  # an exam question left unanswered (graded 0)
