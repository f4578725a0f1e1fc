"""The due forecast puts each card in the study day its due time falls in, as
``ProgressStore.study_day`` says, also across a daylight-saving change and at the rollover."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quiz.bank.model import Bank, FlashcardQuestion
from quiz.study import stats
from quiz.study.days import day_start
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressStore, Settings

# The spring change in Europe (2026-03-29, 02:00 -> 03:00) within the week forecast.
NOW = datetime(2026, 3, 26, 10, tzinfo=UTC)


def _one_by_one(store: ProgressStore, keys: list[str], days: int) -> list[int]:
    today = date.fromisoformat(store.study_day(NOW))
    counts = [0] * days
    for key in keys:
        state = store.card(key)
        if state is None:
            continue
        offset = max(0, (date.fromisoformat(store.study_day(state.due)) - today).days)
        if offset < days:
            counts[offset] += 1
    return counts


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"])
def test_forecast_buckets_are_each_cards_study_day(tmp_path, zone):
    tz = ZoneInfo(zone)
    store = ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False), tz=tz)
    rng = random.Random(zone)
    keys = [f"b/q{i}" for i in range(300)]
    base = store.scheduler.review(None, Rating.GOOD, NOW, key="b/q0")
    starts = store.settings.day_starts_at
    states = {}
    for n, key in enumerate(keys):
        # Due times all over the week and beyond, a third within a minute of a rollover.
        due = NOW + timedelta(minutes=rng.randrange(-2 * 1440, 12 * 1440))
        if n % 3 == 0:
            day = date.fromisoformat(store.study_day(due))
            due = day_start(day, starts, tz) + timedelta(seconds=rng.choice([-60, -1, 0, 1]))
        states[key] = replace(base, due=due)
    # Into the store as an import event (what an upgrade from version 1 writes): the
    # forecast reads the store's own record of each card, as it does for the learner.
    with store._locked():
        store._append({"type": "import", "cards": {k: s.to_dict() for k, s in states.items()}})
    assert all(store.card(key) == state for key, state in states.items())
    bank = Bank(
        id="b",
        title="B",
        questions=tuple(FlashcardQuestion(id=f"q{i}", prompt="p", answer="a") for i in range(300)),
    )
    for days in (1, 7, 10):
        expected = _one_by_one(store, keys, days)
        assert stats.due_forecast([bank], store, NOW, days=days) == expected
    assert sum(expected) < len(keys)  # some fall beyond the forecast, some in each day
    assert all(expected)
