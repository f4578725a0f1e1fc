"""What misbehaved in a session when tried as a student would (issue 10), one test each."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import (
    answer_keys,
    app_for,
    bank,
    one_type_bank,
    screen_text,
    toasts,
    type_text,
)

from quiz.bank.loader import load_bank
from quiz.bank.model import Choice, ChoiceQuestion
from quiz.study.session import SessionOptions
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen

BUNDLED = sorted((Path(__file__).parents[2] / "question_banks").glob("*.yaml"))


def on_screen(widget, height: int) -> bool:
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= height - 1


async def test_multi_down_then_space_ticks_the_option_under_the_cursor(tmp_path):
    app = app_for(one_type_bank("multi"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        multi = app.screen.answer_input
        assert multi.cursor == 0 and multi.rows[0].has_class("-cursor")  # shown from the start
        await pilot.press("down", "space")
        await pilot.pause()
        assert multi.checked == {1} and multi.rows[1].has_class("-cursor")


async def test_enter_on_an_empty_last_cloze_blank_asks_first(tmp_path):
    app = app_for(one_type_bank("cloze"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        await pilot.press(*type_text("sun"), "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and not session.answers
        assert any("Blank [2] is empty" in t for t in toasts(app))
        await pilot.press("enter")  # asked once: Enter again submits as it stands
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert session.answers[0].grade.parts[1].given == ""


async def test_match_says_when_two_rows_take_the_same_option(tmp_path):
    app = app_for(one_type_bank("match"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("1", "1")
        await pilot.pause()
        assert any("also the pick of row 1" in t for t in toasts(app))
        assert "also another row's" in screen_text(app)


async def test_a_wrapped_option_continues_under_its_first_line(tmp_path):
    long = "A very long option text that certainly wraps " * 4
    q = ChoiceQuestion(
        id="long", prompt="Which?", choices=(Choice(long), Choice("Short")), answer=1
    )
    app = app_for(bank(q), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        row = next(r for r in app.screen.answer_input.rows if r.text == long)
        mark, text = row.query_one(".option-mark"), row.query_one(".option-text")
        assert text.region.height > 1  # it wraps...
        assert text.region.x >= mark.region.right  # ...in a column right of the marker


async def test_the_prompt_wraps_at_a_readable_width_on_a_wide_terminal(tmp_path):
    long = "A long prompt that goes on and on " * 12
    q = ChoiceQuestion(id="wide", prompt=long, choices=(Choice("a"), Choice("b")), answer=0)
    app = app_for(bank(q), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#prompt").region.width <= 100


def _one_per_type() -> list[tuple[Path, str, str]]:
    found: dict[str, tuple[Path, str, str]] = {}
    for path in BUNDLED:
        for q in load_bank(path).questions:
            found.setdefault(q.type, (path, load_bank(path).id, q.id))
    return sorted(found.values(), key=lambda t: t[2])


@pytest.mark.parametrize(("path", "bank_id", "question_id"), _one_per_type())
async def test_feedback_on_every_bundled_type_fits_80x24_with_enter_in_sight(
    tmp_path, path, bank_id, question_id
):
    loaded = load_bank(path)
    options = SessionOptions(keys=(f"{bank_id}/{question_id}",), seed=1)
    app = app_for(loaded, data_dir=tmp_path, mode="quiz", options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        item = app.session.current
        await pilot.press(*answer_keys(item, False))
        await pilot.pause()
        if not isinstance(app.screen, FeedbackScreen):  # a flashcard has no feedback
            assert item.question.type == "flashcard"
            return
        screen = app.screen
        for id in ("#verdict", "#feedback-next"):
            assert on_screen(screen.query_one(id), 24), f"{id} is off screen"
        assert "Enter: " in str(screen.query_one("#feedback-next").visual)
        text = screen_text(app)
        if item.question.type == "cloze":
            # The filled-in sentence is the answer; the question is not repeated under it.
            assert "Question:" not in text
