"""The next question of the same type (and as many options) is shown in the answer input on
screen, not in a new one: the focus stays where it is and only what changed is restyled. Keys
typed in a burst over several questions, of the same type and of others, are each recorded
once, for their own question, and the right question is on screen after."""

from __future__ import annotations

import pytest
from app_support import QUESTIONS, answer_keys, app_for, bank, burst, reviewed, typed
from test_feedback_frames import counting_applies

from quiz.bank.model import Choice, ChoiceQuestion, MultiQuestion, TrueFalseQuestion
from quiz.study.session import SessionOptions
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.widgets.choice import ChoiceInput, MultiInput, OptionRow

# New cards come in bank order in a review: the tests know which question comes first.
REVIEW = SessionOptions(seed=1)


def choice(n: int, count: int = 4) -> ChoiceQuestion:
    return ChoiceQuestion(
        id=f"c{n}",
        prompt=f"Question {n}?",
        choices=tuple(Choice(f"option {k} of {n}") for k in range(count)),
        answer=n % count,
    )


def multi(n: int, count: int = 4) -> MultiQuestion:
    return MultiQuestion(
        id=f"m{n}",
        prompt=f"Which of question {n}?",
        choices=tuple(Choice(f"pick {k} of {n}") for k in range(count)),
        answers=frozenset({0, n % count}) if n % count else frozenset({1}),
    )


def true_false(n: int) -> TrueFalseQuestion:
    return TrueFalseQuestion(id=f"t{n}", prompt=f"Statement {n}.", answer=bool(n % 2))


def options_of(item, order) -> list[str]:
    # The input's order is the item's own (the one the answer keys were worked out from).
    assert tuple(order) == ChoiceInput.options_for(item)[1]
    return [item.question.choices[i].text for i in order]


def shown_options(screen: QuestionScreen) -> list[str]:
    return [row.text for row in screen.answer_input.query(OptionRow)]


async def test_the_next_choice_question_takes_the_input_on_screen(tmp_path, monkeypatch):
    app = app_for(
        bank(choice(1), choice(2), choice(3, count=3)),
        data_dir=tmp_path,
        mode="review",
        options=REVIEW,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        first = screen.answer_input
        assert isinstance(first, ChoiceInput) and app.focused is first
        await burst(pilot, *answer_keys(app.session.current, right=False))
        applied = counting_applies(monkeypatch)
        await burst(pilot, "enter")
        second = app.session.current
        assert app.screen is screen and screen.item is second
        # The same input, still focused, showing the new question with nothing picked.
        assert screen.answer_input is first and app.focused is first
        assert first.item is second and first.cursor is None and first.response() is None
        assert shown_options(screen) == options_of(second, first.order)
        # Before: the old input and its rows restyled as the focus left them, the new one
        # and its rows as they were mounted (73 restyles a question with four options).
        assert len(applied) <= 6, f"{len(applied)} restyles to show the next question"
        # Three options after four: a new input.
        await burst(pilot, *answer_keys(second, right=True), "enter")
        assert screen.answer_input is not first and app.focused is screen.answer_input
        third = screen.answer_input
        assert isinstance(third, ChoiceInput)
        assert shown_options(screen) == options_of(app.session.current, third.order)
        assert reviewed(tmp_path) == [app.session.items[0].key, second.key]


BANKS = {
    "choice": [choice(n) for n in range(6)],
    "multi": [multi(n) for n in range(5)],
    "true_false": [true_false(n) for n in range(5)],
    "mixed": [
        choice(0),
        choice(1),
        multi(2),
        multi(3),
        choice(4, count=3),
        choice(5),
        true_false(6),
        true_false(7),
        QUESTIONS["short"],
        choice(8),
        QUESTIONS["flashcard"],
        choice(9),
        multi(10, count=3),
        QUESTIONS["match"],
        choice(11),
    ],
}


@pytest.mark.parametrize("mode", ["quiz", "exam"])
@pytest.mark.parametrize("kind", list(BANKS))
async def test_a_burst_over_several_questions_records_each_for_its_own(tmp_path, kind, mode):
    questions = BANKS[kind]
    app = app_for(bank(*questions), data_dir=tmp_path, mode=mode, options=REVIEW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        items = list(session.items)
        answered = items[:-1]  # the last is left on screen
        keys: list[str] = []
        for n, item in enumerate(answered):
            keys += answer_keys(item, right=n % 2 == 0)
            # Feedback's Enter goes on (an exam shows none, a flashcard's back was it); an
            # Enter more is refused by the next question, which has no answer yet.
            if mode == "quiz" and item.question.type != "flashcard":
                keys.append("enter")
            keys.append("enter")
        await burst(pilot, *keys)
        await typed(pilot)
        assert reviewed(tmp_path) == [item.key for item in answered]
        assert [a.item.key for a in session.answers] == [item.key for item in answered]
        for n, (item, answer) in enumerate(zip(answered, session.answers, strict=True)):
            right = n % 2 == 0
            assert answer.grade.correct == right, f"answer {n} ({item.question.type})"
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        last = items[-1]
        assert session.current is last and screen.item is last
        assert screen.answer_input.item is last and screen.answer_input.response() is None
        if isinstance(screen.answer_input, ChoiceInput | MultiInput):
            texts = shown_options(screen)
            if last.question.type == "true_false":
                assert texts == ["True", "False"]
            else:
                assert texts == options_of(last, screen.answer_input.order)
        # The next answer is the last question's own.
        await burst(pilot, *answer_keys(last, right=True))
        await typed(pilot)
        assert reviewed(tmp_path)[-1] == last.key and session.answers[-1].grade.correct
