"""Feedback after each answer (not in exams): right or wrong, the correct answer, what was
accepted, per-choice feedback, the explanation and the source quote; "I knew it" / "I guessed"
with when each would bring the card back; undo, flag, bury, suspend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from quiz.bank.model import ClozeQuestion
from quiz.study.scheduler import Rating, format_interval
from quiz.study.session import Answer, Session
from quiz.tui.flow import (
    SAVE_ERRORS,
    mark_card,
    next_text,
    save_failed,
    saved_after_all,
    show_notices,
    take_back,
)
from quiz.tui.grade_text import answer_lines, explain_lines, verdict
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.base import literal
from quiz.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from quiz.tui.screens.question import QuestionScreen


class FeedbackScreen(QuizScreen[None]):
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
        # Early in the list: a narrow key bar gives way from its end, and how to leave must
        # stay in sight (as on the question screen).
        Binding("escape", "leave", "Leave"),
        Binding("u,ctrl+z", "undo", "Undo", tooltip="take back this answer (also ctrl+z)"),
        Binding("exclamation_mark", "mark('flag')", "Flag", key_display="!"),
        Binding("minus", "mark('bury')", "Bury", key_display="-", tooltip="until tomorrow"),
        Binding("at", "mark('suspend')", "Suspend", key_display="@", tooltip="until unsuspended"),
        Binding("c", "clock", "Clock", show=False, tooltip="time on the question and in all"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.save_failed = False  # a try to save "I knew it" / "I guessed" failed
        self.shown: Answer | None = None  # the answer on screen
        self._unseen = False  # filled in for an answer, not yet shown (scrolled, focused)
        self._repaint_kept = False  # being shown again, its styles as they were (refresh)

    @property
    def answer(self) -> Answer:
        return self.session.answers[-1]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="feedback-box"):
            yield Static(id="verdict")
            yield Static(id="feedback-details")
            yield Static(id="feedback-explain")
            yield Static(id="feedback-prompt")
        # Outside the scrolling box: what Enter does (and what k or g would do to the schedule)
        # stays in sight however long the explanation.
        yield Static(id="feedback-next")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.is_current:
            # Made ahead, while the first question is read: laid out now at the terminal's
            # size, the first answer does not wait for Textual to find the screen's size
            # stale when it is pushed (a layout then, and a second one after the Resize that
            # comes of it, with a second frame). Textual has no public way to lay out a
            # screen that is not shown.
            self.call_after_refresh(self._lay_out_ahead)

    def _lay_out_ahead(self) -> None:
        if not self.is_current and self.is_attached and self.outer_size != self.app.size:
            self._refresh_layout(self.app.size)
            # The screen's update timer (made by that layout) ticks for the first time a
            # whole frame (1/60 s) after it first runs, and every later tick at once when it
            # has been idle: run that first tick now, or the first answer waits for it.
            self._update_timer.resume()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._style_inputs() == self._styled_for:
            # Its styles are kept (QuizScreen._keep_styles, which runs next): a restyle
            # also dropped every widget's rendered lines (the key bar drawn again for
            # nothing). Textual's handler then repaints the screen whole (the terminal showed
            # another): see refresh.
            self._repaint_kept = True
            self.call_next(self._end_repaint_kept)
        # Shown again for a new answer (and back from a dialog or help, where this changes
        # nothing). The question screen fills it in before pushing it (``show_answer``).
        if self.shown is not self.answer:
            self.show_answer()
        if self._unseen:
            self._unseen = False
            box = self.query_one("#feedback-box")
            box.scroll_home(animate=False)
            if self.focused is not box:
                # Focusing repaints the box even when it has the focus already (it kept it
                # while the screen was away): a second frame of the whole box per answer.
                box.focus()
            self.refresh_bindings()

    def _end_repaint_kept(self) -> None:
        self._repaint_kept = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        # A whole repaint of this screen shown again with nothing of its style changed: every
        # part of it is drawn again, from the lines its widgets keep. Textual's refresh would
        # also throw away the screen's own lines (its background, under everything), which
        # were half of each feedback's drawing (24 lines of 33).
        size = self.outer_size
        if (
            self._repaint_kept
            and not regions
            and repaint
            and not (layout or recompose)
            and size
            and self._compositor.size == size
        ):
            self._compositor._dirty_regions.add(size.region)
            self._dirty_widgets.add(self)
            self.check_idle()
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def show_answer(self) -> None:
        """Fill the screen in for the latest answer. Called before the screen is pushed, its
        widgets take their new sizes before its first frame: filled in once it is on screen,
        the frame came before their sizes and a second layout and frame followed."""
        self.shown = self.answer
        self._unseen = True
        self.save_failed = False
        question = self.answer.item.question
        prompt = self.query_one("#feedback-prompt", Static)
        # A cloze's correct answer is its sentence with the blanks filled: the question again.
        prompt.display = not isinstance(question, ClozeQuestion)
        prompt.update(Content.assemble(("Question: ", "dim bold"), literal(question.prompt, "dim")))
        self.show_grade()
        if not self.is_current:
            # "I knew it" or "I guessed": in the key bar of the first frame.
            self.query_one(KeyBar).update_keys()

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
        schedule = self.schedule_text()
        if schedule:
            after = Content.assemble(after, ("  ·  ", "dim"), (schedule, "dim"))
        self.query_one("#feedback-next", Static).update(after)

    def schedule_text(self) -> str:
        """What k or g would do to the schedule: "k (I knew it): back in 3d"."""
        preview = self.session.override_preview()
        if not preview or self.answer.override:
            return ""
        if self.answer.grade.correct:
            return f"g (I guessed): back in {format_interval(preview[Rating.AGAIN])}"
        return f"k (I knew it): back in {format_interval(preview[Rating.GOOD])}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.session.answers:
            # Every answer taken back (this screen waits, installed, for the next one).
            return action not in ("override", "undo", "mark")
        if action == "override":
            if self.answer.override:
                return False
            knew_it = parameters[0]
            # "I knew it" rescues a wrong answer; "I guessed" discounts a right one.
            return knew_it != self.answer.grade.correct
        return True

    def action_override(self, knew_it: bool) -> None:
        try:
            self.session.override(knew_it, now=self.quiz.clock())
        except SAVE_ERRORS as error:
            save_failed(self.app, error)
            self.save_failed = True
            return
        if self.save_failed:
            saved_after_all(self.app)
        show_notices(self.app)
        self.show_grade()
        self.refresh_bindings()

    def _active(self) -> bool:
        return self.session is self.quiz.session and self.app.screen is self

    @property
    def question_screen(self) -> QuestionScreen:
        """The session's question screen, under this one."""
        stack = self.app.screen_stack
        return stack[stack.index(self) - 1]  # type: ignore[return-value]  # pushed over it

    async def action_next(self) -> None:
        if not self._active():
            return
        if self.session.current is None:
            self.quiz.show_results()
            return
        # The question screen under this one shows the next question before it comes back
        # on top, so nothing of the old question is drawn again.
        await self.question_screen.show_current()
        self.app.pop_screen()

    async def action_undo(self) -> None:
        """Back to the question just answered, its answer taken back."""
        if not self._active():
            return
        if take_back(self, self.session) is not None:
            await self.question_screen.show_current()
            self.app.pop_screen()

    def action_mark(self, kind: str) -> None:
        """Flag, bury or suspend the card just answered; burying or suspending it takes its
        showings still to come out of the session."""
        if not self._active() or not mark_card(self, self.answer.item.key, kind):
            return
        if kind != "flag" and self.session.drop_card(self.answer.item.key):
            self.show_grade()  # what Enter does next has changed

    def action_clock(self) -> None:
        self.quiz.study_clock = not self.quiz.study_clock
        self.notify(
            "Clock on: time on each question and in all, in the status line."
            if self.quiz.study_clock
            else "Clock off.",
            timeout=3,
        )
        self.question_screen.show_clock()

    def action_leave(self) -> None:
        self.quiz.leave_session(self)
