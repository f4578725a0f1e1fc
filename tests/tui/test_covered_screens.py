"""A screen covered by another: what changes on it is drawn when it shows, never over the
screen on top (unless that one is a see-through dialog, which shows what is under it)."""

from __future__ import annotations

import io

from app_support import QUESTIONS, answer, app_for, bank
from rich.console import Console
from textual.widgets import Static

from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.question import QuestionScreen


def drawn(updates: list) -> str:
    """The text of what the app sent to the terminal."""
    console = Console(width=80, file=io.StringIO(), record=True, color_system=None)
    for update in updates:
        console.print(update)
    return console.export_text()


def spy_on_display(app) -> list:
    sent: list = []
    display = app._display

    def recording(screen, renderable):
        if renderable is not None:
            sent.append(renderable)
        return display(screen, renderable)

    app._display = recording
    return sent


def spy_on_region_refreshes(screen) -> list:
    calls: list = []
    refresh = screen.refresh

    def recording(*regions, **kwargs):
        if regions:
            calls.append(regions)
        return refresh(*regions, **kwargs)

    screen.refresh = recording
    return calls


async def test_a_change_under_an_opaque_screen_is_drawn_when_the_screen_is_back(tmp_path):
    app = app_for(bank(QUESTIONS["choice"], QUESTIONS["short"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionScreen)
        await answer(pilot)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        repaints = spy_on_region_refreshes(feedback)
        question.query_one("#prompt", Static).update("Changed while covered")
        question.query_one("#answer").focus()  # a restyle of the covered screen, too
        await pilot.pause()
        assert repaints == [], "the covered screen redrew parts of the feedback screen"
        sent = spy_on_display(app)
        app.pop_screen()
        await pilot.pause()
        assert app.screen is question
        assert "Changed while covered" in drawn(sent)


async def test_a_change_under_a_dialog_shows_through_it_at_once(tmp_path):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.screen
        await pilot.press("f1")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, HelpScreen)
        repaints = spy_on_region_refreshes(dialog)
        question.query_one("#position", Static).update("Seen through the dialog")
        await pilot.pause()
        assert repaints, "a change under a see-through dialog was not drawn"
