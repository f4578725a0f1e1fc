"""Typed answers: one line for short and numeric questions, one line per blank for cloze."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label

from quiz.bank.model import NumericQuestion
from quiz.tui.widgets.base import AnswerInput


class AnswerField(Input):
    """An Input whose Enter shows in the footer as the way to submit."""

    BINDINGS = [Binding("enter", "submit", "Submit")]


class TypedInput(AnswerInput):
    """Short and numeric answers. Response: the text exactly as typed."""

    EMPTY_MESSAGE = "Type an answer first, then press Enter."
    takes_text = True

    def compose(self) -> ComposeResult:
        numeric = isinstance(self.item.question, NumericQuestion)
        yield AnswerField(
            placeholder="a number, e.g. 3.14" if numeric else "type your answer",
            select_on_focus=False,
            id="typed",
        )

    def on_mount(self) -> None:
        self.query_one(AnswerField).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def response(self) -> str | None:
        value = self.query_one(AnswerField).value
        return value if value.strip() else None


class ClozeInput(AnswerInput):
    """One line per blank, labelled like the prompt's ``[1] _____``. Enter moves to the next
    blank and submits from the last one. Response: a tuple with one string per blank."""

    EMPTY_MESSAGE = "Fill in at least one blank first."
    takes_text = True

    def compose(self) -> ComposeResult:
        for n in range(len(self.item.question.blanks)):
            with Horizontal(classes="blank-row"):
                yield Label(f"[{n + 1}]", markup=False, classes="blank-label")
                # Compact (one line each) so that five blanks still fit an 80x24 terminal.
                yield AnswerField(
                    placeholder=f"blank {n + 1}", select_on_focus=False, compact=True
                )

    def on_mount(self) -> None:
        self.fields[0].focus()

    @property
    def fields(self) -> list[AnswerField]:
        return list(self.query(AnswerField))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = self.fields
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.submit()

    def response(self) -> tuple[str, ...] | None:
        values = tuple(field.value for field in self.fields)
        return values if any(v.strip() for v in values) else None
