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


# What the first question does not wait for, and the warm-up then imports: the feedback screen,
# the inputs of other question types, the statistics' and past sessions' readers, and hashlib
# (OpenSSL's start; the app's hashes come from _blake2).
LEFT_FOR_LATER = (
    "quiz.tui.screens.feedback",
    "quiz.tui.widgets.typed",
    "quiz.tui.widgets.arrange",
    "quiz.tui.widgets.flashcard",
    "quiz.study.facts",
    "quiz.study.sessionindex",
)
FIRST_FRAME = """
import sys
from pathlib import Path
import textual.app
from quiz.study.session import SessionOptions
from quiz.tui.app import make_app

app = make_app(bank_paths=[Path(sys.argv[1])], data_dir=sys.argv[2], mode="quiz",
               options=SessionOptions(seed=1))
drawn = textual.app.App._display
seen = {}

def display(self, *args, **kwargs):
    result = drawn(self, *args, **kwargs)
    if type(self.screen).__name__ == "QuestionScreen" and "first" not in seen:
        seen["first"] = set(sys.modules)
    return result

textual.app.App._display = display

async def watch(pilot):
    started = False
    for _ in range(500):
        await pilot.pause(0.01)
        warming = [w for w in app.workers if w.group == "warm-up"]
        started = started or bool(warming)
        if started and not warming and "first" in seen:
            break
    seen["warm"] = set(sys.modules)
    app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=watch)
for name in sys.argv[3:]:
    print(name, name in seen["first"], name in seen["warm"])
print("hashlib", "hashlib" in seen["first"], "-")
"""


def test_the_first_question_waits_for_none_of_what_the_warm_up_imports(tmp_path):
    import subprocess
    import sys
    import textwrap

    bank = tmp_path / "one.yaml"
    bank.write_text(
        textwrap.dedent(
            """\
            id: one
            title: One
            questions:
              - id: q1
                type: choice
                prompt: Which?
                choices: [a, b]
                answer: a
              - id: q2
                type: true_false
                prompt: True?
                answer: true
            """
        ),
        encoding="utf-8",
    )
    env = {
        **__import__("os").environ,
        "QUIZ_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(bank), str(tmp_path / "data"), *LEFT_FOR_LATER],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split() for line in done.stdout.splitlines()]
    assert [(name, first) for name, first, _ in rows] == [
        (name, "False") for name in (*LEFT_FOR_LATER, "hashlib")
    ]
    assert all(warm in ("True", "-") for _, _, warm in rows)
