"""The study keys of a running session: undo (u, ctrl+z), flag/bury/suspend (! - @), the next
intervals on the grades, the clock (c), the weakest tag from the results (w); each also typed
in one burst, where every answer must still be recorded once, for the question on screen."""

from __future__ import annotations

from app_support import (
    QUESTIONS,
    answer,
    answer_keys,
    app_for,
    bank,
    burst,
    journal,
    reviewed,
    screen_text,
    toasts,
    type_text,
)

from quiz.bank.model import Choice, ChoiceQuestion
from quiz.study.session import SessionOptions
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.widgets.keybar import shown_descriptions


def three() -> tuple:
    return QUESTIONS["choice"], QUESTIONS["true_false"], QUESTIONS["short"]


def quiz(tmp_path, *questions, mode="quiz", seed=5):
    """A session straight from the command line; over ``three()`` seed 5 keeps their order
    (choice, true/false, short)."""
    options = SessionOptions(seed=seed)
    return app_for(bank(*(questions or three())), data_dir=tmp_path, mode=mode, options=options)


# --- undo ---------------------------------------------------------------------------------


async def test_u_on_the_feedback_goes_back_to_the_question_with_its_answer_taken_back(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        first = session.current
        await answer(pilot, True)
        assert isinstance(app.screen, FeedbackScreen)
        assert "Undo" in shown_descriptions(app.screen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.item is first is session.current and not session.answers
        assert "Score 0 / 0" in screen_text(app)
        assert any("taken back" in t for t in toasts(app))
        await answer(pilot, False)  # answered again, differently
        assert not session.answers[-1].grade.correct
    assert len(journal(tmp_path, "undo")) == 1 and len(reviewed(tmp_path)) == 2


async def test_u_and_ctrl_z_on_the_question_screen_go_back_one_answer_each(tmp_path):
    # An exam shows no feedback: undo is on the question screen, while the time runs.
    app = quiz(tmp_path, mode="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        assert "Undo" not in shown_descriptions(app.screen)  # nothing to take back yet
        first = session.current
        await answer(pilot, True)
        second = session.current
        await answer(pilot, True)
        assert session.position == 2
        # The third question is typed: u is a letter there, ctrl+z the undo key.
        assert app.screen.answer_input.takes_text
        await pilot.press("u")
        await pilot.pause()
        assert session.position == 2 and app.screen.answer_input.response() == "u"
        assert "Undo" in shown_descriptions(app.screen)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.current is second and app.screen.item is second
        await pilot.press("u")
        await pilot.pause()
        assert session.current is first and app.screen.item is first and not session.answers
        await pilot.press("ctrl+z")  # nothing left: said, nothing changes
        await pilot.pause()
        assert app.screen.item is first
    assert len(journal(tmp_path, "undo")) == 2


async def test_undo_of_a_flashcard_shows_the_card_again(tmp_path):
    app = quiz(tmp_path, QUESTIONS["flashcard"], QUESTIONS["choice"], mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        first = session.current
        await pilot.press(*answer_keys(first, True))
        await pilot.pause()
        if isinstance(app.screen, FeedbackScreen):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.screen.item is first


async def test_undo_typed_in_a_burst_records_each_answer_once_for_the_question_shown(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        first = session.current
        keys = answer_keys(first, True)
        await burst(pilot, *keys, "u", *keys, "enter", "ctrl+z", "ctrl+z", *keys, "u")
        assert isinstance(app.screen, QuestionScreen) and app.screen.item is first
        assert not session.answers
    assert reviewed(tmp_path) == [first.key] * 3
    assert len(journal(tmp_path, "undo")) == 3


# --- flag, bury, suspend ------------------------------------------------------------------


async def test_suspend_on_the_question_screen_takes_the_card_out_and_shows_the_next(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        first, second = session.items[0], session.items[1]
        assert {"Flag", "Bury", "Suspend"} <= set(shown_descriptions(app.screen))
        await pilot.press("@")
        await pilot.pause()
        assert app.store.is_suspended(first.key)
        assert app.screen.item is second is session.current
        assert first.key not in {i.key for i in session.items}
        assert any("Suspended" in t for t in toasts(app))
        await pilot.press("-")
        await pilot.pause()
        assert app.store.is_buried(second.key, app.clock())
        assert any("Buried" in t for t in toasts(app))
        # The last question, typed: the mark keys are letters there (and only on feedback).
        assert app.screen.answer_input.takes_text
        assert "Suspend" not in shown_descriptions(app.screen)
    assert reviewed(tmp_path) == []


async def test_flag_toggles_and_the_card_stays(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        item = app.session.current
        await pilot.press("!")
        await pilot.pause()
        assert app.store.is_flagged(item.key) and app.screen.item is item
        await pilot.press("!")
        await pilot.pause()
        assert not app.store.is_flagged(item.key)
        assert any("Unflagged" in t for t in toasts(app))


async def test_marks_on_the_feedback_apply_to_the_card_just_answered(tmp_path):
    app = quiz(tmp_path, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        item = session.current
        await answer(pilot, False)  # wrong: shown again at the end of the review
        assert isinstance(app.screen, FeedbackScreen)
        assert sum(1 for i in session.items if i.key == item.key) == 2
        await pilot.press("!")
        await pilot.press("@")
        await pilot.pause()
        assert app.store.is_flagged(item.key) and app.store.is_suspended(item.key)
        assert [i.key for i in session.items].count(item.key) == 1  # its repeat is gone
        assert "Enter: next (question 2 of 3)" in screen_text(app)


async def test_marks_typed_in_a_burst_keep_every_answer_on_its_question(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        first, second, third = session.items
        await burst(pilot, "!", *answer_keys(first, True), "-", "enter", "@")
        assert app.store.is_flagged(first.key) and app.store.is_buried(first.key, app.clock())
        assert app.store.is_suspended(second.key)
        assert isinstance(app.screen, QuestionScreen) and app.screen.item is third
        await burst(pilot, *answer_keys(third, True), "@", "enter")
        assert isinstance(app.screen, ResultsScreen)
    assert reviewed(tmp_path) == [first.key, third.key]


# --- next intervals, clock ----------------------------------------------------------------


async def test_the_flashcard_grades_show_when_each_brings_the_card_back(tmp_path):
    app = quiz(tmp_path, QUESTIONS["flashcard"], mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert "1 Again 1m · 2 Hard" in text and "3 Good 10m" in text and "4 Easy" in text


async def test_the_feedback_says_what_i_guessed_would_do(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, True)
        assert "g (I guessed): back in 1m" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert "I guessed" not in screen_text(app).split("Enter:")[-1]


async def test_c_shows_the_clock_and_hides_it_again(tmp_path):
    app = quiz(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock = app.screen.query_one("#study-clock")
        assert not clock.display  # off by default
        await pilot.press("c")
        await pilot.pause()
        assert clock.display and "here" in screen_text(app) and "in all" in screen_text(app)
        await answer(pilot, True)
        await pilot.press("c")  # from the feedback
        await pilot.pause()
        assert not clock.display and not app.study_clock


# --- results ------------------------------------------------------------------------------


async def test_w_on_the_results_studies_the_weakest_tag(tmp_path):
    geo = ChoiceQuestion(
        id="g2",
        prompt="Capital of Spain?",
        choices=(Choice("Madrid"), Choice("Rome")),
        answer=0,
        tags=("geo",),
    )
    maths = QUESTIONS["multi"]
    app = quiz(tmp_path, geo, maths)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        for _ in range(2):
            wrong = session.current.question.tags == ("geo",)
            await answer(pilot, not wrong)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Weakest tag" in shown_descriptions(app.screen)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert [i.key for i in app.session.items] == ["demo/g2"]


async def test_typed_letters_stay_letters(tmp_path):
    app = quiz(tmp_path, QUESTIONS["short"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*type_text("uc!-@"))
        await pilot.pause()
        assert app.screen.answer_input.response() == "uc!-@"


# --- leaving early ------------------------------------------------------------------------


async def test_ctrl_q_mid_session_quits_at_once_and_sums_the_session_up(tmp_path, monkeypatch):
    app = quiz(tmp_path)
    said: list[str] = []
    real_exit = app.exit

    def exit(*args, message=None, **kwargs):
        said.append(str(message))
        real_exit(*args, message=message, **kwargs)

    monkeypatch.setattr(app, "exit", exit)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, True)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    [message] = said
    assert "Answered 1 of 3 questions." in message and "Score so far: 1 / 1 (100%)." in message
    assert "Due next:" in message


async def test_suspending_in_an_exam_keeps_the_question_in_the_exam(tmp_path):
    app = quiz(tmp_path, mode="exam")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        session = app.session
        item = session.current
        await pilot.press("@")
        await pilot.pause()
        assert app.store.is_suspended(item.key)
        assert app.screen.item is item is session.current and len(session.items) == 3
        assert any("This exam keeps the question." in t for t in toasts(app))
