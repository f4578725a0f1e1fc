"""Feedback after each answer (not in exams): right or wrong, the correct answer, what was
accepted, per-choice feedback, the explanation and the source quote; "I knew it" / "I guessed"."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.bank.model import ClozeQuestion
from quiz.study.grading import Grade, Part
from quiz.study.session import Answer, Session
from quiz.tui.screens.flow import (
    SAVE_ERRORS,
    confirm_leave,
    save_failed,
    saved_after_all,
    show_notices,
    show_results,
)
from quiz.tui.screens.question import next_text
from quiz.tui.widgets.base import literal
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import score_text


def verdict(grade: Grade) -> Content:
    if grade.correct:
        return Content.styled("✓ Correct", "bold $success")
    if grade.score > 0:
        return Content.styled(
            f"◐ Partly right: {score_text(grade.score)} of {score_text(grade.points)}"
            f" point{'' if grade.points == 1 else 's'}",
            "bold $warning",
        )
    return Content.styled("✗ Wrong", "bold $error")


def part_line(part: Part) -> Content:
    """ "[2] integraty ✗ (right: territorial integrity)", "France: Rome ✗ (right: Paris)"."""
    numbered = re.fullmatch(r"\[\d+\]|\d+\.", part.label)
    label = literal(part.label, "bold") + (" " if numbered else ": ")
    given = literal(part.given or "—")
    if part.ok:
        return Content.assemble(label, given, (" ✓", "$success"))
    return Content.assemble(
        label, given, (" ✗", "$error"), " (right: ", literal(part.expected), ")"
    )


def answer_lines(grade: Grade, *, show_given: bool = True) -> list[Content]:
    """What was accepted (the note), the answer given (part by part when some part of it was
    wrong), the correct answer and per-choice feedback: what the learner looks for first."""
    lines: list[Content] = []
    if grade.note:
        lines.append(literal(grade.note, "italic"))
    by_part = bool(grade.parts) and not grade.correct
    if show_given and by_part:
        lines.append(Content.styled("Your answer:", "bold"))
        lines += [Content("  ") + part_line(part) for part in grade.parts]
    elif show_given:
        lines.append(Content.assemble(("Your answer: ", "bold"), literal(grade.given or "—")))
    # The parts name each right answer; a cloze's whole sentence would repeat the prompt.
    if (not grade.correct or grade.note) and not (show_given and by_part):
        lines.append(Content.assemble(("Correct answer: ", "bold"), literal(grade.correct_answer)))
    for feedback in grade.feedback:
        lines.append(Content.assemble("• ", literal(feedback)))
    return lines


def explain_lines(grade: Grade) -> list[Content]:
    """The explanation and the source quote, blank lines between them."""
    lines: list[Content] = []
    if grade.explanation:
        lines.append(literal(grade.explanation))
    if grade.source:
        if lines:
            lines.append(Content(""))
        lines.append(
            Content.assemble(("Source: ", "dim bold"), literal(grade.source, "dim italic"))
        )
    return lines


def grade_details(grade: Grade, *, show_given: bool = True) -> list[Content]:
    """The lines that explain a grade; the results screen lists its mistakes with them."""
    explained = explain_lines(grade)
    return answer_lines(grade, show_given=show_given) + (
        [Content(""), *explained] if explained else []
    )


class FeedbackScreen(Screen):
    """Shows the last answer's grade. Enter or space goes on. One is kept for the whole
    session, over its question screen, and shows the latest answer each time it is shown.

    What matters most comes first, so that a long prompt never pushes it below the fold of an
    80x24 terminal: the verdict, the note and the answers (part by part), the explanation and
    source, then the question, which the learner has just read, and what Enter does. The whole
    screen scrolls."""

    BINDINGS = [
        Binding("enter,space", "next", "Next"),
        Binding("k", "override(True)", "I knew it"),
        Binding("g", "override(False)", "I guessed"),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.save_failed = False  # a try to save "I knew it" / "I guessed" failed
        self.shown: Answer | None = None  # the answer on screen

    @property
    def answer(self) -> Answer:
        return self.session.answers[-1]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="feedback-box"):
            yield Static(id="verdict")
            yield Static(id="feedback-details")
            yield Static(id="feedback-explain")
            yield Static(id="feedback-prompt")
            yield Static(id="feedback-next")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        # Shown again for a new answer (and back from a dialog or help, where this changes
        # nothing).
        if self.shown is not self.answer:
            self.show_answer()

    def show_answer(self) -> None:
        self.shown = self.answer
        self.save_failed = False
        question = self.answer.item.question
        prompt = (
            question.display_prompt() if isinstance(question, ClozeQuestion) else question.prompt
        )
        self.query_one("#feedback-prompt", Static).update(
            Content.assemble(("Question: ", "dim bold"), literal(prompt, "dim"))
        )
        self.show_grade()
        box = self.query_one("#feedback-box")
        box.scroll_home(animate=False)
        box.focus()
        self.refresh_bindings()

    def show_grade(self) -> None:
        grade = self.answer.grade
        self.query_one("#verdict", Static).update(verdict(grade))
        self.query_one("#feedback-details", Static).update(Content("\n").join(answer_lines(grade)))
        explain = self.query_one("#feedback-explain", Static)
        explain.update(Content("\n").join(explain_lines(grade)))
        explain.display = bool(grade.explanation or grade.source)
        # An "I knew it" / "I guessed" is told once, by the grade's note (the results show it
        # too). What Enter does comes last: the footer says it as well.
        after = Content.styled(f"Enter: {next_text(self.session)}", "dim")
        self.query_one("#feedback-next", Static).update(after)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "override":
            if self.answer.override:
                return False
            knew_it = parameters[0]
            # "I knew it" rescues a wrong answer; "I guessed" discounts a right one.
            return knew_it != self.answer.grade.correct
        return True

    def action_override(self, knew_it: bool) -> None:
        try:
            self.session.override(knew_it, now=self.app.clock())
        except SAVE_ERRORS as error:
            save_failed(self.app, error)
            self.save_failed = True
            return
        if self.save_failed:
            saved_after_all(self.app)
        show_notices(self.app)
        self.show_grade()
        self.refresh_bindings()

    async def action_next(self) -> None:
        if self.session is not self.app.session or self.app.screen is not self:
            return
        if self.session.current is None:
            show_results(self.app)
            return
        # The question screen under this one shows the next question before it comes back
        # on top, so nothing of the old question is drawn again.
        stack = self.app.screen_stack
        below = stack[stack.index(self) - 1]
        await below.show_current()  # type: ignore[attr-defined]  # the session's QuestionScreen
        self.app.pop_screen()

    def action_leave(self) -> None:
        confirm_leave(self)
