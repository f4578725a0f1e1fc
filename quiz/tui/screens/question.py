"""The question screen: the prompt, the input for its type, progress, score, exam timer, hint."""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from quiz.bank.model import ClozeQuestion, FlashcardQuestion
from quiz.study.session import Session, SessionError, StaleAnswer
from quiz.tui.flow import (
    SAVE_ERRORS,
    clock_text,
    format_clock,
    mark_card,
    position_text,
    save_failed,
    saved_after_all,
    session_counts,
    show_notices,
    take_back,
)
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets import input_for
from quiz.tui.widgets.base import AnswerInput, literal
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.progress import ProgressLine
from quiz.words import score_text

if TYPE_CHECKING:
    from quiz.tui.screens.feedback import FeedbackScreen

# The keys that mark the card on screen (the browse screen uses the same ones). Typed answers
# take every printable key, so there they work on the feedback screen only.
TYPED_NOTE = "; in a typed answer, on the feedback (they are letters there)"
MARK_BINDINGS = [
    Binding("exclamation_mark", "mark('flag')", "Flag", key_display="!", tooltip=TYPED_NOTE[2:]),
    Binding(
        "minus", "mark('bury')", "Bury", key_display="-", tooltip=f"until tomorrow{TYPED_NOTE}"
    ),
    Binding(
        "at",
        "mark('suspend')",
        "Suspend",
        key_display="@",
        tooltip=f"until unsuspended{TYPED_NOTE}",
    ),
]
UNDO_BINDINGS = [
    Binding(
        "u", "undo", "Undo", tooltip="take back the last answer; in a typed answer, ctrl+z only"
    ),
    # Typed answers take u as a letter: there, ctrl+z is the undo key (it works everywhere;
    # the key bar shows it where u does not work).
    Binding("ctrl+z", "undo_typed", "Undo", key_display="^z", tooltip="in typed answers"),
]


