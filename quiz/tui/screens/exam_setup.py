"""Before an exam: how many questions, the time limit and the pass mark, keyboard only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from quiz.bank.model import Bank
from quiz.study.session import Mode, SessionOptions
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import format_number

DEFAULT_PASS_MARK = 70
# The command line's rule (`quiz study --time-limit`): minutes, decimals allowed, up to a day.
MAX_MINUTES = 24 * 60


class ExamSetupScreen(ModalScreen[SessionOptions | None]):
    """Dismissed with the exam's options (Enter) or None (Escape)."""

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
                yield Label("Pass mark, %")
                yield Input(f"{pass_mark:g}", type="integer", id="exam-pass")
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

    def _number(self, field: str, low: int, high: int, what: str) -> int | None:
        text = self.query_one(field, Input).value.strip()
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ValueError(f"{what} must be a whole number from {low} to {high}.")
        return value

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
            count = self._number("#exam-count", 1, self.total, "Questions")
            minutes = self._minutes()
            pass_mark = self._number("#exam-pass", 0, 100, "The pass mark")
        except ValueError as error:
            self.query_one("#exam-error", Static).update(Content.styled(str(error), "$error"))
            return
        self.dismiss(
            replace(
                self.defaults,
                mode=Mode.EXAM,
                count=count,
                time_limit=timedelta(minutes=minutes) if minutes else None,
                pass_mark=float(pass_mark if pass_mark is not None else DEFAULT_PASS_MARK),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
