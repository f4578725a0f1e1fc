"""Statistics: per-bank counts, the due forecast, daily history, streaks and exam readiness."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from quiz.bank.model import Bank, FlashcardQuestion
from quiz.study import stats
from quiz.study.scheduler import CardStatus, Rating
from quiz.study.store import ProgressStore, Settings

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


def make_bank(bank_id: str = "geo", n: int = 6) -> Bank:
    questions = tuple(
        FlashcardQuestion(id=f"q{i}", prompt=f"Question {i}", answer=f"Answer {i}")
        for i in range(n)
    )
    return Bank(id=bank_id, title=bank_id.title(), questions=questions)


@pytest.fixture
def store(tmp_path) -> ProgressStore:
    return ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False), tz=UTC)


def answer(store, key, at, correct=True, schedule=True):
    return store.record_review(
        key,
        rating=Rating.GOOD if correct else Rating.AGAIN,
        correct=correct,
        response_time=1.0,
        session_id="s",
        now=at,
        update_schedule=schedule,
    )


def graduate(store, key, at):
    """Answer Good through the learning steps: the card ends in the review state."""
    state = answer(store, key, at)
    while state.status is not CardStatus.REVIEW:
        state = answer(store, key, state.due)
    return state


def test_bank_stats_counts_each_kind_of_question(store):
    bank = make_bank(n=6)
    # q0: learned long ago, now overdue and forgotten-ish: due, not mastered.
    graduate(store, "geo/q0", NOW - timedelta(days=40))
    # q1: learned yesterday: in review, not due, mastered.
    graduate(store, "geo/q1", NOW - timedelta(days=1))
    # q2: answered wrong a minute ago: learning, and due again (Again's step is 1 minute).
    answer(store, "geo/q2", NOW - timedelta(minutes=1), correct=False)
    # q3: only crammed (no schedule): still new, but its answer counts.
    answer(store, "geo/q3", NOW, correct=False, schedule=False)
    # A question no longer in the bank does not count here.
    graduate(store, "geo/removed", NOW - timedelta(days=2))
    s = stats.bank_stats(bank, store, NOW)
    assert (s.id, s.title, s.questions) == ("geo", "Geo", 6)
    assert (s.new, s.learning, s.due, s.mastered) == (3, 1, 2, 1)
    assert s.reviews == 2 + 2 + 1 + 1
    assert s.accuracy == pytest.approx(4 / 6)


def test_bank_stats_without_answers(store):
    s = stats.bank_stats(make_bank(n=3), store, NOW)
    assert (s.new, s.learning, s.due, s.mastered, s.reviews, s.accuracy) == (3, 0, 0, 0, 0, None)


def test_due_forecast_buckets_by_study_day(store):
    bank = make_bank(n=4)
    overdue = graduate(store, "geo/q0", NOW - timedelta(days=30))
    assert overdue.due < NOW
    soon = graduate(store, "geo/q1", NOW)  # due in a couple of days
    answer(store, "geo/q2", NOW)  # learning step, due in minutes: today
    forecast = stats.due_forecast([bank, bank], store, NOW, days=7)
    assert len(forecast) == 7
    offset = (soon.due.date() - NOW.date()).days
    expected = [0] * 7
    expected[0] = 2
    expected[offset] += 1
    assert forecast == expected
    assert stats.due_forecast([bank], store, NOW, days=1) == [2]


def test_daily_history_and_accuracy(store):
    answer(store, "geo/q0", NOW - timedelta(days=2), correct=True)
    answer(store, "geo/q1", NOW - timedelta(days=2, minutes=-1), correct=False)
    answer(store, "geo/q2", NOW, correct=True)
    assert stats.reviews_per_day(store, NOW, days=4) == [0, 2, 0, 1]
    assert stats.accuracy_per_day(store, NOW, days=4) == [None, 0.5, None, 1.0]


def test_study_days_roll_over_at_four_in_the_morning(store):
    late_evening = datetime(2024, 5, 10, 2, 30, tzinfo=UTC)  # 02:30: still May 9th's study day
    answer(store, "geo/q0", late_evening)
    assert stats.reviews_per_day(store, NOW, days=2) == [1, 0]


def test_streak_counts_consecutive_days_ending_today_or_yesterday(store):
    assert stats.streak(store, NOW) == 0
    for days_ago in (1, 2, 3, 5):
        answer(store, f"geo/q{days_ago}", NOW - timedelta(days=days_ago))
    assert stats.streak(store, NOW) == 3  # today not studied yet: the streak is still alive
    answer(store, "geo/q0", NOW)
    assert stats.streak(store, NOW) == 4
    assert stats.streak(store, NOW + timedelta(days=2)) == 0  # a missed day ends it


# -- readiness ---------------------------------------------------------------------------------


def test_readiness_predicts_mean_recall_with_new_questions_at_zero(store):
    bank = make_bank(n=4)
    graduate(store, "geo/q0", NOW - timedelta(days=3))
    graduate(store, "geo/q1", NOW - timedelta(days=1))
    exam_day = date(2024, 5, 20)
    exam = datetime(2024, 5, 20, 12, tzinfo=UTC)
    r = stats.readiness(bank, store, exam_day, NOW, target=0.8)
    expected = (store.retrievability("geo/q0", exam) + store.retrievability("geo/q1", exam)) / 4
    assert r.predicted == pytest.approx(expected)
    assert 0 < r.predicted < 0.5
    assert (r.exam_date, r.target) == (exam_day, 0.8)
    assert r.reviews_per_day is not None and 1 <= r.reviews_per_day <= 4


def test_readiness_needs_no_reviews_when_already_on_target(store):
    bank = make_bank(n=2)
    for i in range(2):
        graduate(store, f"geo/q{i}", NOW - timedelta(days=1))
    r = stats.readiness(bank, store, date(2024, 5, 11), NOW, target=0.5)
    assert r.predicted >= 0.5 and r.reviews_per_day == 0


def test_readiness_reviews_per_day_is_the_smallest_that_reaches_the_target(store):
    bank = make_bank(n=40)
    for i in range(10):
        graduate(store, f"geo/q{i}", NOW - timedelta(days=10))
    r = stats.readiness(bank, store, date(2024, 5, 24), NOW, target=0.85)
    k = r.reviews_per_day
    assert k is not None and k > 0
    # Replaying the documented model with k and k - 1 reviews a day brackets the target.
    sched = stats.Scheduler(store.settings.parameters, 0.9, enable_fuzzing=False)
    states = [store.card(bank.key(q)) for q in bank.questions]
    exam = datetime(2024, 5, 24, 12, tzinfo=UTC)
    times = [NOW] + [datetime(2024, 5, 10 + n, 10, tzinfo=UTC) for n in range(1, 14)]
    assert stats._simulate(sched, states, times, exam, k) >= 0.85
    assert stats._simulate(sched, states, times, exam, k - 1) < 0.85


def test_more_time_needs_fewer_reviews_a_day(store):
    bank = make_bank(n=60)
    soon = stats.readiness(bank, store, date(2024, 5, 13), NOW, target=0.85)
    later = stats.readiness(bank, store, date(2024, 6, 10), NOW, target=0.85)
    assert soon.reviews_per_day is not None and later.reviews_per_day is not None
    assert later.reviews_per_day < soon.reviews_per_day


def test_readiness_out_of_reach(store):
    bank = make_bank(n=5)
    # The exam is today: no study day is left for an unstudied bank.
    r = stats.readiness(bank, store, date(2024, 5, 10), NOW)
    assert (r.predicted, r.reviews_per_day) == (0.0, None)
    # Even studying everything every day cannot promise 99.9% recall two weeks later.
    r = stats.readiness(bank, store, date(2024, 5, 24), NOW, target=0.999)
    assert r.reviews_per_day is None


def test_readiness_refuses_an_exam_date_in_the_past(store):
    with pytest.raises(ValueError, match=r"exam date 2024-05-09 is in the past"):
        stats.readiness(make_bank(n=2), store, date(2024, 5, 9), NOW)
    stats.readiness(make_bank(n=2), store, date(2024, 5, 10), NOW)  # today is fine


def test_readiness_for_a_far_exam_is_bounded_and_sensible(store):
    bank = make_bank(n=1000)
    for i in range(5):
        graduate(store, f"geo/q{i}", NOW - timedelta(days=2))
    month = stats.readiness(bank, store, date(2024, 6, 10), NOW)
    year = stats.readiness(bank, store, date(2025, 5, 10), NOW)
    far = stats.readiness(bank, store, date(2074, 5, 10), NOW)  # 50 years ahead
    assert far.exam_date == date(2074, 5, 10)
    assert 0 <= far.predicted < year.predicted < month.predicted < 0.01
    assert far.reviews_per_day is not None and year.reviews_per_day is not None
    assert month.reviews_per_day is not None
    # Only the exam's last year is simulated: about what a one-year exam needs, far fewer
    # a day than in a month.
    assert 1 <= far.reviews_per_day <= year.reviews_per_day < month.reviews_per_day
    with pytest.raises(ValueError, match="exam date 9999-12-31 is more than 100 years away"):
        stats.readiness(bank, store, date(9999, 12, 31), NOW)


def _simulate_one_by_one(scheduler, states, study_times, exam, per_day):
    """The model as the module docstring states it, card by card."""

    def first_studied(i):
        last = cards[i].last_review.timestamp() if cards[i] else float("-inf")
        return scheduler.retrievability(cards[i], exam), last

    cards = list(states)
    for when in study_times:
        order = sorted(range(len(cards)), key=first_studied)
        for i in order[:per_day]:
            cards[i] = stats._study(scheduler, cards[i], when, f"sim/{i}")
    return sum(scheduler.retrievability(c, exam) for c in cards) / len(cards)


def test_the_simulation_of_groups_is_the_simulation_of_each_card(store):
    bank = make_bank(n=12)
    for i in range(4):
        graduate(store, f"geo/q{i}", NOW - timedelta(days=3 * i + 1))
    sched = stats.Scheduler(store.settings.parameters, 0.9, enable_fuzzing=False)
    states = [store.card(bank.key(q)) for q in bank.questions]
    exam = datetime(2024, 5, 24, 12, tzinfo=UTC)
    times = [NOW] + [datetime(2024, 5, 10 + n, 10, tzinfo=UTC) for n in range(1, 14)]
    for k in (1, 3, 5, 12):
        grouped = stats._simulate(sched, states, times, exam, k)
        assert grouped == pytest.approx(_simulate_one_by_one(sched, states, times, exam, k))


def test_stats_do_not_read_the_review_history(store, monkeypatch):
    bank = make_bank(n=3)
    for i in range(3):
        graduate(store, f"geo/q{i}", NOW - timedelta(days=5))
    reopened = ProgressStore.open(store.data_dir, tz=UTC)

    def forbidden(*_args, **_kwargs):
        raise AssertionError("statistics must not replay the whole history")

    monkeypatch.setattr(reopened, "_load_history", forbidden)
    stats.bank_stats(bank, reopened, NOW)
    stats.due_forecast([bank], reopened, NOW)
    stats.reviews_per_day(reopened, NOW)
    stats.accuracy_per_day(reopened, NOW)
    stats.streak(reopened, NOW)
    stats.readiness(bank, reopened, date(2024, 6, 1), NOW)
