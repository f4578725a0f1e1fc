"""Statistics over a learner's progress: per-bank counts, forecasts, streaks, exam readiness.

Everything here reads the store's per-card state and per-day counters, so it costs
O(questions) or O(days), never O(reviews).

Exam readiness uses a deliberately simple model (stated so the numbers can be judged):

- the exam is at noon, local time, on the exam day;
- the *predicted* score is the mean FSRS retrievability of the bank's questions at that moment,
  a question never studied counting as 0;
- to find the reviews a day that would reach a target, the learner is simulated studying ``k``
  questions on each study day from today to the day before the exam, always the ones with the
  lowest predicted recall on exam day, each answered Good (a new question goes through its
  learning steps the same day) with fuzzing off. The smallest ``k`` that lifts the mean to the
  target is found by searching ``k`` (more reviews a day never lower the prediction in this
  model); None when even every question every day falls short, or no study day is left.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quiz.bank.model import Bank
from quiz.study.days import day_start
from quiz.study.scheduler import CardState, CardStatus, Rating, Scheduler, ensure_utc
from quiz.study.store import ProgressStore

MASTERED = 0.9  # retrievability at which a question in the review state counts as mastered
EXAM_HOUR = 12  # local time on the exam day
STUDY_HOUR = 6  # hours after a study day begins when the simulated learner studies


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


def _keys(banks: list[Bank]) -> list[str]:
    seen: dict[str, None] = {}
    for bank in banks:
        for question in bank.questions:
            seen.setdefault(bank.key(question))
    return list(seen)


def bank_stats(bank: Bank, store: ProgressStore, now: datetime) -> BankStats:
    """Counts for one bank. New: never scheduled; learning: in (re)learning steps; due: its
    review time has come; mastered: in the review state with recall >= 90% now."""
    now = ensure_utc(now)
    new = learning = due = mastered = reviews = right = 0
    for key in _keys([bank]):
        answers, correct = store.counts(key)
        reviews += answers
        right += correct
        state = store.card(key)
        if state is None:
            new += 1
            continue
        if state.status in (CardStatus.LEARNING, CardStatus.RELEARNING):
            learning += 1
        if state.due <= now:
            due += 1
        if (
            state.status is CardStatus.REVIEW
            and store.scheduler.retrievability(state, now) >= MASTERED
        ):
            mastered += 1
    return BankStats(
        id=bank.id,
        title=bank.title,
        questions=len(bank.questions),
        new=new,
        learning=learning,
        due=due,
        mastered=mastered,
        reviews=reviews,
        accuracy=right / reviews if reviews else None,
    )


def _today(store: ProgressStore, now: datetime) -> date:
    return date.fromisoformat(store.study_day(now))


def due_forecast(
    banks: list[Bank], store: ProgressStore, now: datetime, days: int = 14
) -> list[int]:
    """Questions coming due per study day: [0] is today (overdue included), [i] i days on."""
    today = _today(store, now)
    counts = [0] * max(0, days)
    for key in _keys(banks):
        state = store.card(key)
        if state is None:
            continue
        offset = max(0, (_today(store, state.due) - today).days)
        if offset < days:
            counts[offset] += 1
    return counts


def _last_days(store: ProgressStore, now: datetime, days: int) -> list[str]:
    today = _today(store, now)
    return [(today - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]


def reviews_per_day(store: ProgressStore, now: datetime, days: int = 30) -> list[int]:
    """Answers per study day over the last ``days`` days, oldest first, today last."""
    return [store.day_counts(day).answers for day in _last_days(store, now, days)]


def accuracy_per_day(store: ProgressStore, now: datetime, days: int = 30) -> list[float | None]:
    """Share of right answers per study day (None on days without answers), today last."""
    result: list[float | None] = []
    for day in _last_days(store, now, days):
        counts = store.day_counts(day)
        result.append(counts.correct / counts.answers if counts.answers else None)
    return result


def streak(store: ProgressStore, now: datetime) -> int:
    """Consecutive study days with answers, ending today (or yesterday, if today is not
    studied yet: the streak is not lost before the day is over)."""
    day = _today(store, now)
    if not store.day_counts(day.isoformat()).answers:
        day -= timedelta(days=1)
    count = 0
    while store.day_counts(day.isoformat()).answers:
        count += 1
        day -= timedelta(days=1)
    return count


# -- exam readiness ----------------------------------------------------------------------------


def readiness(
    bank: Bank, store: ProgressStore, exam_date: date, now: datetime, target: float = 0.9
) -> Readiness:
    """The predicted share recalled on exam day and the reviews a day to reach ``target``
    (see the module docstring for the model)."""
    now = ensure_utc(now)
    hours = store.settings.day_starts_at
    exam = day_start(exam_date, hours, store.tz) + timedelta(hours=(EXAM_HOUR - hours) % 24)
    states = [store.card(key) for key in _keys([bank])]
    if not states:
        return Readiness(exam_date, 0.0, target, None)
    # Fuzzing off: the forecast must not change from one look to the next.
    scheduler = Scheduler(
        store.settings.parameters, store.settings.desired_retention, enable_fuzzing=False
    )
    predicted = _mean_recall(scheduler, states, exam)
    if predicted >= target:
        return Readiness(exam_date, predicted, target, 0)
    today = _today(store, now)
    study_times = [now]
    for n in range(1, (exam_date - today).days):
        start = day_start(today + timedelta(days=n), hours, store.tz)
        study_times.append(start + timedelta(hours=STUDY_HOUR))
    study_times = [t for t in study_times if t < exam]
    if not study_times:
        return Readiness(exam_date, predicted, target, None)

    def reaches(k: int) -> bool:
        return _simulate(scheduler, states, study_times, exam, k) >= target

    n = len(states)
    # Grow k until it is enough, then narrow down: cheap when few reviews suffice.
    low, high = 0, 1
    while not reaches(high):
        if high >= n:
            return Readiness(exam_date, predicted, target, None)
        low, high = high, min(n, high * 2)
    while high - low > 1:
        mid = (low + high) // 2
        if reaches(mid):
            high = mid
        else:
            low = mid
    return Readiness(exam_date, predicted, target, high)


def _mean_recall(scheduler: Scheduler, states: list[CardState | None], at: datetime) -> float:
    return sum(scheduler.retrievability(s, at) for s in states) / len(states)


def _study(scheduler: Scheduler, state: CardState | None, at: datetime, key: str) -> CardState:
    """Answer Good, through any learning steps, the way a learner finishes a card in a sitting."""
    state = scheduler.review(state, Rating.GOOD, at, key=key)
    for _ in range(10):
        if state.status is CardStatus.REVIEW:
            break
        state = scheduler.review(state, Rating.GOOD, max(at, state.due))
    return state


def _simulate(
    scheduler: Scheduler,
    states: list[CardState | None],
    study_times: list[datetime],
    exam: datetime,
    per_day: int,
) -> float:
    """Mean recall at the exam after ``per_day`` reviews on each study day."""
    cards = list(states)
    heap = [(scheduler.retrievability(s, exam), i) for i, s in enumerate(cards)]
    heapq.heapify(heap)
    for when in study_times:
        picked = [heapq.heappop(heap)[1] for _ in range(min(per_day, len(heap)))]
        for i in picked:
            cards[i] = _study(scheduler, cards[i], when, f"sim/{i}")
            heapq.heappush(heap, (scheduler.retrievability(cards[i], exam), i))
    return _mean_recall(scheduler, cards, exam)
