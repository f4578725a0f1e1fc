"""The names a session, its result and the callers share: modes, options, items and answers.

In one module that imports nothing of the engine, so ``quiz.study.session`` and
``quiz.study.results`` both build on it without importing each other, and the command line
can name the modes (``quiz study --mode``) without loading the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Not typing.TYPE_CHECKING: the command line imports this module for ``MODES`` and typing
# would add to ``quiz --help``.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import timedelta

    from quiz.bank.model import Bank, Question
    from quiz.study.grading import Grade
    from quiz.study.scheduler import Rating

DEFAULT_PASS_MARK = 70.0  # percent, an exam's when none is given


class Mode(StrEnum):
    REVIEW = "review"
    QUIZ = "quiz"
    EXAM = "exam"
    MISTAKES = "mistakes"


# What ``quiz study --mode`` may open: a session mode, or one of the app's screens.
SCREEN_MODES = ("browse", "stats")
MODES = (*(m.value for m in Mode), *SCREEN_MODES)


@dataclass(frozen=True, slots=True)
class SessionOptions:
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


@dataclass(frozen=True, slots=True)
class Item:
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


@dataclass(frozen=True, slots=True)
class Answer:
    item: Item
    grade: Grade  # what was answered: an override never changes it
    elapsed: float
    hint_used: bool
    override: str | None = None  # "knew" or "guessed": the learner's word on the schedule
    rating: Rating | None = None  # what the schedule was told; None when skipped
    repeat: bool = False  # a learning step shown again in a review session: not scored
    skipped: bool = False  # an exam question left unanswered (graded 0)