class QuestionScreen(QuizScreen[None]):
    """The questions of a running session, one at a time. The screen stays for the whole
    session and shows each question in place (``show_current``), with one feedback screen
    (installed, so it is kept between answers) pushed over it after each answer: building
    new screens for every answer cost most of the time between a key and what it shows."""

    # The answer input (or its first text field) takes the focus as the screen is composed.
    # Textual's default, the first widget that can, was the prompt's box, and each move of
    # the focus restyles what gained and lost it: a tenth of the way to the first frame.
    AUTO_FOCUS = "#answer, #answer Input"
    BINDINGS = [
        Binding("escape", "leave", "Leave"),
        Binding("h", "hint", "Hint"),
        # Typed answers take every printable key, so their hint key is a control key.
        Binding("ctrl+t", "hint_typed", "Hint", key_display="^t"),
        # A long prompt scrolls in its own box; these keys work whatever has the focus.
        Binding(
            "pagedown",
            "scroll_prompt(1)",
            "More",
            key_display="PgDn",
            tooltip="scroll a long question (PgUp: back)",
        ),
        Binding("pageup", "scroll_prompt(-1)", "More", key_display="PgUp", show=False),
        *UNDO_BINDINGS,
        *MARK_BINDINGS,
        Binding(
            "c",
            "clock",
            "Clock",
            show=False,
            tooltip="time on the question and in all (in a typed answer: on the feedback)",
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        item = session.current
        assert item is not None, "a question screen needs a question"
        self.item = item
        self.hint_used = False
        self.submitted = False  # the answer is saved: this question takes no other
        self.save_failed = False  # a try to save this question's answer failed
        self.shown_at = time.monotonic()
        self._clock_timer: Timer | None = None
        self._feedback: FeedbackScreen | None = None
        # The input on screen; while the next question's replaces it, still the old one (so
        # that the bindings asked about in between have one to look at).
        self._answer: AnswerInput = self._input_for(item)

    def _input_for(self, item) -> AnswerInput:
        answer = input_for(item)
        if isinstance(item.question, FlashcardQuestion):
            from quiz.tui.widgets.flashcard import FlashcardInput  # (imported by input_for)

            assert isinstance(answer, FlashcardInput)
            # When each grade would bring the card back, from the scheduler itself.
            answer.intervals = self.session.preview(self.quiz.clock())
        return answer

    @property
    def exam(self) -> bool:
        return not self.session.immediate_feedback

    def compose(self) -> ComposeResult:
        # Filled in for each question by _fill.
        with Horizontal(id="status"):
            yield Static(id="position")
            yield ProgressLine(id="progress")
            if not self.exam:
                yield Static(id="score")
            if self.session.options.time_limit is not None:
                yield Static(id="timer")
            yield Static(id="study-clock")
        with VerticalScroll(id="prompt-box"):
            yield Static(id="question-heading")
            yield Static(id="prompt")
            yield Static(id="hint")
        yield self._answer
        yield KeyBar()

    def _fill(self) -> None:
        """The status line, the heading and the prompt of the question on screen, its hint
        not shown yet."""
        session = self.session
        self.query_one("#position", Static).update(position_text(session))
        # The bar counts every answer, repeats included: its total grows by one at most as
        # each answer adds one, so it never moves backwards.
        self.query_one(ProgressLine).update(len(session.answers), len(session.items))
        if not self.exam:
            score, points = session.running_score
            self.query_one("#score", Static).update(
                f"Score {score_text(score)} / {score_text(points)}"
            )
        self.query_one("#question-heading", Static).update(self._heading())
        self.query_one("#prompt", Static).update(literal(self._prompt()))
        hint = self.query_one("#hint", Static)
        hint.update("")
        hint.remove_class("-shown")

    def _prompt(self) -> str:
        question = self.item.question
        if isinstance(question, ClozeQuestion):
            return question.display_prompt()
        return question.prompt

    async def show_current(self) -> None:
        """Show the session's current question in place of the one answered: the status line,
        the prompt and the answer input for its type (the same one, taking the new question,
        when it can: see ``AnswerInput.show_item``); the rest of the screen stays. Until
        the new input is in place the screen stays ``submitted`` to the old question, so that
        nothing (a key, the exam clock) can take the old input's answer for the new one."""
        item = self.session.current
        assert item is not None, "a question screen needs a question"
        session = self.session
        answer = self._answer
        if not answer.show_item(item):
            # Another type (or shape) of question: a new input in place of the old one.
            answer = self._input_for(item)
            await self._answer.remove()
            await self.mount(answer, before=self.query_one(KeyBar))
            self._answer = answer
        self.item = item
        self.hint_used = False
        self.save_failed = False
        self._fill()
        self.prompt_box.scroll_home(animate=False)
        self.submitted = False
        self._ready(answer)
        if session.options.time_limit is not None:
            # As a new question would: the time may have run out while this one was coming.
            self.tick()

    def _ready(self, answer: AnswerInput) -> None:
        if not answer.takes_text:
            answer.focus()
        self.shown_at = time.monotonic()
        self.after_refresh(self.fit)

    def _heading(self) -> Content:
        session = self.session
        mode = session.options.mode.value.capitalize()
        kind = "Flashcard" if isinstance(self.item.question, FlashcardQuestion) else ""
        again = "again" if session.position >= session_counts(session)[0] else ""
        parts = [mode, self.item.bank.title, kind, again]
        return literal(" · ".join(p for p in parts if p), "dim")

    def on_mount(self) -> None:
        self._fill()
        self.show_clock()
        if self.session.options.time_limit is not None:
            self.tick()
            self.set_interval(1.0, self.tick)
            left = self.session.time_left(self.quiz.clock())
            if left is not None and left.total_seconds() > 0:
                # The once-a-second tick can come up to a second after the deadline, and keys
                # typed in that second would count: end the exam on the dot.
                self.set_timer(left.total_seconds() + 0.02, self.tick)
        self._ready(self.answer_input)
        if not self.exam:
            # Built while the learner reads the first question rather than after the first
            # answer, which waited for its widgets to be made and styled (the slowest answer).
            self.after_paint(self._prepare_feedback)

    def _prepare_feedback(self) -> None:
        if self._feedback is None and self.is_current:
            # Starts the installed screen's widgets now; push_screen finds them running.
            self.app._get_screen(self.feedback_screen())

    def on_unmount(self) -> None:
        feedback, self._feedback = self._feedback, None
        if feedback is not None:
            # Installed to be kept between answers: the session is over, so let it go.
            with contextlib.suppress(ScreenStackError):
                self.app.uninstall_screen(feedback)
                feedback.remove()

    def feedback_screen(self) -> FeedbackScreen:
        """The session's one feedback screen, made on the first answer that needs it."""
        if self._feedback is None:
            # Imported here: made after the first question is drawn (see on_mount), or for an
            # exam's review only.
            from quiz.tui.screens.feedback import FeedbackScreen

            self._feedback = FeedbackScreen(self.session)
            self.app.install_screen(self._feedback, f"feedback-{id(self)}")
        return self._feedback

    def on_resize(self) -> None:
        self.after_refresh(self.fit)

    def fit(self) -> None:
        """Give the prompt the room the answer input does not need (at least a third of the
        screen), once sizes are known; then show PgDn only if the prompt still scrolls."""
        if not self.query("#answer"):
            # Gone before its first refresh: the exam's time ran out as it was shown.
            return
        answer = self.answer_input
        need = sum(
            child.outer_size.height + child.styles.margin.top + child.styles.margin.bottom
            for child in answer.children
            if child.display
        )
        spare = self.size.height - 2 - need  # the status line and the footer
        room = max(self.size.height // 3, spare)
        if self.prompt_box.styles.max_height != room:
            self.prompt_box.styles.max_height = room
            self.after_refresh(self.refresh_bindings)
        else:
            self.refresh_bindings()

    @property
    def prompt_box(self) -> VerticalScroll:
        return self.query_one("#prompt-box", VerticalScroll)

    def action_scroll_prompt(self, direction: int) -> None:
        box = self.prompt_box
        box.scroll_to(y=box.scroll_y + direction * max(1, box.scrollable_content_region.height - 1))

    @property
    def answer_input(self) -> AnswerInput:
        return self._answer

    def tick(self) -> None:
        left = self.session.time_left(self.quiz.clock())
        if left is None or self.submitted:
            # A screen that has submitted is on its way out: the question after it (which
            # ticks at once when it is mounted) ends the exam and grades what it shows.
            return
        timer = self.query_one("#timer", Static)
        timer.update(f"⏱ {format_clock(left)} left")
        timer.set_class(left <= timedelta(minutes=1), "-urgent")
        if self.session.out_of_time(self.quiz.clock()) and self.session is self.quiz.session:
            self.time_up()

    def time_up(self) -> None:
        """The exam's time has run out: what is on screen is the last answer (typed or
        selected, as it stands), then the results. Keys typed for this question and not yet
        handled are dropped: no other screen may have them."""
        self.quiz.drop_typeahead()
        answer = self.answer_input
        if not self.submitted and answer.pending() is not None:
            self._record(answer, time_up=True)
        self.notify("Time is up: the exam is over.", severity="warning")
        self.quiz.show_results()

    def _hint_refusal(self) -> str | None:
        """Why the hint key does nothing here, or None when it shows the hint."""
        if self.exam:
            return "No hints in an exam."
        if not self.item.question.hint:
            return "This question has no hint."
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "hint_typed"):
            typed = action == "hint_typed"
            available = self._hint_refusal() is None and not self.hint_used
            return available and self.answer_input.takes_text == typed
        if action == "scroll_prompt":
            return self.prompt_box.max_scroll_y > 0
        typed = self.answer_input.takes_text
        if action == "undo":
            if not self.session.answers:
                return False
            return not typed
        if action == "undo_typed":
            return bool(self.session.answers) and typed
        if action in ("mark", "clock"):
            return not typed
        return True

    async def on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+z" and not self.answer_input.takes_text:
            # As in Anki, ctrl+z undoes too (the key bar shows u here).
            event.stop()
            await self.action_undo()
            return
        # The hint keys are hidden (check_action) when there is no hint to show; pressed
        # anyway, they say why rather than doing nothing.
        refusal = self._hint_refusal()
        if refusal is None:
            return
        typed = self.answer_input.takes_text
        if event.key == ("ctrl+t" if typed else "h"):
            event.stop()
            self.notify(refusal, timeout=3)

    def action_hint(self) -> None:
        hint = self.item.question.hint
        if not hint or self.exam:
            return
        self.hint_used = True
        self.query_one("#hint", Static).update(Content.assemble(("Hint: ", "bold"), literal(hint)))
        self.query_one("#hint").add_class("-shown")
        self.after_refresh(self.fit)

    def action_hint_typed(self) -> None:
        self.action_hint()

    def action_leave(self) -> None:
        self.quiz.leave_session(self)

    # --- undo, marks and the clock -----------------------------------------------------------

    async def action_undo(self) -> None:
        """Back to the question answered last, as it was shown (its answer taken back)."""
        if self.submitted or self.session is not self.quiz.session:
            return
        if take_back(self, self.session) is not None:
            await self.show_current()

    async def action_undo_typed(self) -> None:
        await self.action_undo()

    async def action_mark(self, kind: str) -> None:
        """Flag the card on screen (again: unflag), or suspend or bury it, which takes it out
        of this session: the next question comes in its place."""
        if self.submitted or self.session is not self.quiz.session:
            return
        item = self.item
        if item is not self.session.current or not mark_card(self, item.key, kind, self.exam):
            return
        if kind == "flag" or self.exam:
            # An exam keeps its questions: skipping one by suspending it would change the
            # exam's total. The mark holds from the next session on.
            return
        self.session.drop_current()
        if self.session.current is None:
            self.quiz.show_results()
        else:
            await self.show_current()

    def action_clock(self) -> None:
        self.quiz.study_clock = not self.quiz.study_clock
        self.show_clock()

    def show_clock(self) -> None:
        """The optional clock: time on this question and in the session, in the status line.
        One timer (made when first shown) updates the one Static."""
        clock = self.query_one("#study-clock", Static)
        clock.display = self.quiz.study_clock
        if self.quiz.study_clock:
            if self._clock_timer is None:
                self._clock_timer = self.set_interval(1.0, self._tick_clock)
            self._tick_clock()

    def _tick_clock(self) -> None:
        if not self.quiz.study_clock:
            return
        in_session = self.quiz.clock() - self.session.started
        self.query_one("#study-clock", Static).update(
            clock_text(time.monotonic() - self.shown_at, in_session)
        )

    @on(AnswerInput.Submitted)
    async def submit(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        # A screen submits once: any later Enter was meant for the screen that comes next.
        if self.submitted or self.session is not self.quiz.session:
            return
        if self.session.out_of_time(self.quiz.clock()):
            # The time ran out between the last tick and this key.
            self.time_up()
            return
        answer = event.answer_input
        refusal = answer.refusal()
        if refusal is not None:
            self.notify(refusal, timeout=3, markup=False)
            return
        if not self._record(answer):
            return
        if self.exam or isinstance(self.item.question, FlashcardQuestion):
            # No feedback: exams show it at the end, a flashcard's back was the feedback.
            if self.session.current is None:
                self.quiz.show_results()
            else:
                await self.show_current()
        else:
            feedback = self.feedback_screen()
            if feedback.is_mounted:
                # Filled in before it is pushed: see FeedbackScreen.show_answer.
                feedback.show_answer()
            self.app.push_screen(feedback)

    def _record(self, answer: AnswerInput, *, time_up: bool = False) -> bool:
        """Hand this screen's answer to the session; True once it is saved."""
        elapsed = (answer.answered_at or time.monotonic()) - self.shown_at
        try:
            self.session.answer(
                self.item,
                answer.response(),
                elapsed=elapsed,
                hint_used=self.hint_used,
                now=self.quiz.clock(),
                time_up=time_up,
            )
        except StaleAnswer:
            self.submitted = True  # this screen's question has gone: nothing more to do here
            return False
        except SessionError as error:
            # Time is up, or a response the engine cannot grade: nothing was recorded.
            self.notify(str(error), severity="warning", markup=False)
            if self.session.out_of_time(self.quiz.clock()) and not time_up:
                self.time_up()
            return False
        except SAVE_ERRORS as error:
            # Not recorded, so the session is still on this question: the learner may retry.
            save_failed(self.app, error)
            self.save_failed = True
            return False
        self.submitted = True
        if self.save_failed:
            saved_after_all(self.app)
        show_notices(self.app)
        return True
