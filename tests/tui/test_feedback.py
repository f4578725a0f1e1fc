"""Pilot tests of the feedback screen's layout: what matters comes first, so a long prompt
never pushes the verdict and the answers below the fold of an 80x24 terminal."""

from __future__ import annotations

from app_support import app_for, bank, notified, screen_text, type_text
from textual.widget import Widget

from quiz.bank.model import ShortQuestion
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressError
from quiz.tui.screens.feedback import FeedbackScreen

# About fourteen lines at 80 columns.
LONG_PROMPT = " ".join(
    f"Sentence {n} of a long reading passage about the foreign policy of a country."
    for n in range(1, 15)
)


def long_question() -> ShortQuestion:
    return ShortQuestion(
        id="long",
        prompt=LONG_PROMPT + " Which country is this text about?",
        answer="Azerbaijan",
        explanation="The passage names Baku as the capital. " * 3,
        source="The Republic of Azerbaijan pursues an independent foreign policy.",
    )


def on_screen(widget: Widget, height: int) -> bool:
    """Whether all of ``widget`` is in the visible part of the screen, above the footer."""
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= height - 1


async def test_a_long_prompt_leaves_verdict_note_and_answers_in_view(tmp_path):
    app = app_for(bank(long_question()), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*type_text("Azerbaijn"), "enter")  # one letter missing
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FeedbackScreen)
        box = screen.query_one("#feedback-box")
        assert box.scroll_y == 0
        verdict = screen.query_one("#verdict")
        details = screen.query_one("#feedback-details")
        text = str(details.visual)
        assert "✓ Correct" in str(verdict.visual)
        assert text.splitlines() == [
            "typo accepted — correct spelling: Azerbaijan",
            "Your answer: Azerbaijn",
            "Correct answer: Azerbaijan",
        ]
        for widget in (verdict, details):
            assert on_screen(widget, 24), f"#{widget.id} is below the fold"
        # Then the explanation and source, then the whole prompt, further down the scroll.
        explain = screen.query_one("#feedback-explain")
        prompt = screen.query_one("#feedback-prompt")
        assert explain.region.y < prompt.region.y
        assert LONG_PROMPT in screen_text(app)
        assert box.max_scroll_y > 0
        # What Enter does comes last (the footer says it too), not between answer and reason.
        after = screen.query_one("#feedback-next")
        assert prompt.region.y < after.region.y
        await pilot.press("end")
        await pilot.pause()
        assert on_screen(prompt, 24) and on_screen(after, 24)
        assert "Enter: the results" in str(after.visual)


async def test_cloze_feedback_says_which_blank_was_wrong(tmp_path):
    from quiz.bank.model import ClozeQuestion

    q = ClozeQuestion(
        id="c",
        prompt="Respect for {{sovereignty}} and {{territorial integrity}}.",
        blanks=(("sovereignty",), ("territorial integrity",)),
    )
    app = app_for(bank(q), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*type_text("sovereignty"), "enter", *type_text("integraty"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)
        assert "[1] sovereignty ✓" in text
        assert "[2] integraty ✗ (right: territorial integrity)" in text


async def test_long_cloze_feedback_has_verdict_and_parts_on_top_and_enter_in_sight(tmp_path):
    from quiz.bank.model import ClozeQuestion

    words = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot")
    q = ClozeQuestion(
        id="long-cloze",
        prompt=LONG_PROMPT + " " + " ".join(f"{{{{{w}}}}}" for w in words),
        blanks=tuple((w,) for w in words),
        explanation="The passage explains each word. " * 6,
    )
    app = app_for(bank(q), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for w in words:
            await pilot.press(*type_text(w[::-1]), "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FeedbackScreen)
        for widget in (screen.query_one("#verdict"), screen.query_one("#feedback-details")):
            assert on_screen(widget, 24), f"#{widget.id} is below the fold"
        # The cloze's question is not repeated under its filled-in answer.
        assert not screen.query_one("#feedback-prompt").display
        assert on_screen(screen.query_one("#feedback-next"), 24)
        await pilot.press("end")
        await pilot.pause()
        assert on_screen(screen.query_one("#feedback-next"), 24)


async def test_i_knew_it_saved_on_a_retry_takes_the_not_saved_toast_away(tmp_path, monkeypatch):
    app = app_for(bank(long_question()), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*type_text("Armenia"), "enter")
        await pilot.pause()
        store = app.store
        real = store.amend_last_review
        failures = iter([ProgressError("disk full")])

        def flaky(*args, **kwargs):
            for error in failures:
                raise error
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "amend_last_review", flaky)
        await pilot.press("k")
        await pilot.pause()
        assert [n.title for n in notified(app)] == ["Not saved"]
        await pilot.press("k")
        await pilot.pause()
        # The score keeps the wrong answer; only the schedule takes the learner's word.
        last = app.session.answers[-1]
        assert last.override == "knew" and last.rating == Rating.GOOD
        assert not last.grade.correct
        assert [n.title for n in notified(app)] == ["Saved"]
