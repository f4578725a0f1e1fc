"""Before an exam: how many questions, the time limit and the pass mark, keyboard only.

The fields take what ``quiz study`` takes: a pass mark with decimals (72.5), minutes with
decimals. A count larger than the banks hold means all of them (as a count of "all" would),
said under the fields as it is typed, rather than refused: the learner asked for everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from quiz.bank.model import Bank
from quiz.study.modes import DEFAULT_PASS_MARK, Mode
from quiz.study.types import SessionOptions
from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import format_number, plural

# The command line's rule (`quiz study --time-limit`): minutes, decimals allowed, up to a day.
MAX_MINUTES = 24 * 60


class ExamSetupScreen(QuizModal[SessionOptions | None]):
    """Dismissed with the exam's options (Enter) or None (Escape)."""

    CSS_PATH = "dialogs.tcss"  # its styles, read when it is first shown (see app.tcss)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        # Priority: an Input would take up/down for scrolling, which a one-line field never needs.
        # (Keys typed together, "3" Tab "1", land in the right fields because the app hands on
        # each key once the one before is done: quiz.tui.typeahead.)
        Binding("down,tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("up,shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, banks: Sequence[Bank], defaults: SessionOptions | None = None) -> None:
        super().__init__()
        self.banks = list(banks)
        self.defaults = defaults or SessionOptions()
        # Bank ids are unique (the catalog refuses a second bank with an id already taken).
        self.total = sum(len(bank.questions) for bank in self.banks)

    def compose(self) -> ComposeResult:
        total = self.total
        d = self.defaults
        minutes = d.time_limit.total_seconds() / 60 if d.time_limit else None
        pass_mark = d.pass_mark if d.pass_mark is not None else DEFAULT_PASS_MARK
        with Vertical(id="exam-box"):
            yield Static(
                Content.assemble(
                    ("Exam: ", "bold"), Content(" + ".join(b.title for b in self.banks))
                ),
                id="exam-title",
            )
            with Grid(id="exam-fields"):
                yield Label(f"Questions (1-{total}, blank = all)")
                yield Input(str(d.count) if d.count else "", type="integer", id="exam-count")
                yield Label("Time limit, minutes (blank = none)")
                yield Input(
                    format_number(minutes) if minutes else "", type="number", id="exam-time"
                )
                yield Label("Pass mark, % (e.g. 72.5)")
                yield Input(f"{pass_mark:g}", type="number", id="exam-pass")
            yield Static(id="exam-note")
            yield Static(id="exam-error")
            yield Static(
                Content.from_markup(
                    "[b]Enter[/b] start    [b]↑↓[/b]/[b]Tab[/b] move    [b]Esc[/b] cancel"
                ),
                id="exam-keys",
            )
        # Its own footer: without one, the home screen's keys show through from below.
        yield KeyBar()

    def on_mount(self) -> None:
        # At once, not with focus() (which waits its turn behind keys already queued).
        self.set_focus(self.query_one("#exam-count", Input))

    def _count(self) -> int | None:
        """The number of questions; None for all of them (blank, or more than there are)."""
        text = self.query_one("#exam-count", Input).value.strip()
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise ValueError(f"Questions must be a whole number from 1 to {self.total}.")
        return value if value < self.total else None

    def _pass_mark(self) -> float:
        text = self.query_one("#exam-pass", Input).value.strip()
        if not text:
            return DEFAULT_PASS_MARK
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 100:
            raise ValueError("The pass mark must be a number from 0 to 100 (e.g. 72.5).")
        return value

    @on(Input.Changed, "#exam-count")
    def _count_changed(self, event: Input.Changed) -> None:
        note = self.query_one("#exam-note", Static)
        text = event.value.strip()
        over = text.isdigit() and int(text) > self.total
        note.display = over
        if over:
            questions = plural(self.total, "question")
            note.update(
                Content.styled(
                    f"There are {questions}: the exam takes all of them.", "$text-accent"
                )
            )

    def _minutes(self) -> float | None:
        text = self.query_one("#exam-time", Input).value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if not 0 < value <= MAX_MINUTES:
            raise ValueError(
                f"The time limit must be more than 0 and at most {MAX_MINUTES} minutes "
                "(e.g. 0.5 or 90)."
            )
        return value

    @on(Input.Submitted)
    def start(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            count = self._count()
            minutes = self._minutes()
            pass_mark = self._pass_mark()
        except ValueError as error:
            self.query_one("#exam-error", Static).update(Content.styled(str(error), "$error"))
            return
        self.dismiss(
            replace(
                self.defaults,
                mode=Mode.EXAM,
                count=count,
                time_limit=timedelta(minutes=minutes) if minutes else None,
                pass_mark=pass_mark,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
