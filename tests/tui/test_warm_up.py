"""The app opens a learner's progress without taking the lock, starts the session without
splitting the progress file into cards when none is marked, and a worker does both once the
first question is on screen. Answers typed in a burst the moment the question appears (before
the worker is done, or while it runs) are each recorded once, for their own question. The
garbage collector `quiz study` turns off for the start-up is back on once the worker is done."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta

import pytest

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study.scheduler import Rating
from quiz.study.session import SessionOptions
from quiz.study.store import ProgressStore, Settings
from tests.tui.app_support import app_for, burst, journal

QUESTIONS = tuple(
    ChoiceQuestion(
        id=f"q{n}",
        prompt=f"Question number {n}?",
        choices=(Choice("right"), Choice("wrong")),
        answer=0,
    )
    for n in range(8)
)
BANK = Bank(id="warm", title="Warm", questions=QUESTIONS)


def some_progress(data, *, marked: bool) -> None:
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    before = datetime.now(UTC) - timedelta(days=2)
    for n in range(0, 8, 2):
        store.record_review(
            f"warm/q{n}",
            rating=Rating.GOOD,
            correct=True,
            response_time=2.0,
            session_id="old",
            now=before,
        )
    if marked:
        store.suspend("warm/q4")
    store.save()


@pytest.mark.parametrize("marked", [False, True], ids=["no-marks", "a-suspended-card"])
async def test_answers_typed_as_the_app_opens_are_recorded_whatever_the_warm_up_did(
    tmp_path, marked
):
    data = tmp_path / "data"
    some_progress(data, marked=marked)
    app = app_for(BANK, data_dir=data, mode="quiz", options=SessionOptions(seed=3))
    store = app.store
    assert store._file_lock is None, "the lock was taken to open the progress"
    async with app.run_test(size=(80, 24)) as pilot:
        session = app.session
        assert session is not None
        if not marked:
            assert store._pending_body is not None or store._file_lock is not None
        shown = [item.question.id for item in session.items]
        assert len(shown) == 8 - marked and ("q4" in shown) is not marked
        # Every answer in one burst as the first question comes up (its right choice's
        # number as shown, Enter to submit, Enter for the next question).
        keys: list[str] = []
        for item in session.items:
            keys += [str(list(item.order).index(0) + 1), "enter", "enter"]
        await burst(pilot, *keys)
        for _ in range(100):  # the warm-up starts a moment after the first screen
            await app.workers.wait_for_complete()
            if store._file_lock is not None:
                break
            await pilot.pause(0.05)
        assert store._pending_body is None and store._file_lock is not None
    recorded = [
        (line["key"], line["correct"]) for line in journal(data) if line["session"] != "old"
    ]
    assert recorded == [(f"warm/{qid}", True) for qid in shown]
    again = ProgressStore.open(data)
    assert again.counts("warm/q0") == (2, 2) and again.counts("warm/q1") == (1, 1)


async def test_the_collector_paused_for_the_start_up_is_back_on_once_the_app_is_warm(tmp_path):
    # As `quiz study` starts the app: the cyclic garbage collector off (quiz.cli.study).
    app = app_for(BANK, data_dir=tmp_path / "data", mode="quiz", options=SessionOptions(seed=3))
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            assert app.session is not None
            for _ in range(100):
                await app.workers.wait_for_complete()
                if gc.isenabled():
                    break
                await pilot.pause(0.05)
            assert gc.isenabled(), "the collector stayed off after the warm-up"
            # What the start-up made is kept out of the collector's passes.
            assert gc.get_freeze_count() > frozen
            await burst(pilot, str(list(app.session.current.order).index(0) + 1), "enter")
        assert [line["key"] for line in journal(tmp_path / "data")][:1] == [
            f"warm/{app.session.items[0].question.id}"
        ]
    finally:
        gc.enable()


async def test_an_app_started_with_the_collector_on_leaves_it_on(tmp_path):
    app = app_for(BANK, data_dir=tmp_path / "data", mode="quiz", options=SessionOptions(seed=3))
    assert gc.isenabled()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await app.workers.wait_for_complete()
            if app.store._file_lock is not None:
                break
            await pilot.pause(0.05)
        assert gc.isenabled()
