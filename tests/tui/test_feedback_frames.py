"""The way from an answer's Enter to its feedback: the kept feedback screen is filled in before
it is pushed, so its first frame shows this answer with its widgets at their new sizes and no
second frame follows; nothing of it is restyled when nothing it depends on changed, and it is
when the theme changed while it was away."""

from __future__ import annotations

from app_support import app_for, bank, typed
from test_covered_screens import drawn, spy_on_display
from textual.color import Color
from textual.css.stylesheet import Stylesheet

from quiz.bank.model import Choice, ChoiceQuestion
from quiz.study.session import SessionOptions
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.question import QuestionScreen


def question(n: int) -> ChoiceQuestion:
    # Explanations of one line and of five by turns: each feedback takes other sizes than the
    # one before it, so a frame drawn before the layout would show the wrong lines.
    lines = 1 if n % 2 else 5
    explanation = " ".join(f"Line {k} of the explanation of question {n}." for k in range(lines))
    return ChoiceQuestion(
        id=f"q{n}",
        prompt=f"Which year is the answer to question {n}?",
        choices=tuple(Choice(c) for c in ("1989", "1991", "1993", "1995")),
        answer=1,
        explanation=f"{explanation} End of explanation {n}.",
    )


def counting_applies(monkeypatch) -> list:
    applied: list = []
    apply = Stylesheet.apply

    def recording(self, node, *args, **kwargs):
        applied.append(node)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", recording)
    return applied


async def pick_right_answer(pilot) -> None:
    item = pilot.app.session.current
    await pilot.press(str(item.order.index(item.question.answer) + 1))
    await typed(pilot)


async def submit_right_answer(pilot) -> None:
    await pick_right_answer(pilot)
    await pilot.press("enter")
    await typed(pilot)


async def answer_each(pilot, monkeypatch, check) -> None:
    """Answer every question right, calling ``check(n, item, frames, restyled)`` with what
    was drawn and restyled from the Enter that submitted answer ``n`` to the app's settling;
    ``own_lines`` counts the lines of the feedback screen's own background drawn again."""
    app = pilot.app
    sent = spy_on_display(app)
    applied = counting_applies(monkeypatch)
    own_lines: list[int] = []
    render_line = FeedbackScreen.render_line

    def rendering(self, y):
        own_lines.append(y)
        return render_line(self, y)

    monkeypatch.setattr(FeedbackScreen, "render_line", rendering)
    for n in range(len(app.session.items)):
        assert isinstance(app.screen, QuestionScreen)
        item = app.session.current
        await pick_right_answer(pilot)
        sent.clear()
        applied.clear()
        own_lines.clear()
        await pilot.press("enter")
        await typed(pilot)
        await pilot.pause(0.1)  # time for a late frame to come
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        restyled = [n for n in applied if n is feedback or feedback in n.ancestors]
        check(n, item, [drawn([frame]) for frame in sent], restyled)
        if n:
            # Under everything and unchanged: drawn again from the lines kept.
            assert own_lines == [], f"answer {n}: the screen's background drawn again"
        await pilot.press("enter")
        await typed(pilot)


def complete(item, frame: str) -> None:
    assert "✓ Correct" in frame
    assert f"End of explanation {item.question.id[1:]}." in frame
    assert "Enter: next" in frame or "Enter: the results" in frame


async def test_each_feedback_comes_in_one_frame_that_shows_all_of_it(tmp_path, monkeypatch):
    # Feedback of the same size each time, as in a long run of one kind of question.
    questions = [question(2 * n) for n in range(5)]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=3))

    def check(n: int, item, frames: list[str], restyled: list) -> None:
        # The first feedback's widgets change size from the empty screen made ahead.
        assert len(frames) == (1 if n else 2), f"answer {n}: {len(frames)} frames"
        complete(item, frames[0])
        assert restyled == [], "the feedback screen was restyled with nothing changed"

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_each(pilot, monkeypatch, check)


async def test_feedback_of_another_size_is_whole_in_its_first_frame(tmp_path, monkeypatch):
    # Widgets that change size are drawn once more by Textual after the layout that resized
    # them; the first frame already shows them at their new size.
    questions = [question(n) for n in range(6)]
    app = app_for(bank(*questions), data_dir=tmp_path, mode="quiz", options=SessionOptions(seed=3))

    def check(n: int, item, frames: list[str], restyled: list) -> None:
        assert 1 <= len(frames) <= 2, f"{len(frames)} frames for one feedback"
        complete(item, frames[0])
        assert restyled == []

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_each(pilot, monkeypatch, check)


async def test_a_theme_changed_while_the_feedback_was_away_shows_on_it(tmp_path, monkeypatch):
    app = app_for(
        bank(question(1), question(2), question(3)),
        data_dir=tmp_path,
        mode="quiz",
        options=SessionOptions(seed=1),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await submit_right_answer(pilot)
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen)
        before = feedback.styles.background
        await pilot.press("enter")
        await typed(pilot)
        assert isinstance(app.screen, QuestionScreen)
        app.theme = "textual-light" if app.current_theme.dark else "textual-dark"
        await pilot.pause()
        own_lines: list[int] = []
        render_line = FeedbackScreen.render_line

        def rendering(self, y):
            own_lines.append(y)
            return render_line(self, y)

        monkeypatch.setattr(FeedbackScreen, "render_line", rendering)
        await submit_right_answer(pilot)
        assert app.screen is feedback
        assert feedback.styles.background == Color.parse(app.get_css_variables()["background"])
        assert feedback.styles.background != before
        # Its background is drawn again in the new colours, not taken from the lines kept.
        assert sorted(set(own_lines)) == list(range(24))
