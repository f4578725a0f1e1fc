"""``review_today``: what a review session would offer now, counted the way ``start_session``
builds its review queue (daily limits, due and new cards, the next due time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study.scheduler import Rating
from quiz.study.selection import ReviewToday, eligible, review_today, review_today_each
from quiz.study.session import Mode, SessionOptions, start_session
from quiz.study.store import ProgressStore, Settings

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def make_bank(bank_id: str, n: int) -> Bank:
    questions = tuple(
        ChoiceQuestion(
            id=f"q{i}",
            prompt=f"Question {i}?",
            choices=(Choice("right"), Choice("wrong")),
            answer=0,
            tags=("even",) if i % 2 == 0 else ("odd",),
        )
        for i in range(n)
    )
    return Bank(id=bank_id, title=bank_id.title(), questions=questions)


def open_store(tmp_path, **settings) -> ProgressStore:
    return ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False, **settings), tz=UTC)


def review(store: ProgressStore, key: str, rating: Rating, when: datetime) -> None:
    store.record_review(
        key,
        rating=rating,
        correct=rating is not Rating.AGAIN,
        response_time=3.0,
        session_id=None,
        now=when,
    )


def offered(banks, store, when, tags=frozenset()) -> tuple[int, int]:
    """(due, new) of the review session start_session would build now."""
    options = SessionOptions(mode=Mode.REVIEW, seed=1, tags=tags)
    session = start_session(banks, store, options, when)
    new = sum(1 for item in session.items if store.card(item.key) is None)
    return len(session.items) - new, new


def test_a_fresh_store_offers_the_daily_new_limit_not_every_new_card(tmp_path):
    store = open_store(tmp_path)
    banks = [make_bank("a", 30)]
    today = review_today(banks, store, NOW)
    assert today == ReviewToday(due=0, new=20, held_back=10, next_due=None)
    assert (today.due, today.new) == offered(banks, store, NOW)


def test_new_cards_studied_today_use_up_the_new_limit(tmp_path):
    store = open_store(tmp_path, new_per_day=5)
    banks = [make_bank("a", 4), make_bank("b", 4)]
    for i in range(3):
        review(store, f"a/q{i}", Rating.EASY, NOW - timedelta(hours=1))
    today = review_today(banks, store, NOW)
    assert (today.due, today.new) == (0, 2) == offered(banks, store, NOW)
    assert today.held_back == 3  # 5 new cards are left, 2 of them today
    # The cards reviewed an hour ago come due in days: the earliest is the next due time.
    assert today.next_due is not None and today.next_due > NOW + timedelta(hours=12)
    assert today.next_due == min(store.card(f"a/q{i}").due for i in range(3))


def test_due_cards_are_counted_within_the_review_limit(tmp_path):
    store = open_store(tmp_path, new_per_day=0, reviews_per_day=2)
    banks = [make_bank("a", 5)]
    long_ago = NOW - timedelta(days=60)
    for i in range(4):
        review(store, f"a/q{i}", Rating.GOOD, long_ago)
    today = review_today(banks, store, NOW)
    assert (today.due, today.new) == (2, 0) == offered(banks, store, NOW)
    assert today.held_back == 2 + 1  # two due reviews over the limit, one new card
    assert today.next_due is None


def test_a_learning_step_is_the_next_due_time(tmp_path):
    store = open_store(tmp_path)
    banks = [make_bank("a", 1)]
    review(store, "a/q0", Rating.AGAIN, NOW)
    today = review_today(banks, store, NOW)
    assert (today.due, today.new, today.held_back) == (0, 0, 0)
    assert NOW < today.next_due <= NOW + timedelta(minutes=20)
    later = review_today(banks, store, today.next_due)
    assert (later.due, later.new) == (1, 0) == offered(banks, store, today.next_due)


def test_tags_and_no_store(tmp_path):
    banks = [make_bank("a", 10)]
    assert review_today(banks, None, NOW, frozenset({"odd"})).new == 5
    store = open_store(tmp_path)
    tags = frozenset({"even"})
    assert (review_today(banks, store, NOW, tags).new, 0) == (5, 0)
    assert offered(banks, store, NOW, tags) == (0, 5)


def test_each_bank_and_all_together_count_as_review_today_does(tmp_path):
    # review_today_each adds the banks' counts up instead of counting all banks again: the
    # same numbers, with due, new, suspended, buried and later cards in the mix.
    store = open_store(tmp_path, new_per_day=6, reviews_per_day=3)
    a, b = make_bank("a", 6), make_bank("b", 5)
    long_ago = NOW - timedelta(days=60)
    for key in ("a/q0", "a/q1", "b/q0", "b/q1"):
        review(store, key, Rating.GOOD, long_ago)  # due by now
    review(store, "b/q2", Rating.EASY, NOW - timedelta(hours=2))  # due in days
    store.suspend("a/q2", now=NOW)
    store.bury("b/q3", now=NOW)
    for tags in (frozenset(), frozenset({"even"})):
        each, together = review_today_each([a, b], store, NOW, tags)
        assert each == [review_today([a], store, NOW, tags), review_today([b], store, NOW, tags)]
        assert together == review_today([a, b], store, NOW, tags)
    # Two copies of one bank share their cards: each card is counted once.
    each, together = review_today_each([a, a], store, NOW)
    assert together == review_today([a], store, NOW) and each[0] == each[1] == together


def test_eligible_keeps_each_key_once_in_bank_order():
    a = make_bank("a", 4)
    doubled = Bank(id="d", title="D", questions=(*a.questions, a.questions[0]))
    assert not doubled.has_unique_ids and a.has_unique_ids
    assert [q.id for _, q in eligible([a], frozenset())] == ["q0", "q1", "q2", "q3"]
    assert [q.id for _, q in eligible([doubled], frozenset())] == ["q0", "q1", "q2", "q3"]
    assert [q.id for _, q in eligible([a, a], frozenset())] == ["q0", "q1", "q2", "q3"]
    assert [q.id for _, q in eligible([a], frozenset({"even"}))] == ["q0", "q2"]
