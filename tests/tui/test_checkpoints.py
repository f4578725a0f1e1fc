"""The snapshot is written off the key press: answering only appends to the journal, a worker
writes the checkpoint once the learner pauses, and what is left of it at the exit. Answers
typed in bursts while the worker writes lose nothing and count once."""

from __future__ import annotations

import asyncio
import threading

from app_support import QUESTIONS, answer_keys, app_for, bank, burst, reviewed

from quiz.study.session import Mode, SessionOptions
from quiz.study.store import ProgressStore

QUIZ = SessionOptions(mode=Mode.QUIZ, seed=1)
PAUSE = 0.05  # the learner's pause that lets the snapshot be written, shortened here


async def pause_then_checkpoint(app) -> None:
    await asyncio.sleep(PAUSE * 3)
    await app.workers.wait_for_complete()


def _threads_that_checkpoint(store: ProgressStore) -> list[str]:
    names: list[str] = []
    real = store._checkpoint

    def checkpoint() -> None:
        names.append(threading.current_thread().name)
        real()

    store._checkpoint = checkpoint  # type: ignore[method-assign]
    return names


class PauseClock:
    """The app's wait for a pause in the keys (``set_timer(CHECKPOINT_IDLE, ...)``) on a clock
    that moves only when the test says so. Like Textual's timer, a reset starts the wait again
    from now, and once the wait is over the callback runs in the app's own loop, once."""

    def __init__(self, app) -> None:
        self.now = 0.0
        self.timers: list[_PausedTimer] = []
        real = app.set_timer

        def set_timer(delay, callback=None, **kwargs):
            if callback != app._write_checkpoint:
                return real(delay, callback, **kwargs)
            timer = _PausedTimer(self, app, delay, callback)
            self.timers.append(timer)
            return timer

        app.set_timer = set_timer  # type: ignore[method-assign]

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for timer in self.timers:
            timer.check()


class _PausedTimer:
    def __init__(self, clock: PauseClock, app, delay: float, callback) -> None:
        self.clock, self.app, self.delay, self.callback = clock, app, delay, callback
        self.due = clock.now + delay
        self.active = True

    def reset(self) -> None:
        self.due = self.clock.now + self.delay

    def stop(self) -> None:
        self.active = False

    def check(self) -> None:
        if self.active and self.clock.now >= self.due:
            self.active = False
            self.app.call_later(self.callback)


async def test_answers_never_write_the_snapshot_on_the_key_press(tmp_path):
    questions = [QUESTIONS[k] for k in ("choice", "true_false", "short", "multi", "numeric")]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=QUIZ)
    app.CHECKPOINT_IDLE = PAUSE
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        writers = _threads_that_checkpoint(app.store)
        main = threading.current_thread().name
        session = app.session
        for _ in range(len(questions)):
            item = session.current
            await burst(pilot, *answer_keys(item, right=True), "enter")
            await pause_then_checkpoint(app)
        assert writers, "no checkpoint was written during the session"
        assert main not in writers
    assert len(reviewed(tmp_path)) == len(questions)
    again = ProgressStore.open(tmp_path)
    assert again.notices == []
    assert sum(c.answers for c in again.days().values()) == len(questions)


async def test_bursts_while_the_worker_writes_lose_nothing(tmp_path):
    questions = [QUESTIONS["choice"], QUESTIONS["true_false"], QUESTIONS["short"]]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=QUIZ)
    app.CHECKPOINT_IDLE = 0.001  # a worker writing while the burst goes on
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        keys: list[str] = []
        items = list(session.items)
        for item in items:
            keys += [*answer_keys(item, right=True), "enter"]
        await burst(pilot, *keys)
        await pause_then_checkpoint(app)
    assert reviewed(tmp_path) == [item.key for item in items]
    assert sum(c.answers for c in ProgressStore.open(tmp_path).days().values()) == 3


async def test_the_snapshot_waits_for_a_pause_and_keys_keep_putting_it_off(tmp_path):
    questions = [QUESTIONS["choice"], QUESTIONS["true_false"], QUESTIONS["short"]]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=QUIZ)
    # The pause is measured on a clock the test moves, not by sleeping through it: a loaded
    # machine's slowest key can neither pass for a pause nor make the test wait for one.
    clock = PauseClock(app)
    idle = app.CHECKPOINT_IDLE
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        writers = _threads_that_checkpoint(app.store)
        app.store._checkpoint_due = True  # the first answer wants a snapshot
        item = app.session.current
        await burst(pilot, *answer_keys(item, right=True))
        assert app.store.checkpoint_wanted
        for _ in range(4):  # keys (here: scrolling the feedback) while the learner reads:
            clock.advance(idle * 0.6)  # more than two pauses' time in all, never one unbroken
            await pilot.pause()
            await burst(pilot, "down")
        assert writers == [], "written while the learner was typing"
        clock.advance(idle)  # then the pause
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert len(writers) == 1 and not app.store.checkpoint_wanted
    assert reviewed(tmp_path) == [item.key]
