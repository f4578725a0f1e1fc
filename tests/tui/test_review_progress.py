"""Pilot tests of a review session's progress line: cards shown again (learning steps) are
counted apart, so "of N" stays put and the progress bar never moves backwards."""

from __future__ import annotations

from dataclasses import replace

from app_support import QUESTIONS, answer, app_for, bank, screen_text
from textual.widgets import Static

from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.widgets.progress import ProgressLine


def four() -> list:
    return [replace(QUESTIONS["true_false"], id=f"tf{i}") for i in range(4)]


def status(app) -> tuple[str, float]:
    position = str(app.screen.query_one("#position", Static).visual)
    return position, app.screen.query_one("#progress", ProgressLine).percentage


async def test_review_counts_cards_shown_again_apart_and_never_goes_backwards(tmp_path):
    app = app_for(bank(*four()), data_dir=tmp_path, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen: list[tuple[str, float]] = [status(app)]
        # Wrong, wrong, right but "I guessed", right: three cards come back at the end.
        for right, guessed in [(False, False), (False, False), (True, True), (True, False)]:
            await answer(pilot, right)
            assert isinstance(app.screen, FeedbackScreen)
            if guessed:
                await pilot.press("g")
                await pilot.pause()
            if len(seen) == 1:
                assert "Enter: next (question 2 of 4)" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
            seen.append(status(app))
        assert [text for text, _ in seen] == [
            "Question 1 of 4",
            "Question 2 of 4 · 1 again",
            "Question 3 of 4 · 2 again",
            "Question 4 of 4 · 3 again",
            "All 4 seen · 3 again",
        ]
        assert "again" in str(app.screen.query_one("#question-heading", Static).visual)
        await answer(pilot, True)
        assert "Enter: next (2 more to go)" in screen_text(app)
        while not isinstance(app.screen, ResultsScreen):
            if isinstance(app.screen, QuestionScreen):
                seen.append(status(app))
                await answer(pilot, True)
            else:
                await pilot.press("enter")
                await pilot.pause()
        bars = [bar for _, bar in seen]
        assert bars == sorted(bars), f"the progress bar went backwards: {bars}"
        assert seen[-1][0] == "All 4 seen · 1 again"


async def test_again_counts_only_failed_cards(tmp_path):
    cards = [replace(QUESTIONS["flashcard"], id=f"card{i}") for i in range(3)]
    app = app_for(bank(*cards), data_dir=tmp_path, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "3")  # Good: a learning step may bring it back, not "again"
        await pilot.pause()
        assert status(app)[0] == "Question 2 of 3"
        await pilot.press("space", "1")  # Again: failed, so it is counted
        await pilot.pause()
        assert status(app)[0] == "Question 3 of 3 · 1 again"


async def test_i_knew_it_does_not_count_as_again(tmp_path):
    app = app_for(bank(*four()), data_dir=tmp_path, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, False)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert status(app)[0] == "Question 2 of 4"
