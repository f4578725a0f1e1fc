"""Personal FSRS parameters: fitted to a simulated learner's history, compared with the
current ones, adopted only when better, kept beside the previous ones and reverted."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from quiz.study import optimize
from quiz.study.scheduler import DEFAULT_PARAMETERS, Rating
from quiz.study.store import ProgressStore, Settings

T0 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def simulated(data, cards: int = 40, days: int = 60, seed: int = 7) -> ProgressStore:
    """A learner who forgets faster than the defaults expect, reviewing what is due daily."""
    rng = random.Random(seed)
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False), tz=UTC)
    for day in range(days):
        now = T0 + timedelta(days=day)
        for n in range(cards):
            key = f"b/q{n}"
            state = store.card(key)
            if state is not None and state.due > now + timedelta(hours=12):
                continue
            recall = store.retrievability(key, now) ** 2 if state is not None else 0.5
            rating = Rating.GOOD if rng.random() < recall else Rating.AGAIN
            store.record_review(
                key, rating=rating, correct=rating > 1, response_time=3, session_id="s", now=now
            )
    return store


def test_a_short_history_is_not_fitted_and_says_how_short(tmp_path):
    store = simulated(tmp_path, cards=3, days=3)
    with pytest.raises(optimize.NotEnoughHistory, match=r"\d+ review\(s\).*400 are needed"):
        optimize.optimize(store)
    assert store.settings.parameters == DEFAULT_PARAMETERS
    assert store.settings.previous_parameters == ()


def test_fitted_parameters_are_kept_beside_the_previous_and_can_be_reverted(tmp_path):
    store = simulated(tmp_path)
    fit, adopted = optimize.optimize(store, min_reviews=50)
    assert fit.reviews >= 50 and fit.cards == 40 and len(fit.new) == len(DEFAULT_PARAMETERS)
    assert fit.old == DEFAULT_PARAMETERS and fit.new != fit.old
    assert adopted == fit.better
    if not adopted:
        pytest.skip("the simulated history did not favour the fit")
    assert fit.new_log_loss <= fit.old_log_loss
    reopened = ProgressStore.open(tmp_path, tz=UTC)
    assert reopened.settings.parameters == pytest.approx(fit.new)
    assert reopened.settings.previous_parameters == DEFAULT_PARAMETERS
    assert reopened.scheduler.parameters == pytest.approx(fit.new)  # used from now on
    assert optimize.revert(reopened)
    assert reopened.settings.parameters == DEFAULT_PARAMETERS
    assert reopened.settings.previous_parameters == pytest.approx(fit.new)


def test_worse_parameters_are_not_adopted(tmp_path):
    store = simulated(tmp_path, cards=10, days=20)
    fit = optimize.fit(store, min_reviews=1)
    worse = optimize.Fit(
        fit.reviews, fit.cards, fit.old, fit.new, 0.4, 0.5, fit.old_rmse, fit.new_rmse
    )
    assert not optimize.adopt(store, worse)
    assert store.settings.parameters == DEFAULT_PARAMETERS


def test_revert_without_an_optimization_changes_nothing(tmp_path):
    store = ProgressStore.open(tmp_path, tz=UTC)
    assert not optimize.revert(store)
    assert not (tmp_path / "progress.journal.jsonl").exists()


def test_undone_and_cram_reviews_are_not_trained_on(tmp_path):
    store = ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False), tz=UTC)
    for day in (0, 3):
        store.record_review(
            "b/q",
            rating=Rating.GOOD,
            correct=True,
            response_time=1,
            session_id="s",
            now=T0 + timedelta(days=day),
        )
    store.record_review(
        "b/q",
        rating=Rating.AGAIN,
        correct=False,
        response_time=1,
        session_id="s",
        now=T0 + timedelta(days=9),
        update_schedule=False,
    )
    store.record_review(
        "b/q",
        rating=Rating.AGAIN,
        correct=False,
        response_time=1,
        session_id="s",
        now=T0 + timedelta(days=10),
    )
    store.undo_last_review("b/q", now=T0 + timedelta(days=10))
    items, long_term, cards = optimize._training_items(store)
    assert (long_term, cards) == (1, 1)
    # fsrs-rs reviews show their fields only in their repr.
    assert len(items) == 1
    assert [repr(r) for r in items[0].reviews] == [
        "FSRSReview { rating: 3, delta_t: 0 }",
        "FSRSReview { rating: 3, delta_t: 3 }",
    ]
