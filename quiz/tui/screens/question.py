"""The question screen: the prompt, the input for its type, progress, score, exam timer, hint."""

from __future__ import annotations

import contextlib
import math
import time
from datetime import timedelta
from weakref import ref

from textual import events, on
from textual.app import ComposeResult, ScreenStackError
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from quiz.bank.model import ClozeQuestion, FlashcardQuestion
from quiz.study.session import Session, SessionError, StaleAnswer
from quiz.tui.screens.flow import (
    SAVE_ERRORS,
    confirm_leave,
    save_failed,
    saved_after_all,
    show_notices,
    show_results,
)
from quiz.tui.widgets import AnswerInput, input_for
from quiz.tui.widgets.base import literal
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import score_text


def format_clock(left: timedelta) -> str:
    # Rounded up: a 10-minute exam starts at 10:00 and reaches 00:00 when the time is up.
    seconds = max(0, math.ceil(left.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"


def _counts(session: Session) -> tuple[int, int]:
    """(questions, failed cards still to show again). A review shows a card again at the end
    when its next learning step is due within the session; the repeat shares its first
    showing's key. Only a failed card's repeat is "again" (``Session.again_left``): a right
    answer's learning step or an "I knew it" is no mistake to count."""
    return _questions(session), session.again_left


# Distinct questions per session, counted once for each length of its list: the list only
# grows by repeats of cards already in it, and a 10,000-card session would otherwise build a
# set of every key several times per answer.
# (A session is a mutable dataclass, so unhashable: the last one counted is kept by reference.)
_counted: tuple[ref[Session], int, int] | None = None


def _questions(session: Session) -> int:
    global _counted
    if _counted is None or _counted[0]() is not session or _counted[1] != len(session.items):
        _counted = (ref(session), len(session.items), len({item.key for item in session.items}))
    return _counted[2]


def again_text(again: int) -> str:
    return f" · {again} again" if again else ""


def position_text(session: Session) -> str:
    """ "Question 4 of 20 · 2 again": the total stays put while wrong answers come back."""
    questions, again = _counts(session)
    if session.position < questions:
        return f"Question {session.position + 1} of {questions}{again_text(again)}"
    return f"All {questions} seen{again_text(again)}"


def next_text(session: Session) -> str:
    """What Enter does after the answer just given: "next (question 5 of 20)",
    "next (2 more to go)" (cards shown again) or "the results"."""
    questions, _ = _counts(session)
    if session.current is None:
        return "the results"
    if session.position < questions:
        return f"next (question {session.position + 1} of {questions})"
    return f"next ({len(session.items) - session.position} more to go)"


class QuestionScreen(Screen):
    """The questions of a running session, one at a time. The screen stays for the whole
    session and shows each question in place (``show_current``), with one feedback screen
    (installed, so it is kept between answers) pushed over it after each answer: building
    new screens for every answer cost most of the time between a key and what it shows."""

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
        self._feedback: Screen | None = None
        # The input on screen; while the next question's replaces it, still the old one (so
        # that the bindings asked about in between have one to look at).
        self._answer: AnswerInput = input_for(item)

    @property
    def exam(self) -> bool:
        return not self.session.immediate_feedback

    def compose(self) -> ComposeResult:
        session = self.session
        # The bar counts every answer, repeats included: its total grows by one at most as
        # each answer adds one, so it never moves backwards.
        total = len(session.items)
        with Horizontal(id="status"):
            yield Static(position_text(session), id="position")
            yield ProgressBar(total=total, show_eta=False, show_percentage=False, id="progress")
            if not self.exam:
                score, points = session.running_score
                yield Static(f"Score {score_text(score)} / {score_text(points)}", id="score")
            if session.options.time_limit is not None:
                yield Static(id="timer")
        with VerticalScroll(id="prompt-box"):
            yield Static(self._heading(), id="question-heading")
            yield Static(literal(self._prompt()), id="prompt")
            yield Static(id="hint")
        yield self._answer
        yield KeyBar()

    def _prompt(self) -> str:
        question = self.item.question
        if isinstance(question, ClozeQuestion):
            return question.display_prompt()
        return question.prompt

    async def show_current(self) -> None:
        """Show the session's current question in place of the one answered: the status line,
        the prompt and a new answer input for its type; the rest of the screen stays. Until
        the new input is in place the screen stays ``submitted`` to the old question, so that
        nothing (a key, the exam clock) can take the old input's answer for the new one."""
        item = self.session.current
        assert item is not None, "a question screen needs a question"
        session = self.session
        answer = input_for(item)
        await self._answer.remove()
        await self.mount(answer, before=self.query_one(KeyBar))
        self._answer = answer
        self.item = item
        self.hint_used = False
        self.save_failed = False
        self.query_one("#position", Static).update(position_text(session))
        bar = self.query_one(ProgressBar)
        bar.total = len(session.items)
        bar.progress = len(session.answers)
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
        self.call_after_refresh(self.fit)

    def _heading(self) -> Content:
        session = self.session
        mode = session.options.mode.value.capitalize()
        kind = "Flashcard" if isinstance(self.item.question, FlashcardQuestion) else ""
        again = "again" if session.position >= _counts(session)[0] else ""
        parts = [mode, self.item.bank.title, kind, again]
        return literal(" · ".join(p for p in parts if p), "dim")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).progress = len(self.session.answers)
        if self.session.options.time_limit is not None:
            self.tick()
            self.set_interval(1.0, self.tick)
            left = self.session.time_left(self.app.clock())
            if left is not None and left.total_seconds() > 0:
                # The once-a-second tick can come up to a second after the deadline, and keys
                # typed in that second would count: end the exam on the dot.
                self.set_timer(left.total_seconds() + 0.02, self.tick)
        self._ready(self.answer_input)

    def on_unmount(self) -> None:
        feedback, self._feedback = self._feedback, None
        if feedback is not None:
            # Installed to be kept between answers: the session is over, so let it go.
            with contextlib.suppress(ScreenStackError):
                self.app.uninstall_screen(feedback)
                feedback.remove()

    def feedback_screen(self) -> Screen:
        """The session's one feedback screen, made on the first answer that needs it."""
        if self._feedback is None:
            from quiz.tui.screens.feedback import FeedbackScreen

            self._feedback = FeedbackScreen(self.session)
            self.app.install_screen(self._feedback, f"feedback-{id(self)}")
        return self._feedback

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

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
            self.call_after_refresh(self.refresh_bindings)
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
        left = self.session.time_left(self.app.clock())
        if left is None or self.submitted:
            # A screen that has submitted is on its way out: the question after it (which
            # ticks at once when it is mounted) ends the exam and grades what it shows.
            return
        timer = self.query_one("#timer", Static)
        timer.update(f"⏱ {format_clock(left)} left")
        timer.set_class(left <= timedelta(minutes=1), "-urgent")
        if self.session.out_of_time(self.app.clock()) and self.session is self.app.session:
            self.time_up()

    def time_up(self) -> None:
        """The exam's time has run out: what is on screen is the last answer (typed or
        selected, as it stands), then the results. Keys typed for this question and not yet
        handled are dropped: no other screen may have them."""
        self.app.drop_typeahead()
        answer = self.answer_input
        if not self.submitted and answer.pending() is not None:
            self._record(answer, time_up=True)
        self.notify("Time is up: the exam is over.", severity="warning")
        show_results(self.app)

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
        return True

    def on_key(self, event: events.Key) -> None:
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
        self.call_after_refresh(self.fit)

    def action_hint_typed(self) -> None:
        self.action_hint()

    def action_leave(self) -> None:
        confirm_leave(self)

    @on(AnswerInput.Submitted)
    async def submit(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        # A screen submits once: any later Enter was meant for the screen that comes next.
        if self.submitted or self.session is not self.app.session:
            return
        if self.session.out_of_time(self.app.clock()):
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
                show_results(self.app)
            else:
                await self.show_current()
        else:
            self.app.push_screen(self.feedback_screen())

    def _record(self, answer: AnswerInput, *, time_up: bool = False) -> bool:
        """Hand this screen's answer to the session; True once it is saved."""
        elapsed = (answer.answered_at or time.monotonic()) - self.shown_at
        try:
            self.session.answer(
                self.item,
                answer.response(),
                elapsed=elapsed,
                hint_used=self.hint_used,
                now=self.app.clock(),
                time_up=time_up,
            )
        except StaleAnswer:
            self.submitted = True  # this screen's question has gone: nothing more to do here
            return False
        except SessionError as error:
            # Time is up, or a response the engine cannot grade: nothing was recorded.
            self.notify(str(error), severity="warning", markup=False)
            if self.session.out_of_time(self.app.clock()) and not time_up:
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
