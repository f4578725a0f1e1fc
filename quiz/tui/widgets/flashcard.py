"""Flashcards: space reveals the back, then the learner grades themself 1-4 (as in Anki)."""

from __future__ import annotations

import time
from datetime import timedelta

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from quiz.bank.model import FlashcardQuestion
from quiz.study.scheduler import Rating, format_interval
from quiz.tui.widgets.base import AnswerInput, literal

RATINGS = {1: Rating.AGAIN, 2: Rating.HARD, 3: Rating.GOOD, 4: Rating.EASY}


class FlashcardInput(AnswerInput, can_focus=True):
    """Response: the learner's Rating. ``answered_at`` is when the back was revealed: the
    time to recall is the response time, not the time spent choosing a grade."""

    BINDINGS = [
        Binding("space", "reveal", "Reveal"),
        Binding("enter", "reveal", "Reveal", show=False),
        Binding("1", "rate(1)", "Again"),
        Binding("2", "rate(2)", "Hard"),
        Binding("3", "rate(3)", "Good"),
        Binding("4", "rate(4)", "Easy"),
    ]
    EMPTY_MESSAGE = "Press space to see the answer, then grade yourself 1-4."

    def __init__(self, item, **kwargs) -> None:
        super().__init__(item, **kwargs)
        self.revealed = False
        self.rating: Rating | None = None
        # When each grade would bring the card back (the question screen asks the session);
        # None where the schedule does not change (cram).
        self.intervals: dict[Rating, timedelta] | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("Recall the answer, then press space to reveal it.", "dim"),
            id="card-back",
        )

    def action_reveal(self) -> None:
        self.revealed = True
        self.answered_at = time.monotonic()
        question = self.item.question
        assert isinstance(question, FlashcardQuestion)
        parts = [Content.styled("Answer", "bold"), literal(question.answer)]
        if question.explanation:
            parts += [Content(""), literal(question.explanation, "italic")]
        parts += [Content(""), self.grades()]
        self.query_one("#card-back", Static).update(Content("\n").join(parts))
        self.add_class("-revealed")
        self.refresh_bindings()

    def grades(self) -> Content:
        """ "How well did you know it?  1 Again 10m · 2 Hard 1d · 3 Good 3d · 4 Easy 8d"."""
        keys = []
        for n, rating in RATINGS.items():
            when = self.intervals.get(rating) if self.intervals else None
            later = f" {format_interval(when)}" if when is not None else ""
            keys.append(Content.assemble((str(n), "bold"), f" {rating.name.capitalize()}{later}"))
        return Content.assemble("How well did you know it?  ", Content(" · ").join(keys))

    def action_rate(self, n: int) -> None:
        self.rating = RATINGS[n]
        self.submit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.revealed
        if action == "reveal":
            return not self.revealed
        return True

    def response(self) -> Rating | None:
        return self.rating
