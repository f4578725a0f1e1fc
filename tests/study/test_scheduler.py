"""FSRS through the project's scheduler: the published vector, rating rules and properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.study.scheduler import (
    DEFAULT_PARAMETERS,
    CardState,
    CardStatus,
    Rating,
    Scheduler,
    card_id_for,
    rating_for,
)


def interval_days(state):
    """Whole days from the last review to the due date, as py-fsrs's own tests count them."""
    return 0 if state.last_review is None else (state.due - state.last_review).days


T0 = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
exact = Scheduler(enable_fuzzing=False)


def test_py_fsrs_published_vector():
    # py-fsrs tests/test_basic.py::test_review_card: each review at the card's due time,
    # interval = (due - last_review).days.
    ratings = [Rating.GOOD] * 6 + [Rating.AGAIN] * 2 + [Rating.GOOD] * 5
    state, now, intervals = None, T0, []
    for rating in ratings:
        state = exact.review(state, rating, now, key="bank/q")
        intervals.append(interval_days(state))
        now = state.due
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


def test_py_fsrs_memory_state_vector():
    # py-fsrs tests/test_basic.py::test_memo_state (same weights, fuzzing off).
    ratings = [Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.GOOD]
    gaps = [0, 0, 1, 3, 8, 21]
    state, now = None, T0
    for rating, gap in zip(ratings, gaps, strict=True):
        now += timedelta(days=gap)
        state = exact.review(state, rating, now, key="bank/q")
    assert state.stability == pytest.approx(53.62691, abs=1e-4)
    assert state.difficulty == pytest.approx(6.3574867, abs=1e-4)


@pytest.mark.parametrize(
    ("correct", "elapsed", "hint", "expected", "rating"),
    [
        (False, 1.0, False, 10.0, Rating.AGAIN),
        (False, 99.0, True, 10.0, Rating.AGAIN),
        (True, 3.0, False, 10.0, Rating.EASY),
        (True, 3.0, True, 10.0, Rating.GOOD),  # a hint rules out Easy
        (True, 10.0, False, 10.0, Rating.GOOD),  # not under the expected time
        (True, 25.0, False, 10.0, Rating.GOOD),
    ],
)
def test_rating_for(correct, elapsed, hint, expected, rating):
    assert rating_for(correct, elapsed, hint, expected) is rating


def test_naive_datetimes_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="timezone-aware"):
        exact.review(None, Rating.GOOD, datetime(2024, 1, 1), key="b/q")
    with pytest.raises(ValueError, match="timezone-aware"):
        exact.retrievability(exact.review(None, Rating.GOOD, T0, key="b/q"), datetime(2024, 1, 1))


def test_aware_times_in_other_zones_become_utc():
    plus4 = timezone(timedelta(hours=4))
    state = exact.review(None, Rating.GOOD, T0.astimezone(plus4), key="b/q")
    assert state.last_review == T0 and state.last_review.tzinfo is UTC
    assert state.due.tzinfo is UTC


def test_card_ids_are_stable_and_never_wait(monkeypatch):
    import time

    def no_sleep(_seconds):
        raise AssertionError("fsrs.Card() without an id sleeps; pass card_id")

    monkeypatch.setattr(time, "sleep", no_sleep)
    states = [exact.review(None, Rating.GOOD, T0, key=f"big/q{i}") for i in range(2000)]
    assert len({s.card_id for s in states}) == 2000
    assert card_id_for("big/q1") == card_id_for("big/q1") == states[1].card_id
    assert card_id_for("big/q1") != card_id_for("big/q2")
    assert 0 < card_id_for("x") < 2**48


def test_a_new_card_needs_its_key():
    with pytest.raises(ValueError, match="key"):
        exact.review(None, Rating.GOOD, T0)


def test_card_state_round_trips_through_json():
    state = exact.review(None, Rating.GOOD, T0, key="b/q")
    assert CardState.from_dict(state.to_dict()) == state
    with pytest.raises(ValueError):
        CardState.from_dict({**state.to_dict(), "due": "2024-01-01T00:00:00"})  # naive
    with pytest.raises(ValueError):
        CardState.from_dict({**state.to_dict(), "stability": -1})


