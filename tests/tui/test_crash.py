"""An unexpected error never loses the session: the answers are saved already, the session is
recorded as interrupted, the traceback goes to a log file in the data folder and the learner
sees a short message naming it. And what the store notices (a checkpoint it could not write)
is shown as a warning after the answer, which stays saved."""

from __future__ import annotations

import asyncio
import time

import pytest
from app_support import (
    QUESTIONS,
    answer_keys,
    app_for,
    bank,
    burst,
    journal,
    key_event,
    reviewed,
    toasts,
)

from quiz.study.store import ProgressError
from quiz.tui.crash import crash_message
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen


class Boom(Exception):
    """Raised by a test-only hook, standing for any bug in the app."""


async def test_a_crash_records_the_session_as_interrupted_and_writes_a_log(tmp_path, monkeypatch):
    def hook(self) -> None:
        raise Boom("something nobody expected")

    monkeypatch.setattr(FeedbackScreen, "action_next", hook)
    questions = (QUESTIONS["choice"], QUESTIONS["short"])
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz")
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            first = app.session.current
            await burst(pilot, *answer_keys(first, right=True), "enter")
    assert reviewed(tmp_path) == [first.key], "the answer given is kept"
    [session] = journal(tmp_path, "session")
    result = session["result"]
    assert result["interrupted"] is True and result["completed"] is False
    assert result["answered"] == 1
    [log] = tmp_path.glob("crash-*.log")
    text = log.read_text()
    assert "Boom: something nobody expected" in text and "Traceback" in text
    message = crash_message(app.crash)
    assert str(log) in message and "interrupted" in message
    assert len(message.splitlines()) <= 4, "a short message, not a traceback"
    assert app.return_code == 1


async def test_the_key_gate_waits_for_nothing_once_a_crash_is_ending_the_app(tmp_path, monkeypatch):
    # Keys typed on, after the Enter that crashes: the gate waits for the app's queues to drain
    # before it lets the next key go, but a crashing app's never do. It gives up at once
    # instead of polling them until its time limit (ten minutes here: waiting for it fails).
    def hook(self) -> None:
        raise Boom("mid-burst")

    monkeypatch.setattr(FeedbackScreen, "action_next", hook)
    app = app_for(bank(QUESTIONS["choice"], QUESTIONS["short"]), data_dir=tmp_path, mode="quiz")
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            first = app.session.current
            for key in (*answer_keys(first, right=True), "enter", "b", "a", "enter"):
                app.post_message(key_event(key))
            await asyncio.wait_for(app._exception_event.wait(), 30)
            for _ in range(100):
                await asyncio.sleep(0)
            gate = app.typeahead
            stuck = app.message_queue_size
            give_up = time.monotonic() + 600
            try:
                drained = await asyncio.wait_for(gate._queues_empty(give_up), 30)
            except TimeoutError:
                drained = "still waiting after 30 s"
            await asyncio.wait_for(gate.settle(), 30)
            held = list(gate._held)
    # Asserted out here: run_test raises the app's error in place of any raised in the block.
    assert stuck, "the crashed app has messages it will never take"
    assert drained is False
    assert not gate.busy and not held
    assert reviewed(tmp_path) == [first.key]


async def test_a_crash_with_no_session_writes_the_log_only(tmp_path, monkeypatch):
    def hook(self, mode) -> None:
        raise Boom("on home")

    from quiz.tui.screens.home import HomeScreen

    monkeypatch.setattr(HomeScreen, "action_open", hook)
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path)
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await burst(pilot, "z")
    assert journal(tmp_path, "session") == []
    assert len(list(tmp_path.glob("crash-*.log"))) == 1
    assert "No session was in progress." in crash_message(app.crash)


async def test_the_crash_log_goes_elsewhere_when_the_data_folder_takes_none(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (tmp_path / "data").write_text("a file where the folder should be")
        from quiz.tui.crash import record_crash

        crash = record_crash(app, Boom("late"))
    assert crash.log is not None and crash.log.parent == tmp_path / "tmp"


async def test_store_notices_after_an_answer_are_a_warning_and_the_answer_stands(
    tmp_path, monkeypatch
):
    app = app_for(bank(QUESTIONS["choice"], QUESTIONS["short"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        store = app.store
        real = store.record_review

        def checkpoint_failed(*args, **kwargs):
            state = real(*args, **kwargs)
            store.notices.append("progress.json could not be rewritten [disk full]: retried later")
            return state

        monkeypatch.setattr(store, "record_review", checkpoint_failed)
        first = app.session.current
        await burst(pilot, *answer_keys(first, right=True))
        assert isinstance(app.screen, FeedbackScreen), "saved: on to the feedback"
        await pilot.pause()
        # A warning, and "[disk full]" shown as written (not read as markup).
        [warning] = [str(toast.render()) for toast in app.screen.query("Toast.-warning")]
        assert warning.endswith("progress.json could not be rewritten [disk full]: retried later")
        assert store.notices == []
    assert reviewed(tmp_path) == [first.key]


async def test_an_answer_not_saved_stays_on_the_question_and_is_recorded_once(
    tmp_path, monkeypatch
):
    app = app_for(bank(QUESTIONS["choice"], QUESTIONS["short"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        store = app.store
        real = store.record_review
        failures = iter([ProgressError("progress.journal.jsonl: disk full")])

        def flaky(*args, **kwargs):
            for error in failures:
                raise error
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "record_review", flaky)
        first = app.session.current
        await burst(pilot, *answer_keys(first, right=True))
        assert isinstance(app.screen, QuestionScreen) and app.session.position == 0
        await pilot.pause()
        assert any(toast.startswith("Not saved") for toast in toasts(app))
        await burst(pilot, "enter")  # the learner tries again
        assert isinstance(app.screen, FeedbackScreen)
    assert reviewed(tmp_path) == [first.key]
