"""The way to the first question's first frame: nothing the learner does not need yet (the
feedback screen made ahead) is made before it, and a screen just mounted is styled once, not
styled again when it is shown, and its focus goes straight to the answer input; a screen shown
again after the theme changed takes the theme. A new screen is drawn as soon as its widgets
have handed over their changes, not a frame period later."""

from __future__ import annotations

import asyncio

import pytest
import textual.screen
from app_support import QUESTIONS, app_for, bank, one_type_bank, typed
from test_covered_screens import drawn, spy_on_display
from textual.app import App
from textual.color import Color
from textual.screen import Screen
from textual.widgets import DataTable

from quiz.study.session import SessionOptions
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.question import QuestionScreen


async def test_the_feedback_is_made_ahead_only_once_the_first_question_is_drawn(
    tmp_path, monkeypatch
):
    app = app_for(bank(), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=2))
    sent = spy_on_display(app)
    frames_before_feedback: list[str] = []
    made = FeedbackScreen.__init__

    def making(self, *args, **kwargs):
        frames_before_feedback.append(drawn(sent))
        made(self, *args, **kwargs)

    monkeypatch.setattr(FeedbackScreen, "__init__", making)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        assert isinstance(app.screen, QuestionScreen)
        # Made ahead all the same (the first answer does not wait for it), after the frame.
        assert len(frames_before_feedback) == 1
        assert f"Question 1 of {len(app.session.items)}" in frames_before_feedback[0]
        assert app.screen._feedback is not None


async def test_a_question_screen_just_mounted_is_not_restyled_when_it_is_shown(
    tmp_path, monkeypatch
):
    restyled: list = []
    update_styles = App.update_styles

    def recording(self, node, *args, **kwargs):
        restyled.append(node)
        return update_styles(self, node, *args, **kwargs)

    monkeypatch.setattr(App, "update_styles", recording)
    app = app_for(bank(), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=2))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        # Textual restyles a resumed screen whole (update_styles on the screen itself).
        assert screen not in restyled
        # Its widgets have their styles all the same: the theme's colours, the focus's.
        background = Color.parse(app.get_css_variables()["background"])
        assert screen.styles.background == background


async def test_a_question_screen_shown_again_after_a_theme_change_takes_the_theme(tmp_path):
    app = app_for(
        bank(QUESTIONS["choice"], QUESTIONS["short"]),
        data_dir=tmp_path,
        mode="quiz",
        options=SessionOptions(seed=1),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionScreen)
        before = question.styles.background
        await pilot.press("f1")
        await typed(pilot)
        assert isinstance(app.screen, HelpScreen)
        app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
        await pilot.pause()
        await pilot.press("escape")
        await typed(pilot)
        assert app.screen is question
        background = Color.parse(app.get_css_variables()["background"])
        assert question.styles.background == background != before
        for widget in question.query("*"):
            # Each widget's own rules resolve against the new theme's variables.
            assert widget.styles.background.a == 0 or widget.styles.background != before


@pytest.mark.parametrize("kind", ["choice", "short", "cloze", "match", "flashcard"])
async def test_the_answer_input_takes_the_focus_without_passing_by_the_prompt(
    tmp_path, monkeypatch, kind
):
    # Each move of the focus restyles the widgets that gained and lost it.
    focused: list = []
    set_focus = Screen.set_focus

    def recording(self, widget, *args, **kwargs):
        if isinstance(self, QuestionScreen) and widget not in (None, self.focused):
            focused.append(widget)
        return set_focus(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", recording)
    app = app_for(one_type_bank(kind), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        answer = screen.query_one("#answer")
        assert len(focused) == 1 and screen.focused is focused[0]
        assert focused[0] is answer or answer in focused[0].ancestors


async def _until(condition, seconds: float = 3.0) -> bool:
    """Wait for ``condition`` without Pilot's idle wait (which draws a due frame itself)."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return True
        await asyncio.sleep(0.01)
    return condition()


@pytest.fixture
def slow_frame_timer(monkeypatch):
    """Textual's frame timer ticking every 30 s: a frame that waits for it is not drawn
    within a test."""
    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 30.0)


async def test_a_new_screen_is_drawn_once_ready_without_waiting_for_the_frame_timer(
    tmp_path, slow_frame_timer
):
    app = app_for(
        one_type_bank("choice"), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=2)
    )
    sent = spy_on_display(app)
    async with app.run_test(size=(80, 24)):
        assert await _until(lambda: "Question 1 of" in drawn(sent))
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        # The first frame holds what the widgets had to lay out: the options under the prompt.
        assert "( ) 1" in drawn(sent)
        assert screen._first_frame_drawn


async def test_a_screen_waits_for_its_widgets_to_hand_over_their_changes(
    tmp_path, slow_frame_timer
):
    # Browse lays its list out beside the question on a wide terminal (a class set on the
    # resize) and fits the prompts to the list's width after the refresh: that refresh must
    # already have the list at its width, or the prompts overflow it.
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("b")
        assert await _until(lambda: isinstance(app.screen, BrowseScreen))
        browse = app.screen
        assert await _until(lambda: browse._first_frame_drawn)
        table = browse.query_one("#browse-list", DataTable)
        assert await _until(lambda: browse._list_width == table.size.width)
        assert table.size.width < 60  # beside the detail, not above it


def test_browse_answers_for_its_keys_before_its_widgets_are_mounted():
    # Another screen's key bar asks the current screen about the actions named "screen.…"
    # while that screen may still be mounting its widgets.
    screen = BrowseScreen(bank(*QUESTIONS.values()))
    assert screen.check_action("focus_search", ()) is True
    assert screen.check_action("to_list", ()) is False