def test_settings_reach_fsrs():
    assert exact.parameters == DEFAULT_PARAMETERS
    lower = Scheduler(desired_retention=0.8, enable_fuzzing=False)
    higher = Scheduler(desired_retention=0.95, enable_fuzzing=False)
    state = None
    for s in (lower, higher):
        learned = s.review(s.review(None, Rating.GOOD, T0, key="b/q"), Rating.GOOD, T0)
        state = state or learned
    # A lower target retention means longer intervals.
    a = lower.review(state, Rating.GOOD, state.due)
    b = higher.review(state, Rating.GOOD, state.due)
    assert interval_days(a) > interval_days(b)
    with pytest.raises(ValueError):
        Scheduler(desired_retention=1.2)
    with pytest.raises(ValueError):
        Scheduler(parameters=(1.0, 2.0))


def test_fuzzing_varies_long_intervals_only_when_enabled():
    fuzzy = Scheduler(enable_fuzzing=True)
    state = None
    now = T0
    for _ in range(5):
        state = exact.review(state, Rating.GOOD, now, key="b/q")
        now = state.due
    exact_days = {interval_days(exact.review(state, Rating.GOOD, now)) for _ in range(20)}
    fuzzy_days = {interval_days(fuzzy.review(state, Rating.GOOD, now)) for _ in range(40)}
    assert len(exact_days) == 1
    assert len(fuzzy_days) > 1


# -- properties --------------------------------------------------------------------------------

ratings = st.sampled_from(list(Rating))


def graduated(history: list[Rating]) -> tuple[CardState, datetime]:
    """A card in the review state, after ``history`` answered at each due time."""
    state, now = None, T0
    for rating in [*history, Rating.GOOD, Rating.GOOD]:
        state = exact.review(state, rating, now, key="b/q")
        now = state.due
    while state.status is not CardStatus.REVIEW:
        state = exact.review(state, Rating.GOOD, now)
        now = state.due
    return state, now


@settings(max_examples=50, deadline=None)
@given(history=st.lists(ratings, max_size=8), goods=st.integers(min_value=3, max_value=6))
def test_intervals_grow_on_good(history, goods):
    state, now = graduated(history)
    first = previous = interval_days(state)
    for _ in range(goods):
        before = state.stability
        state = exact.review(state, Rating.GOOD, now)
        interval = interval_days(state)
        # Memory strengthens on every on-time Good; whole-day rounding can hold a short
        # interval for one step, never shrink it.
        assert state.stability > before or interval == 36500
        assert interval >= previous
        previous, now = interval, state.due
    for _ in range(20):  # and it does grow, within a few more
        if previous > first:
            break
        state = exact.review(state, Rating.GOOD, now)
        previous, now = interval_days(state), state.due
    assert previous > first or first == 36500  # the maximum interval


@settings(max_examples=50, deadline=None)
@given(history=st.lists(ratings, max_size=8), late=st.integers(min_value=0, max_value=400))
def test_again_sends_a_review_card_to_relearning(history, late):
    state, now = graduated(history)
    lapsed = exact.review(state, Rating.AGAIN, now + timedelta(days=late))
    assert lapsed.status is CardStatus.RELEARNING
    assert lapsed.stability < state.stability
    assert lapsed.due - lapsed.last_review < timedelta(days=1)


@settings(max_examples=50, deadline=None)
@given(history=st.lists(ratings, max_size=8), days=st.lists(st.integers(0, 3000), min_size=2))
def test_retrievability_falls_over_time(history, days):
    state, _ = graduated(history)
    values = [
        exact.retrievability(state, state.last_review + timedelta(days=d)) for d in sorted(days)
    ]
    assert all(0 < v <= 1 for v in values)
    assert values == sorted(values, reverse=True)
    # It falls strictly from one whole day to a later one.
    one, two = (exact.retrievability(state, state.last_review + timedelta(days=d)) for d in (1, 2))
    assert one > two
    assert exact.retrievability(None, T0) == 0.0
