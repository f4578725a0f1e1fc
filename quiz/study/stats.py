"""Statistics over a learner's progress: per-bank counts, forecasts, streaks, exam readiness.

Everything here reads the store's per-card state and per-day counters, so it costs
O(questions) or O(days), never O(reviews).

Exam readiness uses a deliberately simple model (stated so the numbers can be judged):

- the exam is at noon, local time, on the exam day;
- the *predicted* score is the mean FSRS retrievability of the bank's questions at that moment,
  a question never studied counting as 0;
- to find the reviews a day that would reach a target, the learner is simulated studying ``k``
  questions on each study day from today to the day before the exam, always the ones with the
  lowest predicted recall on exam day (of equal ones, the one reviewed longest ago; new ones
  first), each answered Good (a new question goes through its
  learning steps the same day) with fuzzing off. The smallest ``k`` that lifts the mean to the
  target is found by a doubling then binary search over ``k`` (more reviews a day never lower
  the prediction in this model); None when even every question every day falls short, or no
  study day is left.
- only the last ``MAX_STUDY_DAYS`` (a year) before the exam are simulated: for an exam further
  away the answer is the reviews a day over its last year, which keeps the work bounded (an
  exam in 50 years is as quick as one next year). The prediction itself needs no simulation.
  An exam date before today, or more than 100 years ahead, is refused with ``ValueError``.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from math import inf

from quiz.records import Record, record
from quiz.study.days import check_exam_date, day_start
from quiz.study.facts import NO_SCHEDULE, Facts, micros
from quiz.study.scheduler import CardState, CardStatus, Rating, Scheduler, ensure_utc
from quiz.study.store import ProgressStore

# Not typing.TYPE_CHECKING: `quiz stats` counts banks from their outlines and never imports
# the model (building its classes costs ~15 ms).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.bank.outline import BankOutline

MASTERED = 0.9  # retrievability at which a question in the review state counts as mastered
EXAM_HOUR = 12  # local time on the exam day
STUDY_HOUR = 6  # hours after a study day begins when the simulated learner studies
MAX_STUDY_DAYS = 365  # study days simulated before an exam (the last ones)
# As ints: the facts' statuses are (comparing with an IntEnum member costs a call).
LEARNING, REVIEW, RELEARNING = (
    int(s) for s in (CardStatus.LEARNING, CardStatus.REVIEW, CardStatus.RELEARNING)
)
_DAY = 86_400_000_000  # microseconds
# Further away, dates run out (fsrs schedules up to 100 years ahead; Python's dates end in 9999).


@record
class BankStats(Record):
    id: str
    title: str
    questions: int
    new: int
    learning: int
    due: int
    mastered: int  # retrievability >= 0.9
    reviews: int
    accuracy: float | None  # share of reviews answered right, None without reviews
    # Out of sessions (and so of new, learning and due): suspended until unsuspended, buried
    # until the next study day. Flagged ones are counted wherever they are.
    suspended: int = 0
    buried: int = 0
    flagged: int = 0


@record
class Readiness(Record):
    exam_date: date
    predicted: float  # mean retrievability on exam day, 0..1
    target: float
    reviews_per_day: int | None  # reviews a day that would lift it to target; None if unreachable


def _keys(banks: Sequence[Bank | BankOutline]) -> list[str]:
    seen: dict[str, None] = {}
    for bank in banks:
        prefix = bank.id + "/"  # as Bank.key makes a question's key
        for question_id in bank.question_ids:
            seen.setdefault(prefix + question_id)
    return list(seen)


def bank_stats(
    bank: Bank | BankOutline,
    store: ProgressStore,
    now: datetime,
    card_facts: dict[str, Facts] | None = None,
) -> BankStats:
    """Counts for one bank. New: never scheduled; learning: in (re)learning steps; due: as
    ``quiz.study.days.is_due`` says (a review due before the study day ends, a learning step
    due now); mastered: in the review state with recall >= 90% now. A suspended or buried
    question is counted as such and in none of those. ``card_facts``: the store's
    ``card_facts()``, when the caller has it already (for several banks)."""
    now = ensure_utc(now)
    if card_facts is None:
        card_facts = store.card_facts()
    now_us = micros(now)
    day_end = micros(store.end_of_study_day(now))
    today = store.study_day(now)
    retrievability_after = store.scheduler.retrievability_after
    new = learning = due = mastered = reviews = right = 0
    suspended = buried = flagged = 0
    for key in _keys([bank]):
        card = card_facts.get(key)
        if card is None:
            new += 1  # no answers, no schedule, no mark
            continue
        answers, correct, status, due_at, stability, last, is_suspended, is_flagged, day = card
        reviews += answers
        right += correct
        flagged += is_flagged
        if is_suspended:
            suspended += 1
            continue
        if day == today:
            buried += 1
            continue
        if status == NO_SCHEDULE:
            new += 1
            continue
        if status in (LEARNING, RELEARNING):
            learning += 1
        # As quiz.study.days.is_due: a review is due before the day ends, a step when it is.
        if due_at < day_end if status == REVIEW else due_at <= now_us:
            due += 1
        if status == REVIEW and last is not None and stability is not None:
            # As Scheduler.retrievability: whole days since the last review.
            elapsed = max(0, (now_us - last) // _DAY)
            mastered += retrievability_after(stability, elapsed) >= MASTERED
    return BankStats(
        id=bank.id,
        title=bank.title,
        questions=len(bank.question_ids),
        new=new,
        learning=learning,
        due=due,
        mastered=mastered,
        reviews=reviews,
        accuracy=right / reviews if reviews else None,
        suspended=suspended,
        buried=buried,
        flagged=flagged,
    )


def _today(store: ProgressStore, now: datetime) -> date:
    return date.fromisoformat(store.study_day(now))


def due_forecast(
    banks: Sequence[Bank | BankOutline],
    store: ProgressStore,
    now: datetime,
    days: int = 14,
    card_facts: dict[str, Facts] | None = None,
) -> list[int]:
    """Questions coming due per study day: [0] is today (overdue included), [i] i days on.
    Suspended ones are left out; one buried today counts from tomorrow."""
    today = _today(store, now)
    counts = [0] * max(0, days)
    if card_facts is None:
        card_facts = store.card_facts()
    today_key = today.isoformat()
    # Where each study day from tomorrow on begins: a card's offset is the number of those
    # its due time has reached (a search, not a time-zone conversion per card: ~6 us each).
    hours = store.settings.day_starts_at
    starts = [
        micros(day_start(today + timedelta(days=n), hours, store.tz)) for n in range(1, days + 1)
    ]
    for key in _keys(banks):
        card = card_facts.get(key)
        if card is None or card.status == NO_SCHEDULE or card.suspended:
            continue
        offset = bisect.bisect_right(starts, card.due)
        if offset == 0 and card.buried == today_key:
            offset = 1
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
    (see the module docstring for the model). ValueError for an exam date in the past."""
    now = ensure_utc(now)
    today = _today(store, now)
    check_exam_date(exam_date, today)
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
    first = max(1, (exam_date - today).days - MAX_STUDY_DAYS)
    study_times = [now] if first == 1 else []
    for n in range(first, (exam_date - today).days):
        start = day_start(today + timedelta(days=n), hours, store.tz)
        study_times.append(start + timedelta(hours=STUDY_HOUR))
    study_times = [t for t in study_times if t < exam]
    if not study_times:
        return Readiness(exam_date, predicted, target, None)

    def reaches(k: int) -> bool:
        return _simulate(scheduler, states, study_times, exam, k, stop_at=target) >= target

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


