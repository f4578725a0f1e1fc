"""FSRS scheduling over the ``fsrs`` package, with the project's rating rules.

CONTRACT (stub to be implemented).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardStatus(IntEnum):
    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """The schedule of one question for one learner (all datetimes tz-aware UTC)."""

    card_id: int
    status: CardStatus
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


def rating_for(correct: bool, elapsed: float, hint_used: bool, expected_seconds: float) -> Rating:
    """wrong -> Again; right -> Good, or Easy when right quickly (under expected_seconds)
    without a hint."""
    raise NotImplementedError
