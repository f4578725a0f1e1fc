"""'Due' means due before the current study day ends (the next rollover at day_starts_at, local
time), as Anki counts review cards; learning and relearning steps stay at their exact time.
The home screen, the statistics and a review session agree on what is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study import stats
from quiz.study.days import end_of_study_day, is_due
from quiz.study.scheduler import CardStatus, Rating
from quiz.study.selection import review_today
from quiz.study.session import Mode, SessionOptions, start_session
from quiz.study.store import ProgressStore, Settings

BAKU = timezone(timedelta(hours=4))


def make_bank(n: int) -> Bank:
    questions = tuple(
        ChoiceQuestion(
            id=f"q{i}", prompt=f"Question {i}?", choices=(Choice("yes"), Choice("no")), answer=0
        )
        for i in range(n)
    )
    return Bank(id="b", title="B", questions=questions)


def open_store(tmp_path, tz=UTC, **settings) -> ProgressStore:
    return ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False, **settings), tz=tz)


def answer(store: ProgressStore, key: str, when: datetime, rating: Rating = Rating.GOOD):
    return store.record_review(
        key,
        rating=rating,
        correct=rating is not Rating.AGAIN,
        response_time=3.0,
        session_id=None,
        now=when,
    )


def graduate(store: ProgressStore, key: str, when: datetime):
    """Good through the learning steps; the last step is answered at ``when``."""
    state = answer(store, key, when - timedelta(minutes=30))
    while state.status is not CardStatus.REVIEW:
        state = answer(store, key, max(state.due, when))
    return state


def offered(bank: Bank, store: ProgressStore, now: datetime) -> int:
    """Cards already studied that a review session started now shows."""
    session = start_session([bank], store, SessionOptions(mode=Mode.REVIEW, seed=1), now)
    return sum(1 for item in session.items if store.card(item.key) is not None)


@pytest.mark.parametrize(
    ("now", "tz", "end"),
    [
        # Days roll over at 4:00: 09:00 belongs to the day that ends at 4:00 tomorrow,
        (datetime(2025, 3, 3, 9, 0, tzinfo=UTC), UTC, datetime(2025, 3, 4, 4, 0, tzinfo=UTC)),
        # 02:00 still to the evening before, which ends at 4:00 today.
        (datetime(2025, 3, 3, 2, 0, tzinfo=UTC), UTC, datetime(2025, 3, 3, 4, 0, tzinfo=UTC)),
        (datetime(2025, 3, 3, 4, 0, tzinfo=UTC), UTC, datetime(2025, 3, 4, 4, 0, tzinfo=UTC)),
        # In the learner's time zone: 4:00 in Baku is 0:00 UTC.
        (datetime(2025, 3, 3, 23, 0, tzinfo=UTC), BAKU, datetime(2025, 3, 4, 0, 0, tzinfo=UTC)),
    ],
)
def test_end_of_study_day(now, tz, end):
    assert end_of_study_day(now, 4, tz) == end


def test_a_review_due_later_today_is_offered_this_morning(tmp_path):
    store = open_store(tmp_path)
    bank = make_bank(3)
    state = graduate(store, "b/q0", datetime(2025, 3, 1, 22, 0, tzinfo=UTC))
    due = state.due
    assert due.hour == 22 and due.date() > datetime(2025, 3, 1).date()
    morning = due.replace(hour=9, minute=0)  # the day it comes due, before its time
    day_before = morning - timedelta(days=1)
    assert is_due(state, morning, end_of_study_day(morning, 4, UTC))
    for now, expected in ((day_before, 0), (morning, 1), (due, 1)):
        assert stats.bank_stats(bank, store, now).due == expected
        assert review_today([bank], store, now).due == expected
        assert offered(bank, store, now) == expected
    assert stats.due_forecast([bank], store, morning, days=2)[0] == 1


def test_learning_steps_are_due_at_their_time_not_by_the_end_of_the_day(tmp_path):
    store = open_store(tmp_path)
    bank = make_bank(2)
    now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    state = answer(store, "b/q0", now, Rating.GOOD)  # first learning step: due in 10 minutes
    assert state.status is CardStatus.LEARNING and state.due > now
    soon = now + timedelta(minutes=1)
    assert not is_due(state, soon, end_of_study_day(soon, 4, UTC))
    assert stats.bank_stats(bank, store, soon).due == 0
    assert review_today([bank], store, soon).due == 0 and offered(bank, store, soon) == 0
    assert stats.bank_stats(bank, store, state.due).due == 1
    assert review_today([bank], store, state.due).due == 1 == offered(bank, store, state.due)


def test_statistics_and_a_review_session_agree_on_what_is_due(tmp_path):
    store = open_store(tmp_path, new_per_day=0)
    bank = make_bank(12)
    start = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    for i in range(8):
        graduate(store, f"b/q{i}", start + timedelta(hours=2 * i))  # 08:00 .. 22:00
    answer(store, "b/q8", start + timedelta(days=3), Rating.AGAIN)  # a learning card too
    for days in range(0, 12):
        for hour in (3, 9, 23):
            now = (start + timedelta(days=days)).replace(hour=hour)
            due = stats.bank_stats(bank, store, now).due
            assert due == review_today([bank], store, now).due == offered(bank, store, now), now