def _order(scheduler: Scheduler, state: CardState | None, exam: datetime) -> tuple[float, float]:
    """Which question the simulated learner studies first: the lowest recall at the exam,
    then the one reviewed longest ago (a new one first)."""
    last = -inf if state is None or state.last_review is None else state.last_review.timestamp()
    return scheduler.retrievability(state, exam), last


def _simulate(
    scheduler: Scheduler,
    states: list[CardState | None],
    study_times: list[datetime],
    exam: datetime,
    per_day: int,
    stop_at: float | None = None,
) -> float:
    """Mean recall at the exam after ``per_day`` reviews on each study day.

    Questions in the same state (every new one) are simulated as one group, so a large new
    bank costs a few reviews a day, not ``per_day``. With ``stop_at``, the simulation stops
    once the mean reaches it: later study can only raise it in this model.
    """
    n = len(states)
    # Groups of questions in one state: [state, count]; the heap holds (order, group index).
    groups: list[list] = []
    first_of: dict[CardState | None, int] = {}
    for state in states:
        if state in first_of:
            groups[first_of[state]][1] += 1
        else:
            first_of[state] = len(groups)
            groups.append([state, 1])
    heap = [(_order(scheduler, g[0], exam), i) for i, g in enumerate(groups)]
    heapq.heapify(heap)
    total = sum(order[0] * groups[i][1] for order, i in heap)
    for when in study_times:
        if stop_at is not None and total / n >= stop_at:
            break
        left, studied = per_day, []
        while left and heap:
            order, i = heapq.heappop(heap)
            state, count = groups[i]
            take = min(left, count)
            left -= take
            new_state = _study(scheduler, state, when, f"sim/{i}")
            new_order = _order(scheduler, new_state, exam)
            total += (new_order[0] - order[0]) * take
            if take < count:  # the rest stay as they are
                groups[i][1] = count - take
                studied.append((order, i))
                groups.append([new_state, take])
                studied.append((new_order, len(groups) - 1))
            else:
                groups[i][0] = new_state
                studied.append((new_order, i))
        for item in studied:
            heapq.heappush(heap, item)
    return total / n
