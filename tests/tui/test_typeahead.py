"""Keys typed in one burst (over SSH, a paste, a double Enter) reach the screen they were typed
for, in order, as if typed slowly; a screen submits once; nothing is recorded for a question
that was not on screen. Each test types its keys with ``burst`` (all queued before the app
handles the first) and checks the journal."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest
from app_support import (
    QUESTIONS,
    TYPES,
    answer_keys,
    app_for,
    bank,
    burst,
    journal,
    key_event,
    reviewed,
    type_text,
    typed,
)
from textual import events
from textual.widgets import Input, Static

from quiz.bank.model import Bank, Choice, ChoiceQuestion, ClozeQuestion
from quiz.study.session import SessionOptions
from quiz.study.store import ProgressStore
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.screens.exam_date import ExamDateScreen
from quiz.tui.screens.exam_setup import ExamSetupScreen
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.question import QuestionScreen

# New cards come in bank order in a review: the tests know which question comes first.
REVIEW = SessionOptions(seed=1)


def then_short(first) -> Bank:
    """``first``, then a typed question: the old crash (a bool handed to a typed question)."""
    second = QUESTIONS["short"] if first.type != "short" else QUESTIONS["choice"]
    return bank(first, second)


@pytest.mark.parametrize("kind", TYPES)
async def test_answer_then_enter_enter_enter_records_one_answer(tmp_path, kind):
    app = app_for(then_short(QUESTIONS[kind]), data_dir=tmp_path, mode="review", options=REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        first = session.current
        await burst(pilot, *answer_keys(first, right=True), "enter", "enter", "enter")
        # Feedback's Enter (none for a flashcard) goes on; the next question refuses an
        # empty Enter: one answer, for the question that was on screen.
        assert reviewed(tmp_path) == [first.key]
        assert isinstance(app.screen, QuestionScreen) and app.screen.item is session.current
        assert session.position == 1 and session.answers[0].grade.correct


@pytest.mark.parametrize("kind", TYPES)
async def test_a_double_enter_on_feedback_shows_the_next_question_once(tmp_path, kind):
    second = QUESTIONS["choice" if kind != "choice" else "multi"]
    questions = (QUESTIONS[kind], second)
    app = app_for(bank(*questions), data_dir=tmp_path, mode="review", options=REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        first = session.current
        await burst(pilot, *answer_keys(first, right=False))
        if kind != "flashcard":
            assert isinstance(app.screen, FeedbackScreen)
            await burst(pilot, "enter", "enter")
        second = session.current
        assert isinstance(app.screen, QuestionScreen) and app.screen.item is second
        assert second.question.id == questions[1].id and reviewed(tmp_path) == [first.key]


async def test_type_ahead_across_question_types_lands_on_each_question(tmp_path):
    # "guam Enter Enter 1 Enter": the answer, next, then choice 1 on the next question.
    app = app_for(then_short(QUESTIONS["short"]), data_dir=tmp_path, mode="review", options=REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        short, choice = session.items[0], session.items[1]
        await burst(pilot, *type_text("guam"), "enter", "enter", "1", "enter")
        assert reviewed(tmp_path) == [short.key, choice.key]
        assert session.answers[0].grade.given == "guam"
        assert session.answers[1].grade.given == choice.question.choices[choice.order[0]].text
        assert isinstance(app.screen, FeedbackScreen)


async def test_enter_then_a_digit_from_feedback_answers_the_next_question(tmp_path):
    questions = (QUESTIONS["choice"], QUESTIONS["multi"], QUESTIONS["true_false"])
    app = app_for(bank(*questions), data_dir=tmp_path, mode="review", options=REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        await burst(pilot, "1", "enter")
        assert isinstance(app.screen, FeedbackScreen)
        multi = session.current
        await burst(pilot, "enter", "2", "enter")
        assert reviewed(tmp_path) == [session.items[0].key, multi.key]
        assert session.answers[1].grade.given == multi.question.choices[multi.order[1]].text


async def test_z_then_a_digit_from_home_selects_that_choice(tmp_path):
    app = app_for(bank(QUESTIONS["choice"], QUESTIONS["multi"]), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await burst(pilot, "z", "1")
        assert isinstance(app.screen, QuestionScreen)
        answer = app.screen.answer_input
        assert answer.cursor == 0, "the 1 typed right after z selects choice 1"
        await burst(pilot, "enter", "enter", "2", "enter")
        items = app.session.items
        assert reviewed(tmp_path) == [items[0].key, items[1].key]


async def test_cloze_blanks_typed_in_one_burst_with_tab(tmp_path):
    cloze = ClozeQuestion(
        id="orgs",
        prompt="Member of the {{Islamic}} Cooperation, the {{Turkish}} Council and the {{CIS}}.",
        blanks=(("Islamic",), ("Turkish",), ("CIS",)),
    )
    app = app_for(bank(cloze), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = [*type_text("Islamic"), "tab", *type_text("Turkish"), "tab", *type_text("CIS")]
        await burst(pilot, *keys)
        fields = app.screen.answer_input.fields
        assert [f.value for f in fields] == ["Islamic", "Turkish", "CIS"]
        assert app.screen.focused is fields[2]
        # Enter from the first blanks moves on; Tab round from the last comes back to the first.
        await burst(pilot, "tab", "backspace", "x", "enter", "enter", "enter")
        assert reviewed(tmp_path) == ["demo/orgs"]
        assert app.session.answers[0].grade.given.startswith("Islamix")


async def test_exam_date_quick_backspaces_then_a_date(tmp_path):
    store = ProgressStore.open(tmp_path)
    store.update_settings(exam_date="2027-01-20")
    clock = lambda: datetime(2026, 12, 1, 10, tzinfo=UTC)  # noqa: E731
    app = app_for(bank(), data_dir=tmp_path, store=store, mode="stats", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", *["backspace"] * 10, *type_text("2027-02-03"), "enter")
        assert not isinstance(app.screen, ExamDateScreen)
        assert app.exam_date == date(2027, 2, 3)
        # The field opens with the date selected: the first Backspace clears it, as when
        # typed slowly.
        await burst(pilot, "e", "backspace", "backspace", *type_text("2027-3-1"))
        assert app.screen.query_one(Input).value == "2027-3-1"


async def test_exam_setup_typed_in_one_burst_with_the_first_answer(tmp_path):
    choices = tuple(
        ChoiceQuestion(
            id=f"q{n}", prompt=f"Question {n}?", choices=(Choice("a"), Choice("b")), answer=0
        )
        for n in range(4)
    )
    app = app_for(bank(*choices), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", "2", "tab", "5", "enter", "1", "enter", "2")
        assert isinstance(app.screen, QuestionScreen)
        session = app.session
        assert session.options.count == 2 and len(session.answers) == 1
        assert app.screen.answer_input.cursor == 1  # the last "2": on the second question
        assert reviewed(tmp_path) == [session.items[0].key]


async def test_leave_dialog_in_a_burst(tmp_path):
    app = app_for(bank(QUESTIONS["choice"], QUESTIONS["true_false"]), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # "No" to leaving, then the answer: it goes to the question, not the dialog.
        await burst(pilot, "z", "escape", "n", "1", "enter")
        assert isinstance(app.screen, FeedbackScreen)
        first = app.session.items[0]
        # Then leave from feedback with "y": home, and keys after it act on home.
        await burst(pilot, "escape", "y", "down")
        assert isinstance(app.screen, HomeScreen) and app.session is None
        assert reviewed(tmp_path) == [first.key]
        [result] = journal(tmp_path, "session")
        assert result["result"]["answered"] == 1


async def test_a_key_for_a_dialog_that_has_closed_is_not_taken_by_the_screen_below(tmp_path):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        # "n" closes the dialog; the "enter" after it reaches the question, which refuses it.
        await burst(pilot, "n", "enter")
        assert isinstance(app.screen, QuestionScreen) and reviewed(tmp_path) == []


async def test_exam_setup_dialog_burst_then_cancel(tmp_path):
    app = app_for(bank(), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "e", "3", "escape", "z", "1")
        assert not isinstance(app.screen, ExamSetupScreen)
        assert isinstance(app.screen, QuestionScreen) and app.session.options.mode == "quiz"


async def test_a_paste_right_after_enter_goes_to_the_next_question(tmp_path):
    questions = (QUESTIONS["short"], QUESTIONS["numeric"])
    app = app_for(bank(*questions), data_dir=tmp_path, mode="review", options=REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        for key in [*type_text("Baku"), "enter", "enter"]:
            app.post_message(key_event(key))
        app.post_message(events.Paste("3.14"))  # a bracketed paste: one event, all its text
        await burst(pilot, "enter")
        assert reviewed(tmp_path) == [item.key for item in session.items]
        assert [a.grade.given for a in session.answers] == ["Baku", "3.14"]


def year_bank(count: int) -> Bank:
    return bank(
        *(
            ChoiceQuestion(
                id=f"y{n}",
                prompt=f"Which year is the answer to question {n}?",
                choices=tuple(Choice(c) for c in ("1989", "1991", "1993", "1995")),
                answer=1,
            )
            for n in range(count)
        ),
        id="years",
    )


@pytest.mark.parametrize("seed", [1, 2])
async def test_answers_and_enters_typed_in_one_go_land_on_their_questions(tmp_path, seed):
    # "2 Enter Enter 4 Enter Enter ...", as fast as a paste: each digit picks on the question
    # on screen once the Enter before it has shown it, each first Enter submits it, each
    # second one goes on. An Enter more on a new question (nothing picked) records nothing.
    app = app_for(year_bank(12), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=seed))
    digits = [2, 4, 1, 3, 2, 2, 4, 1, 3]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        keys: list[str] = []
        for n, digit in enumerate(digits):
            keys += ["enter"] if n == 4 else []  # nothing picked yet: refused, not recorded
            keys += [str(digit), "enter", "enter"]
        await burst(pilot, *keys)
        items = session.items[: len(digits)]
        assert reviewed(tmp_path) == [item.key for item in items]
        assert [a.item for a in session.answers] == list(items)
        given = [
            item.question.choices[item.order[d - 1]].text
            for item, d in zip(items, digits, strict=True)
        ]
        assert [a.grade.given for a in session.answers] == given
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.item is session.items[len(digits)]
        assert screen.item.question.prompt in str(screen.query_one("#prompt", Static).visual)
        assert not screen.submitted and session.position == len(digits)


async def test_a_key_typed_once_the_app_has_settled_is_handed_on_at_once(tmp_path):
    # The app handling the key as it arrives (it only holds it) is no sign of work to wait
    # for: no round of asking every widget comes before the key goes on.
    app = app_for(year_bank(3), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        gate = app.typeahead
        await burst(pilot, "1")  # the gate has settled behind a key of its own
        seen: list[str] = []
        quiet_round, post = gate._quiet_round, app.post_message

        async def round_() -> bool:
            seen.append("round")
            return await quiet_round()

        def posting(message):
            if gate.is_released(message) and not seen:
                seen.append("released")
            return post(message)

        await asyncio.sleep(0.05)
        await gate.settle()  # as the gate finds the app when the learner types at a human pace
        gate._quiet_round = round_
        app.post_message = posting
        app.post_message(key_event("2"))
        # Not Pilot's pause at once: it asks every widget to call back, which is work the
        # gate would see.
        await asyncio.sleep(0.2)
        await typed(pilot)
        assert seen[:1] == ["released"], seen
        assert "round" in seen  # the app is still settled behind the key before the next
        item = app.session.current
        assert app.screen.answer_input.response() == item.order[1]
