"""Pilot tests: every question type answered right and wrong, through feedback and results,
with the answer in the progress file afterwards."""

from __future__ import annotations

import pytest
from app_support import (
    TYPES,
    answer,
    answer_keys,
    app_for,
    bank,
    notified,
    one_type_bank,
    screen_text,
    type_text,
)
from textual import events

from quiz.bank.model import ShortQuestion
from quiz.study.store import ProgressStore
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.results import ResultsScreen


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@pytest.mark.parametrize("kind", TYPES)
async def test_answer_every_type(kind, right, tmp_path):
    app = app_for(one_type_bank(kind), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 1 of 1" in screen_text(app)
        session = app.session
        await answer(pilot, right)
        if kind == "flashcard":
            # Self-graded: the revealed back was the feedback, so straight to the results.
            assert isinstance(app.screen, ResultsScreen)
        else:
            assert isinstance(app.screen, FeedbackScreen)
            text = screen_text(app)
            assert ("✓ Correct" in text) == right
            assert ("✗ Wrong" in text) == (not right)
            if not right and kind in ("cloze", "match", "order", "multi"):
                assert "Your answer:\n" in text and "✗ (right: " in text  # part by part
            elif not right:
                assert "Correct answer: " in text
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert session.answers[0].grade.correct == right
        assert ("1 / 1" if right else "0 / 1") in screen_text(app)
        await pilot.press("enter")  # "home": launched straight in, so the app quits
        await pilot.pause()
    assert app.return_code == 0
    store = ProgressStore.open(tmp_path)
    key = f"only-{kind}/{session.items[0].question.id}"
    [review] = store.reviews(key)
    assert review.correct == right
    assert store.last_correct(key) == right
    [recorded] = store.sessions()
    assert recorded["mode"] == "quiz"


@pytest.mark.parametrize("kind", [t for t in TYPES if t not in ("order", "flashcard")])
async def test_an_empty_answer_is_refused_gently(kind, tmp_path):
    app = app_for(one_type_bank(kind), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        blanks = len(getattr(app.session.current.question, "blanks", ())) or 1
        await pilot.press(*["enter"] * blanks)  # cloze: Enter goes from blank to blank
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.answers == []
        messages = [n.message for n in notified(app)]
        assert messages == [app.screen.answer_input.EMPTY_MESSAGE]
    assert ProgressStore.open(tmp_path).reviews() == []


async def test_flashcard_grades_only_after_reveal(tmp_path):
    app = app_for(one_type_bank("flashcard"), data_dir=tmp_path, mode="review")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")  # not revealed yet: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session.answers == []
        assert "Bonjour" not in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert "Bonjour" in screen_text(app)
        session = app.session
        await pilot.press("4")
        await pilot.pause()
        assert session.answers[0].rating.name == "EASY"


async def test_true_false_digits(tmp_path):
    app = app_for(one_type_bank("true_false"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        await pilot.press("2", "1", "enter")  # the last digit counts: 1 is true
        await pilot.pause()
        assert session.answers[0].grade.correct


async def test_multi_digits_toggle(tmp_path):
    app = app_for(one_type_bank("multi"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        keys = answer_keys(session.current, right=True)[:-1]
        # Tick a wrong one and untick it again, then the right ones.
        wrong = answer_keys(session.current, right=False)[0]
        await pilot.press(wrong, wrong, *keys, "enter")
        await pilot.pause()
        assert session.answers[0].grade.correct


async def test_typo_is_accepted_with_a_note(tmp_path):
    question = ShortQuestion(id="leader", prompt="Who?", answer="Heydar Aliyev")
    app = app_for(bank(question), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*type_text("Heydar Aliev"), "enter")  # a letter left out
        await pilot.pause()
        text = screen_text(app)
        assert "✓ Correct" in text and "typo accepted" in text


async def test_cloze_fast_typing_lands_in_the_right_blanks(tmp_path):
    app = app_for(one_type_bank("cloze"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # All at once, as a fast typist or a paste-like burst delivers them.
        for key in ["s", "u", "n", "enter", "e", "a", "s", "t"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        assert [f.value for f in app.screen.answer_input.fields] == ["sun", "east"]
        session = app.session
        await pilot.press("enter")
        await pilot.pause()
        assert session.answers[0].grade.correct


async def test_a_click_on_an_option_selects_it(tmp_path):
    app = app_for(one_type_bank("choice"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        position = answer_keys(session.current, right=True)[0]
        row = list(app.screen.query(".option-row"))[int(position) - 1]
        await pilot.click(row)
        await pilot.press("enter")
        await pilot.pause()
        assert session.answers[0].grade.correct


async def test_match_shows_options_shuffled_and_says_a_pick_moves_on(tmp_path):
    from quiz.study.session import SessionOptions, start_session

    match_bank = one_type_bank("match")
    rights = match_bank.questions[0].rights
    # A seed whose display order is not the bank's, so the test can tell them apart.
    seed = next(
        s
        for s in range(100)
        if start_session([match_bank], None, SessionOptions(seed=s)).items[0].order != (0, 1, 2)
    )
    options = SessionOptions(seed=seed)
    app = app_for(match_bank, data_dir=tmp_path, mode="quiz", options=options)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        item = app.session.current
        shown = [rights[i] for i in item.order]
        assert shown != list(rights)
        [listed] = [w for w in app.screen.query(".match-options")]
        assert str(listed.visual).splitlines()[1:] == [
            f"{n}. {text}" for n, text in enumerate(shown, start=1)
        ]
        help_line = "Match: 1-9 picks and moves on to the next row · ↑↓ row · ←→ cycle · 0 clear"
        assert help_line in screen_text(app)
        assert app.screen.query_one(".input-help").content_size.height == 1  # fits 80 columns
        match_input = app.screen.answer_input
        await pilot.press("2")
        assert match_input.picks[0] == 1 and match_input.cursor == 1  # picked, moved on
        assert "Pick, next row" in [b.binding.description for b in app.active_bindings.values()]


async def test_match_with_rows_left_empty_is_refused(tmp_path):
    app = app_for(one_type_bank("match"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "enter")  # only the first row picked
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.answers == []
        assert [n.message for n in notified(app)] == [
            "Pick a match for every row first (digits pick)."
        ]
        await pilot.press("2", "3", "enter")
        await pilot.pause()
        assert len(app.session.answers) == 1


async def test_cloze_tab_stays_within_the_blanks(tmp_path):
    from quiz.tui.widgets.typed import BlankField

    app = app_for(one_type_bank("cloze"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        fields = app.screen.answer_input.fields
        await pilot.press("s", "u", "n", "tab", "tab", "x")
        await pilot.pause()
        assert app.screen.focused is fields[0]  # Tab on the last blank wraps to the first
        await pilot.press("shift+tab", "e", "a", "s", "t")
        await pilot.pause()
        assert isinstance(app.screen.focused, BlankField)
        assert [f.value for f in fields] == ["sunx", "east"]


async def test_cloze_help_says_enter_moves_to_the_next_blank(tmp_path):
    from quiz.tui.screens.help import HelpScreen

    app = app_for(one_type_bank("cloze"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        cloze = text.split("Fill in the blanks")[1].split("\n\n")[0]
        assert "Next blank" in cloze
        assert "type the answer, then Enter" not in cloze


async def test_numeric_refuses_text_that_is_no_number(tmp_path):
    app = app_for(one_type_bank("numeric"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", "b", "c", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.answers == []
        assert [n.message for n in notified(app)] == ["Type a number, e.g. 1991 or 3.14."]
        await pilot.press("backspace", "backspace", "backspace", *type_text("3,14"), "enter")
        await pilot.pause()
        assert app.session.answers[0].grade.correct


@pytest.mark.parametrize(("kind", "key"), [("true_false", "h"), ("short", "ctrl+t")])
async def test_hint_key_without_a_hint_says_so(kind, key, tmp_path):
    app = app_for(one_type_bank(kind), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert [n.message for n in notified(app)] == ["This question has no hint."]
        assert app.screen.answer_input.response() is None  # the key typed nothing


async def test_tab_keeps_the_focus_on_a_typed_answer(tmp_path):
    app = app_for(one_type_bank("short"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("B", "a", "tab", "k", "shift+tab", "u")
        await pilot.pause()
        assert app.screen.answer_input.response() == "Baku"
