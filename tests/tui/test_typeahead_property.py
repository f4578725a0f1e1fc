"""A property of the whole app under fast typing: whatever bursts of keys arrive, over a bank
with every question type, the app never crashes, every answer recorded is for the question on
screen when the key that submitted it was handed on, the journal holds each answer once, and
the answers are those the same keys give when typed slowly, one at a time."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from unittest.mock import patch

from app_support import QUESTIONS, app_for, bank, burst, reviewed
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quiz.study.session import Session, SessionOptions
from quiz.tui.app import QuizApp
from quiz.tui.screens.question import QuestionScreen

# Keys that do something somewhere: answers, navigation, feedback's overrides, undo, flag,
# bury and suspend, the clock, leaving (and its dialog), retry and the weakest tag on the
# results. Enter and the digits come more often: they answer.
KEYS = (
    *"1234",
    *"1234",
    *"tfa",
    *["enter"] * 6,
    "space",
    "tab",
    "backspace",
    "up",
    "down",
    "ctrl+up",
    "h",
    "ctrl+t",
    "k",
    "g",
    "escape",
    "y",
    "n",
    "r",
    "w",
    "u",
    "ctrl+z",
    "!",
    "-",
    "@",
    "c",
)
BURSTS = st.lists(st.lists(st.sampled_from(KEYS), min_size=1, max_size=10), min_size=1, max_size=2)


def quiz_app(data_dir: Path, seed: int) -> QuizApp:
    return app_for(
        bank(*QUESTIONS.values()), data_dir=data_dir, mode="quiz", options=SessionOptions(seed=seed)
    )


def on_screen(app: QuizApp) -> tuple:
    """What the learner sees at the end: the screen, and the answer standing on a question."""
    if not app.is_running:
        return ("closed",)
    screen = app.screen
    if isinstance(screen, QuestionScreen):
        return (type(screen).__name__, screen.item.key, screen.answer_input.response())
    return (type(screen).__name__,)


async def type_keys(data_dir: Path, seed: int, bursts: list[list[str]], *, fast: bool) -> tuple:
    """Type ``bursts`` (each in one go if ``fast``, else each key once the app is idle after
    the one before) and check every answer against the key that gave it. Returns the answers
    given and what is on screen at the end."""
    app = quiz_app(data_dir, seed)
    handed_on: list[tuple[object, object]] = []  # (key, the screen active when it was handed on)
    # (item, screen, the question it showed, the key being handled, grade)
    answered: list[tuple] = []
    real_on_event = QuizApp.on_event
    real_answer = Session.answer

    async def on_event(self, event):
        if self.typeahead.is_released(event):
            handed_on.append((event, self.screen))
        await real_on_event(self, event)

    def answer(self, item, response, **kwargs):
        grade = real_answer(self, item, response, **kwargs)
        shown = getattr(app.screen, "item", None)
        answered.append((item, app.screen, shown, handed_on[-1] if handed_on else None, grade))
        return grade

    with patch.object(QuizApp, "on_event", on_event), patch.object(Session, "answer", answer):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for keys in bursts:
                if not app.is_running:
                    break
                if fast:
                    await burst(pilot, *keys)
                    continue
                for key in keys:
                    if app.is_running:
                        await pilot.press(key)
                        await pilot.pause()
            end = on_screen(app)
    assert app.crash is None and app.return_code in (0, None)
    for item, screen, shown, last, _grade in answered:
        assert last is not None, "an answer with no key behind it"
        _key, screen_then = last
        assert isinstance(screen, QuestionScreen) and shown is item
        assert screen_then is screen, "submitted by a key handed on to another screen"
    assert reviewed(data_dir) == [item.key for item, *_ in answered], "each answer once"
    return [(item.key, grade.given, grade.correct) for item, *_, grade in answered], end


# Answers across the types, one after another in one burst: always tried, besides the random.
ACROSS_TYPES = [["1", "enter", "enter", "t", "enter", "enter"] * 3 + ["space", "3", "enter"] * 2]

# Undo and the marks between answers, on the question and on the feedback screen.
UNDO_AND_MARKS = [
    ["1", "enter", "u", "1", "enter", "enter", "ctrl+z", "u", "2", "enter", "!", "-", "enter"],
    ["@", "1", "enter", "@", "enter", "u", "t", "enter", "u", "ctrl+z", "enter", "enter"],
]


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16), bursts=BURSTS)
@example(seed=5, bursts=ACROSS_TYPES)
@example(seed=7, bursts=UNDO_AND_MARKS)
def test_random_bursts_never_crash_and_answer_only_what_is_on_screen(seed, bursts):
    with tempfile.TemporaryDirectory() as fast, tempfile.TemporaryDirectory() as slow:
        typed_fast = asyncio.run(type_keys(Path(fast), seed, bursts, fast=True))
        typed_slowly = asyncio.run(type_keys(Path(slow), seed, bursts, fast=False))
        assert typed_fast == typed_slowly, "typed in a burst as if typed slowly"
