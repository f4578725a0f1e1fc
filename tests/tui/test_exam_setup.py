"""Pilot tests of the exam setup dialog under fast typing: keys that arrive together (over SSH,
from a busy app, or typed ahead right after "e") land in the fields they were meant for."""

from __future__ import annotations

from datetime import timedelta

from app_support import QUESTIONS, app_for, bank
from textual import events
from textual.widgets import Input

from quiz.tui.screens.exam_setup import ExamSetupScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.widgets.keybar import shown_descriptions

CHARACTERS = {"tab": "\t", "enter": "\r"}


def burst(app, *keys: str) -> None:
    """Queue ``keys`` all at once, as the terminal delivers keys that arrive in one read."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def test_keys_in_one_burst_fill_the_fields_they_were_typed_for(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        burst(app, "3", "tab", "1", "shift+tab", "backspace", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        options = app.session.options
        assert (options.count, options.time_limit) == (2, timedelta(minutes=1))


async def test_keys_typed_ahead_right_after_e_go_to_the_dialog(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "e", "3", "tab", "1")
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        assert [field.value for field in app.screen.query(Input)] == ["3", "1", "70"]
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.items) == 3


async def test_a_decimal_time_limit_is_kept_as_typed(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "tab", "0", ".", "5")
        await pilot.pause()
        assert app.screen.query_one("#exam-time", Input).value == "0.5"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.options.time_limit == timedelta(seconds=30)


async def test_a_time_limit_out_of_range_is_refused_with_a_message(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "tab", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        error = str(app.screen.query_one("#exam-error").visual)
        assert "more than 0 and at most 1440" in error


async def test_exam_setup_footer_shows_its_own_keys(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        keys = shown_descriptions(app.screen)
        assert "Cancel" in keys


async def test_a_decimal_pass_mark_is_accepted_as_on_the_command_line(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "tab", "tab", "end", "backspace", "backspace", *"72.5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.options.pass_mark == 72.5


async def test_a_pass_mark_over_100_is_refused(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "tab", "tab", "end", "backspace", "backspace", *"100.5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        assert "from 0 to 100 (e.g. 72.5)" in str(app.screen.query_one("#exam-error").visual)


async def test_more_questions_than_the_bank_holds_means_all_with_a_note(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    total = len(QUESTIONS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", *"50")
        await pilot.pause()
        note = app.screen.query_one("#exam-note")
        assert note.display
        assert f"There are {total} questions: the exam takes all of them." in str(note.visual)
        await pilot.press("backspace")  # 5: fewer than there are
        await pilot.pause()
        assert not note.display
        await pilot.press(*"0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.options.count is None and len(app.session.items) == total
