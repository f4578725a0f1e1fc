"""Pilot tests of a whole session: feedback, results, retry, Escape, exams and their clock,
hints, "I knew it" / "I guessed", and bank text shown literally."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app_support import MARKUP_PROMPT, QUESTIONS, answer, app_for, bank, notified, screen_text

from quiz.bank.model import Choice, ChoiceQuestion
from quiz.study.scheduler import Rating
from quiz.study.session import SessionOptions
from quiz.study.store import ProgressError, ProgressStore
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.exam_setup import ExamSetupScreen
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.launched import LaunchedScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen
from quiz.tui.widgets.keybar import shown_descriptions


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def three() -> tuple:
    return QUESTIONS["choice"], QUESTIONS["true_false"], QUESTIONS["short"]


async def test_quiz_from_home_to_results_and_back(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("z")
        await pilot.pause()
        session = app.session
        assert isinstance(app.screen, QuestionScreen)
        for n, right in enumerate([True, False, True], start=1):
            assert f"Question {n} of 3" in screen_text(app)
            await answer(pilot, right)
            assert isinstance(app.screen, FeedbackScreen)
            await pilot.press("space" if n == 1 else "enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "2 / 3" in text and "(67%)" in text
        assert "To review: 1 answer" in text
        wrong = session.answers[1].item.question
        assert wrong.prompt in text
        assert "PASSED" not in text and "FAILED" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running
    store = ProgressStore.open(tmp_path)
    assert len(store.reviews()) == 3
    [result] = store.sessions()
    assert result["score"] == 2


async def test_retry_the_wrong_ones(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        wrong_keys = set()
        for right in (False, True, False):
            if not right:
                wrong_keys.add(app.session.current.key)
            await answer(pilot, right)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert {item.key for item in app.session.items} == wrong_keys
        assert "Question 1 of 2" in screen_text(app)
        assert len(app.screen_stack) == 3  # default, home, the retry: no results left below


async def test_escape_asks_then_keeps_the_answers(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        await answer(pilot, True)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "Answered 1 of 3 questions." in text and "Score so far: 1 / 1 (100%)." in text
        assert "Everything you answered is saved." in text
        assert "Due next: 0 reviews and 2 new today, 0 tomorrow." in text
        await pilot.press("n")  # stay
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session is None
    store = ProgressStore.open(tmp_path)
    assert len(store.reviews()) == 1
    [result] = store.sessions()
    assert result["answered"] == 1 and result["total"] == 3


async def test_the_feedback_is_made_before_the_first_answer_and_let_go_with_the_session(
    tmp_path,
):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, QuestionScreen)
        feedback = question._feedback
        # Made and running while the first question is read, not shown.
        assert feedback is not None and feedback.is_running
        assert feedback not in app.screen_stack and not feedback.is_current
        assert app.session.answers == []
        await answer(pilot, True)
        assert app.screen is feedback and "Correct" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert feedback not in app._installed_screens.values()
        # Straight out again before anything is answered: nothing of it is left behind.
        await pilot.press("z")
        await pilot.pause()
        prepared = app.screen._feedback
        assert prepared is not None and prepared.is_running
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.crash is None
        assert prepared not in app._installed_screens.values()
        await pilot.pause()
        assert not prepared.is_running


async def test_escape_on_feedback_asks_too(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, False)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # yes; launched straight in, so the app quits
        await pilot.pause()
    assert app.return_code == 0
    assert len(ProgressStore.open(tmp_path).sessions()) == 1


async def test_ctrl_q_quits_at_once_with_everything_saved(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        await answer(pilot, True)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    store = ProgressStore.open(tmp_path)
    assert len(store.reviews()) == 1
    assert store.sessions()[0]["answered"] == 1


async def test_ctrl_q_from_a_text_input(tmp_path):
    app = app_for(bank(QUESTIONS["short"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", "ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_exam_has_no_feedback_and_says_passed_or_failed(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        await pilot.press("2", "tab", "1", "0", "tab", "backspace", "backspace", "5", "0")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        session = app.session
        assert len(session.items) == 2
        assert session.options.time_limit == timedelta(minutes=10)
        assert session.options.pass_mark == 50
        text = screen_text(app)
        assert "left" in text and "Score" not in text
        await answer(pilot, True)
        assert isinstance(app.screen, QuestionScreen), "no feedback in an exam"
        await answer(pilot, False)
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "1 / 2" in text and "PASSED" in text and "pass mark 50%" in text


async def test_exam_setup_refuses_bad_numbers_and_cancels(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e", "0", "enter")  # no questions (more than 3 would mean all 3)
        await pilot.pause()
        assert isinstance(app.screen, ExamSetupScreen)
        assert "from 1 to 3" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None


async def test_exam_ends_when_the_time_is_up(tmp_path):
    clock = Clock()
    options = SessionOptions(time_limit=timedelta(minutes=5))
    app = app_for(bank(*three()), data_dir=tmp_path, mode="exam", options=options, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, True)
        assert "05:00 left" in screen_text(app)
        clock.now += timedelta(minutes=4, seconds=30)
        app.screen.tick()
        assert "00:30 left" in screen_text(app)
        clock.now += timedelta(seconds=31)
        app.screen.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "1 / 3" in text and "FAILED" in text
    [result] = ProgressStore.open(tmp_path).sessions()
    assert result["answered"] == 1 and result["passed"] is False


async def test_hint_on_request(tmp_path):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Eiffel" not in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert "Hint: It has the Eiffel tower." in screen_text(app)
        session = app.session
        await answer(pilot, True)
        assert session.answers[0].hint_used


async def test_hint_key_for_typed_answers(tmp_path):
    question = replace(QUESTIONS["short"], hint="On the Caspian")
    app = app_for(bank(question), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")  # typed into the answer, not a hint
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint: On the Caspian" in screen_text(app)
        assert app.screen.answer_input.response() == "h"


async def test_i_knew_it_once(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        await answer(pilot, False)
        await pilot.press("g")  # "I guessed" makes no sense for a wrong answer
        await pilot.press("k")
        await pilot.pause()
        assert session.answers[0].override == "knew"
        assert session.answers[0].rating == Rating.GOOD
        assert screen_text(app).count("knew it") == 1  # said once, not twice
        assert "scheduled as remembered" in screen_text(app)
        assert "✗ Wrong" in screen_text(app)  # the score counts the answer given
        await pilot.press("k")  # once only
        await pilot.pause()
        assert session.answers[0].override == "knew"
        await pilot.press("enter")
        await pilot.pause()
        await answer(pilot, True)
        await pilot.press("g")
        await pilot.pause()
        assert session.answers[1].override == "guessed"
        assert session.answers[1].rating == Rating.AGAIN
        assert screen_text(app).count("guessed") == 1
        assert "✓ Correct" in screen_text(app)
    reviews = ProgressStore.open(tmp_path).reviews()
    assert [r.correct for r in reviews] == [False, True]


async def test_bank_text_is_shown_literally_and_never_run(tmp_path):
    question = ChoiceQuestion(
        id="markup",
        prompt=MARKUP_PROMPT,
        choices=(Choice("[@click=app.quit]Quit![/]"), Choice("[red]red[/red]")),
        answer=1,
        explanation="[bold]x[/] stays as written.",
    )
    app = app_for(bank(question, title="[b]Bold[/b] bank"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert MARKUP_PROMPT in text
        assert "[@click=app.quit]Quit![/]" in text and "[red]red[/red]" in text
        assert "[b]Bold[/b] bank" in text
        await pilot.click("#prompt")
        await pilot.click(".option-row")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QuestionScreen)
        await answer(pilot, False)
        assert "[bold]x[/] stays as written." in screen_text(app)
        assert app.is_running


async def test_nine_choices_and_a_long_prompt_fit_80x24(tmp_path):
    question = ChoiceQuestion(
        id="nine",
        prompt="A long prompt. " * 40,
        choices=tuple(Choice(f"Option number {n} " * 3) for n in range(1, 10)),
        answer=8,
    )
    app = app_for(bank(question), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        await answer(pilot, True)  # presses the digit of the right option, even the 9th
        assert session.answers[0].grade.correct


async def test_empty_review_says_so_and_stays_home(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")  # no mistakes yet
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("No mistakes" in n.message for n in notified(app))


async def test_an_answer_that_cannot_be_saved_is_not_lost_silently(tmp_path, monkeypatch):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        store = app.store
        real = store.record_review

        def locked(*args, **kwargs):
            raise ProgressError("progress.json is locked by another copy of quiz")

        monkeypatch.setattr(store, "record_review", locked)
        session = app.session
        await answer(pilot, True)
        assert isinstance(app.screen, QuestionScreen), "still on the question"
        assert session.answers == []
        assert any("could not be saved" in n.message for n in notified(app))
        monkeypatch.setattr(store, "record_review", real)
        await answer(pilot, True)  # the learner tries again
        assert isinstance(app.screen, FeedbackScreen)
    assert len(ProgressStore.open(tmp_path).reviews()) == 1


async def test_a_retry_that_saves_takes_the_not_saved_toasts_away(tmp_path, monkeypatch):
    # They stayed up for 15 s beside the feedback of an answer that was saved after all.
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        store = app.store
        real = store.record_review
        failures = iter([ProgressError("disk full"), ProgressError("disk full")])

        def flaky(*args, **kwargs):
            for error in failures:
                raise error
            return real(*args, **kwargs)

        monkeypatch.setattr(store, "record_review", flaky)
        for _ in range(2):
            await answer(pilot, True)
        titles = [n.title for n in notified(app)]
        assert titles.count("Not saved") == 2 and isinstance(app.screen, QuestionScreen)
        await answer(pilot, True)
        assert isinstance(app.screen, FeedbackScreen)
        assert [n.title for n in notified(app)] == ["Saved"]
    assert len(ProgressStore.open(tmp_path).reviews()) == 1


async def test_straight_in_with_nothing_to_study_says_so_and_quits(tmp_path, capsys):
    app = app_for(bank(*three()), data_dir=tmp_path, mode="mistakes")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 0
    captured = capsys.readouterr()
    assert "No mistakes to practise" in captured.out + captured.err


def footer(app) -> dict[str, str]:
    """Key -> description of the bindings the footer shows now."""
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()}


async def finish_quiz(pilot, right: bool = True) -> None:
    while not isinstance(pilot.app.screen, ResultsScreen):
        if isinstance(pilot.app.screen, QuestionScreen):
            await answer(pilot, right)
        else:
            await pilot.press("enter")
            await pilot.pause()


async def test_results_footer_says_quit_when_enter_ends_the_app(tmp_path):
    app = app_for(bank(QUESTIONS["true_false"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await finish_quiz(pilot, right=False)
        assert footer(app)["enter"] == footer(app)["escape"] == "Quit"
        shown = [
            a.binding.description for a in app.screen.active_bindings.values() if a.binding.show
        ]
        assert shown.count("Quit") == 1, shown  # ctrl+q's, not a second one for Enter
        assert screen_text(app).startswith("Quiz · Demo bank")
        await pilot.press("r")  # retry the wrong one: still launched straight in
        await pilot.pause()
        await finish_quiz(pilot)
        assert footer(app)["enter"] == "Quit"
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code == 0

    app = app_for(bank(QUESTIONS["true_false"]), data_dir=tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        await finish_quiz(pilot)
        assert footer(app)["enter"] == "Home"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_leave_dialog_footer_shows_the_dialogs_keys(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        keys = shown_descriptions(app.screen)
        assert "Yes" in keys and "No" in keys and "Leave" not in keys


async def test_escape_in_a_retry_after_a_straight_in_exam_asks_before_quitting(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path, mode="exam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await finish_quiz(pilot, right=False)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Leave this session and quit?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_escape_in_a_retry_from_home_goes_home(tmp_path):
    app = app_for(bank(*three()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        await finish_quiz(pilot, right=False)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "Leave this session?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_straight_in_session_sits_on_the_launched_screen_and_quits_when_it_ends(
    tmp_path,
):
    # The launched screen is the app's first screen (not pushed over Textual's default one),
    # and its first showing, as the app starts, does not end the app: only coming back does.
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        stack = [type(s) for s in app.screen_stack]
        assert stack == [LaunchedScreen, QuestionScreen] and app.return_code is None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running
