"""The learner's progress file: one crash-safe JSON file per data directory.

CONTRACT (stub to be implemented). Everything the UI and the CLI need from the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quiz.study.scheduler import CardState, Rating


class ProgressError(Exception):
    """The progress file cannot be used (e.g. written by a newer version, or locked by another
    copy of the app). ``str(error)`` is a message for the learner, naming the file."""


@dataclass(frozen=True, slots=True)
class Settings:
    desired_retention: float = 0.9
    parameters: tuple[float, ...] = ()  # empty: fsrs defaults
    day_starts_at: int = 4  # local hour at which a new study day begins
    new_per_day: int = 20
    reviews_per_day: int = 200


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    key: str  # "bank-id/question-id"
    time: datetime
    rating: Rating
    correct: bool
    response_time: float  # seconds
    session_id: str | None
    scheduled: bool  # False for cram reviews that did not change the schedule


class ProgressStore:
    path: Path
    settings: Settings
    notices: list[str]  # things to tell the learner once (e.g. "restored from backup ...")

    @classmethod
    def open(cls, data_dir: Path) -> ProgressStore:
        raise NotImplementedError

    def card(self, key: str) -> CardState | None:
        """None for a question never reviewed (a new card)."""
        raise NotImplementedError

    def record_review(
        self,
        key: str,
        *,
        rating: Rating,
        correct: bool,
        response_time: float,
        session_id: str | None,
        now: datetime,
        update_schedule: bool = True,
    ) -> CardState | None:
        """Append the review, reschedule the card (unless update_schedule is False) and save."""
        raise NotImplementedError

    def amend_last_review(
        self, key: str, *, rating: Rating, correct: bool, now: datetime
    ) -> CardState | None:
        """"I knew it" / "I guessed": replace the last review of key, rescheduling from the
        state before it, and save."""
        raise NotImplementedError

    def reviews(self, key: str | None = None) -> list[ReviewRecord]:
        raise NotImplementedError

    def last_correct(self, key: str) -> bool | None:
        """Whether the last answer to key was right; None if never answered."""
        raise NotImplementedError

    def record_session(self, result: dict) -> None:
        """Append a finished session's result (JSON-able dict) and save."""
        raise NotImplementedError

    def sessions(self) -> list[dict]:
        raise NotImplementedError

    def study_day(self, now: datetime) -> str:
        """The ISO date of the study day ``now`` falls in (days roll over at day_starts_at)."""
        raise NotImplementedError

    def new_studied_on(self, day: str) -> int:
        raise NotImplementedError

    def reviewed_on(self, day: str) -> int:
        raise NotImplementedError

    def save(self) -> None:
        raise NotImplementedError
