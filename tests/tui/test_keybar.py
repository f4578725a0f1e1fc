"""The key bar at the foot of every screen, and the question screen that stays for a whole
session (each question shown in place, one feedback screen kept over it)."""

from __future__ import annotations

from app_support import QUESTIONS, answer, app_for, bank, burst, reviewed, screen_text, typed

from quiz.study.session import SessionOptions
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.widgets.keybar import KeyBar, shown_descriptions


def quiz_app(tmp_path, **kwargs):
    return app_for(
        bank(*QUESTIONS.values()),
        data_dir=tmp_path,
        mode="quiz",
        options=SessionOptions(seed=3),
        **kwargs,
    )


async def test_the_key_bar_lists_the_screens_keys_then_quit_and_help(tmp_path):
    app = quiz_app(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        keys = shown_descriptions(app.screen)
        assert keys[-2:] == ["Quit", "Help"] and "Leave" in keys
        await answer(pilot, right=True)
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "Next" in shown_descriptions(app.screen)
        assert "Next" in str(app.screen.query_one(KeyBar).render())


async def test_a_narrow_terminal_still_shows_how_to_quit_and_get_help(tmp_path):
    app = quiz_app(tmp_path)
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert "Quit" in line and "Help" in line and len(line) <= 40
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert "Leave" in str(app.screen.query_one(KeyBar).render())


async def test_an_80_column_bar_says_how_to_go_on_and_how_to_leave_after_an_answer(tmp_path):
    app = quiz_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, right=True)
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        line = str(app.screen.query_one(KeyBar).render())
        assert len(line) <= 80
        for key in ("Next", "Leave", "Undo", "Quit", "Help"):
            assert key in line, line


async def test_clicking_a_key_in_the_bar_does_what_the_key_does(tmp_path):
    app = quiz_app(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await typed(pilot)
        bar = app.screen.query_one(KeyBar)
        bar.render()  # where each key is drawn now
        [(start, _end, _key)] = [s for s in bar._spans if s[2].description == "Help"]
        assert await pilot.click(bar, offset=(start + 1, 0))
        await typed(pilot)
        assert "Help" in type(app.screen).__name__, bar._spans


async def test_one_question_screen_shows_every_question_and_records_each_for_its_own(tmp_path):
    app = quiz_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        shown = []
        while app.session is not None and app.session.current is not None:
            assert app.screen is screen and screen.item is app.session.current
            shown.append(screen.item.key)
            assert screen._prompt() in screen_text(app)
            await answer(pilot, right=len(shown) % 2 == 0)
            await pilot.pause()
            if isinstance(app.screen, FeedbackScreen):
                await burst(pilot, "enter")
                await pilot.pause()
        assert reviewed(tmp_path) == shown and len(shown) == len(QUESTIONS)
        assert not app.is_running or not isinstance(app.screen, QuestionScreen)


async def test_binding_changes_before_a_refresh_are_read_once_and_later_ones_again(tmp_path):
    app = quiz_app(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        # Once the feedback screen made after the first frame is in (its key bar reads too).
        for _ in range(100):
            if screen._feedback is not None:
                break
            await pilot.pause(0.01)
        await pilot.pause()
        bar = screen.query_one(KeyBar)
        reads: list[object] = []
        read = bar._read

        def reading(on_screen):
            reads.append(on_screen)
            return read(on_screen)

        bar._read = reading
        for _ in range(3):
            screen.refresh_bindings()
        await pilot.pause()
        assert reads == [screen]
        # Said again after that reading: read again.
        screen.refresh_bindings()
        await pilot.pause()
        assert reads == [screen, screen]
