"""A small dialog that asks for an exam date (YYYY-MM-DD) and says clearly what is wrong with it
(Statistics, ``e``)."""

from __future__ import annotations

from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from quiz.study.days import parse_exam_date
from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.keybar import KeyBar


class ExamDateScreen(QuizModal[tuple[date | None] | None]):
    """Asks for the exam date. Dismissed with ``None`` when cancelled, ``(None,)`` to clear the
    date and ``(day,)`` to set it."""

    CSS_PATH = "dialogs.tcss"  # its styles, read when it is first shown (see app.tcss)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, current: date | None, today: date) -> None:
        super().__init__()
        self.current = current
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-date-dialog"):
            yield Label("Exam date", id="exam-date-title")
            yield Static(
                "The day of your exam, as YYYY-MM-DD. Leave empty to clear it.",
                id="exam-date-help",
            )
            yield Input(
                value=self.current.isoformat() if self.current else "",
                placeholder=(self.today + timedelta(days=30)).isoformat(),
                max_length=10,
                id="exam-date-input",
            )
            yield Static("", id="exam-date-error")
            yield Static("Enter: save · Escape: cancel", id="exam-date-keys")
        # Its own key bar: without one, the keys of the screen below show through.
        yield KeyBar()

    @on(Input.Submitted, "#exam-date-input")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            day = parse_exam_date(event.value, self.today)
        except ValueError as error:
            self.query_one("#exam-date-error", Static).update(Content(str(error)))
            self.query_one("#exam-date-dialog").add_class("-invalid")
            return
        self.dismiss((day,))

    @on(Input.Changed, "#exam-date-input")
    def _changed(self) -> None:
        self.query_one("#exam-date-error", Static).update("")
        self.query_one("#exam-date-dialog").remove_class("-invalid")

    def action_cancel(self) -> None:
        self.dismiss(None)
