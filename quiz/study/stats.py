"""Statistics over a learner's progress: per-bank counts, forecasts, streaks, exam readiness.

CONTRACT (stub to be implemented).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from quiz.bank.model import Bank
from quiz.study.store import ProgressStore


@dataclass(frozen=True, slots=True)
class BankStats:
    id: str
    title: str
    questions: int
    new: int
    learning: int
    due: int
    mastered: int  # retrievability >= 0.9
    reviews: int
    accuracy: float | None  # share of reviews answered right, None without reviews


@dataclass(frozen=True, slots=True)
class Readiness:
    exam_date: date
    predicted: float  # mean retrievability on exam day, 0..1
    target: float
    reviews_per_day: int | None  # reviews a day that would lift it to target; None if unreachable


def bank_stats(bank: Bank, store: ProgressStore, now: datetime) -> BankStats:
    raise NotImplementedError


def due_forecast(banks: list[Bank], store: ProgressStore, now: datetime, days: int = 14) -> list[int]:
    raise NotImplementedError


def reviews_per_day(store: ProgressStore, now: datetime, days: int = 30) -> list[int]:
    raise NotImplementedError


def accuracy_per_day(store: ProgressStore, now: datetime, days: int = 30) -> list[float | None]:
    raise NotImplementedError


def streak(store: ProgressStore, now: datetime) -> int:
    raise NotImplementedError


def readiness(bank: Bank, store: ProgressStore, exam_date: date, now: datetime,
              target: float = 0.9) -> Readiness:
    raise NotImplementedError
