"""Exams: when the time runs out, the answer on screen (typed or selected, not yet submitted)
is graded; hints are refused, and the hint keys say so."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from app_support import (
    QUESTIONS,
    answer_keys,
    app_for,
    bank,
    burst,
    journal,
    key_event,
    notified,
    reviewed,
)

from quiz.study.session import SessionOptions
from quiz.tui import typeahead
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen

TIMED = SessionOptions(time_limit=timedelta(minutes=5), seed=4)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def exam_app(tmp_path, *questions, clock):
    return app_for(
        bank(*questions, QUESTIONS["true_false"]),
        data_dir=tmp_path,
        mode="exam",
        options=TIMED,
        clock=clock,
    )


# Every type whose answer can stand on screen unsubmitted (a flashcard's grade submits it).
ON_SCREEN = ("choice", "multi", "true_false", "short", "numeric", "cloze", "match")


@pytest.mark.parametrize("kind", ON_SCREEN)
async def test_time_up_grades_what_is_on_screen(tmp_path, kind):
    clock = Clock()
    questions = (QUESTIONS[kind],) if kind != "true_false" else ()
    app = exam_app(tmp_path, *questions, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        if session.current.question.type != kind:
            # The other question first: answer it, so the one under test is on screen.
            await burst(pilot, *answer_keys(session.current, right=False))
        item = session.current
        assert item.question.type == kind
        await burst(pilot, *answer_keys(item, right=True)[:-1])  # all but the submit
        clock.now += timedelta(minutes=5, seconds=1)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert reviewed(tmp_path)[-1] == item.key
        answer = session.answers[-1]
        assert answer.item is item and answer.grade.correct and not answer.skipped
        [result] = journal(tmp_path, "session")
        assert result["result"]["answered"] == len(session.answers)


async def test_enter_after_the_time_is_up_still_grades_the_answer_on_screen(tmp_path):
    clock = Clock()
    app = exam_app(tmp_path, QUESTIONS["short"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        item = session.current
        keys = answer_keys(item, right=True)
        await burst(pilot, *keys[:-1])
        clock.now += timedelta(minutes=6)  # before the next tick
        await burst(pilot, keys[-1], "1", "enter")
        assert isinstance(app.screen, ResultsScreen)
        assert reviewed(tmp_path) == [item.key] and session.answers[0].grade.correct
        # The answer is dated at the end of the time, not after it.
        deadline = session.started + TIMED.time_limit
        assert journal(tmp_path)[0]["time"] == deadline.isoformat()


async def test_time_up_with_nothing_given_records_nothing_for_it(tmp_path):
    clock = Clock()
    order = QUESTIONS["order"]
    app = app_for(bank(order), data_dir=tmp_path, mode="exam", options=TIMED, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock.now += timedelta(minutes=5)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        # The scrambled start of an order question is no answer the learner gave.
        assert reviewed(tmp_path) == []
        assert "0 of 1 answered" in str(app.screen.query_one("#results-summary").visual)


async def test_keys_typed_after_time_up_do_not_act_on_the_results(tmp_path):
    clock = Clock()
    app = exam_app(tmp_path, QUESTIONS["short"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        clock.now += timedelta(minutes=5)
        # The tick ends the exam while keys typed for the question are still waiting.
        for key in ("r", "enter"):
            app.typeahead.hold(key_event(key))
        screen.tick()
        await burst(pilot)
        assert isinstance(app.screen, ResultsScreen), "r (retry) and Enter (home) were dropped"


@pytest.mark.parametrize(("kind", "key"), [("choice", "h"), ("short", "ctrl+t")])
async def test_no_hints_in_an_exam(tmp_path, kind, key):
    question = replace(QUESTIONS[kind], hint="A hint")
    app = app_for(bank(question), data_dir=tmp_path, mode="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, key)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and not screen.hint_used
        assert "A hint" not in str(screen.query_one("#hint").visual)
        assert any(n.message == "No hints in an exam." for n in notified(app))
        shown = [b.binding.action for b in screen.active_bindings.values()]
        assert not {"hint", "hint_typed"} & set(shown), "the footer offers no hint"


async def test_hints_still_work_outside_exams(tmp_path):
    question = replace(QUESTIONS["choice"], hint="A hint")
    app = app_for(bank(question), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "h")
        assert app.screen.hint_used


async def test_keys_typed_just_after_time_up_leave_the_results_on_screen(tmp_path, monkeypatch):
    # Pressing Enter as the time runs out: the Enter that arrives a moment after the results
    # replaced the question was not meant for them (it quit a straight-in exam unseen).
    # The gate's clock runs ahead when the test says so, not with the machine's load: keys
    # 20 s apart stay within a 30 s window, and a key after 31 s of quiet is read.
    ahead = 0.0
    monkeypatch.setattr(typeahead, "UNSEEN_SECONDS", 30.0)
    monkeypatch.setattr(
        typeahead, "time", SimpleNamespace(monotonic=lambda: time.monotonic() + ahead)
    )
    clock = Clock()
    app = exam_app(tmp_path, QUESTIONS["short"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock.now += timedelta(minutes=5)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await burst(pilot, "enter", "r")
        for _ in range(4):  # Enter held down: the keys keep coming
            ahead += 20.0
            await burst(pilot, "enter")
        assert isinstance(app.screen, ResultsScreen) and app.is_running
        ahead += 31.0
        await burst(pilot, "enter")  # read, then Enter: the straight-in exam ends
        assert app._exit


async def test_the_exam_ends_at_its_deadline_not_at_the_next_tick(tmp_path):
    # The clock ticks once a second; keys typed between the deadline and that tick counted.
    options = replace(TIMED, time_limit=timedelta(seconds=1.5))
    app = app_for(bank(QUESTIONS["short"]), data_dir=tmp_path, mode="exam", options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        # A quarter of a second past the deadline, and before the tick 2 s after the mount.
        await asyncio.sleep(app.session.time_left().total_seconds() + 0.25)
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_a_question_already_answered_does_not_end_the_exam_on_its_way_out(tmp_path):
    # The clock may tick while the next question's input takes the answered one's place: the
    # answered question has nothing more to do, and the next one, once shown, ends the exam
    # (and grades what it shows: nothing yet).
    clock = Clock()
    app = exam_app(tmp_path, QUESTIONS["short"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = app.session.current
        mount = screen.mount

        def tick_then_mount(*widgets, **kwargs):
            clock.now += timedelta(minutes=6)
            screen.tick()
            assert app.session.result is None, "the answered question ended the exam"
            return mount(*widgets, **kwargs)

        screen.mount = tick_then_mount
        await burst(pilot, *answer_keys(first, right=True))
        assert isinstance(app.screen, ResultsScreen) and app.crash is None
        assert reviewed(tmp_path) == [first.key]
        [result] = journal(tmp_path, "session")
        assert result["result"]["answered"] == 1


async def test_time_running_out_as_the_next_question_is_shown(tmp_path):
    # The answer was in time; the next question's first tick finds the time up and hands over
    # to the results before that question's layout was ever fitted.
    clock = Clock()
    app = exam_app(tmp_path, QUESTIONS["short"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.session.current
        screen = app.screen
        show = screen.show_current

        def show_late():
            clock.now += timedelta(minutes=6)
            return show()

        screen.show_current = show_late
        await burst(pilot, *answer_keys(first, right=True))
        assert isinstance(app.screen, ResultsScreen) and app.crash is None
        assert reviewed(tmp_path) == [first.key]


async def test_a_layout_pass_queued_as_the_time_runs_out_does_not_run_on_the_leaving_screen(
    tmp_path,
):
    # When the time runs out, the question screen leaves and its children go one by one; a
    # layout pass a resize queued just before must not run then and find them half gone.
    clock = Clock()
    app = exam_app(tmp_path, QUESTIONS["short"], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        fitted = []
        fit = screen.fit
        screen.fit = lambda: (fitted.append(True), fit())
        screen.on_resize()  # queues the layout pass
        clock.now += timedelta(minutes=6)
        screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.crash is None
        assert fitted == [], "the layout pass ran on a screen that had left"
