"""The snapshot is written off the key press: answering only appends to the journal, a worker
writes the checkpoint after the feedback is drawn, and what is left of it at the exit. Answers
typed in bursts while the worker writes lose nothing and count once."""

from __future__ import annotations

import threading

from app_support import QUESTIONS, answer_keys, app_for, bank, burst, reviewed

from quiz.study.session import Mode, SessionOptions
from quiz.study.store import ProgressStore

QUIZ = SessionOptions(mode=Mode.QUIZ, seed=1)


def _threads_that_checkpoint(store: ProgressStore) -> list[str]:
    names: list[str] = []
    real = store._checkpoint

    def checkpoint() -> None:
        names.append(threading.current_thread().name)
        real()

    store._checkpoint = checkpoint  # type: ignore[method-assign]
    return names


async def test_answers_never_write_the_snapshot_on_the_key_press(tmp_path):
    questions = [QUESTIONS[k] for k in ("choice", "true_false", "short", "multi", "numeric")]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=QUIZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        writers = _threads_that_checkpoint(app.store)
        main = threading.current_thread().name
        session = app.session
        for _ in range(len(questions)):
            item = session.current
            await burst(pilot, *answer_keys(item, right=True), "enter")
            await app.workers.wait_for_complete()
        assert writers, "no checkpoint was written during the session"
        assert main not in writers
    assert len(reviewed(tmp_path)) == len(questions)
    again = ProgressStore.open(tmp_path)
    assert again.notices == []
    assert sum(c.answers for c in again.days().values()) == len(questions)


async def test_bursts_while_the_worker_writes_lose_nothing(tmp_path):
    questions = [QUESTIONS["choice"], QUESTIONS["true_false"], QUESTIONS["short"]]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=QUIZ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        keys: list[str] = []
        items = list(session.items)
        for item in items:
            keys += [*answer_keys(item, right=True), "enter"]
        await burst(pilot, *keys)
        await app.workers.wait_for_complete()
    assert reviewed(tmp_path) == [item.key for item in items]
    assert sum(c.answers for c in ProgressStore.open(tmp_path).days().values()) == 3
