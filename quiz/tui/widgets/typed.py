"""Typed answers: one line for short and numeric questions, one line per blank for cloze."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label

from quiz.bank.model import ClozeQuestion, NumericQuestion
from quiz.study.grading import numeric_values
from quiz.tui.widgets.base import AnswerInput


class AnswerField(Input):
    """An Input whose Enter shows in the footer as the way to submit. Tab keeps the focus:
    nothing else on the question screen takes typing, so leaving would send keys nowhere."""

    BINDINGS = [
        Binding("enter", "submit", "Submit", tooltip="type the answer, then Enter"),
        Binding("tab", "cycle(1)", "Stay in the answer", show=False),
        Binding("shift+tab", "cycle(-1)", "Stay in the answer", show=False),
    ]

    def action_cycle(self, step: int) -> None:
        """Tab from a lone answer field stays put (BlankField goes round the blanks)."""


class BlankField(AnswerField):
    """One cloze blank. Enter moves the focus to the next blank (the last blank submits); Tab
    and shift+Tab go round the blanks: nothing else on the question screen takes typing, so
    leaving them would send keys nowhere. (Keys typed fast land in the right blank because the
    app hands on each key only once the one before is done: quiz.tui.typeahead.)"""

    BINDINGS = [
        Binding(
            "enter", "submit", "Next blank", tooltip="Enter: next blank; on the last one, submit"
        ),
        Binding("tab", "cycle(1)", "Next blank (round)", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous blank (round)", show=False),
    ]

    def action_cycle(self, step: int) -> None:
        blanks = list(self.screen.query(BlankField))
        self.screen.set_focus(blanks[(blanks.index(self) + step) % len(blanks)])

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            blanks = list(self.screen.query(BlankField))
            after = blanks[blanks.index(self) + 1 :]
            if after:
                self.screen.set_focus(after[0])
            else:
                self.post_message(self.Submitted(self, self.value))
            return
        await super()._on_key(event)


class TypedInput(AnswerInput):
    """Short and numeric answers. Response: the text exactly as typed."""

    EMPTY_MESSAGE = "Type an answer first, then press Enter."
    takes_text = True

    def compose(self) -> ComposeResult:
        numeric = isinstance(self.item.question, NumericQuestion)
        yield AnswerField(
            placeholder="type a number" if numeric else "type your answer",
            select_on_focus=False,
            id="typed",
        )

    def on_mount(self) -> None:
        self.query_one(AnswerField).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    NOT_A_NUMBER = "Type a number, e.g. 1991 or 3.14."

    def refusal(self) -> str | None:
        # Letters in a number answer are a slip, not an answer to grade wrong.
        text = self.response()
        if text is not None and isinstance(self.question, NumericQuestion):
            return None if numeric_values(self.question, text) else self.NOT_A_NUMBER
        return super().refusal()

    def response(self) -> str | None:
        value = self.query_one(AnswerField).value
        return value if value.strip() else None


class ClozeInput(AnswerInput):
    """One line per blank, labelled like the prompt's ``[1] _____``. Enter moves to the next
    blank and submits from the last one. Response: a tuple with one string per blank."""

    EMPTY_MESSAGE = "Fill in at least one blank first."
    takes_text = True

    def compose(self) -> ComposeResult:
        question = self.item.question
        assert isinstance(question, ClozeQuestion)
        for n in range(len(question.blanks)):
            with Horizontal(classes="blank-row"):
                yield Label(f"[{n + 1}]", markup=False, classes="blank-label")
                # Compact (one line each) so that five blanks still fit an 80x24 terminal.
                yield BlankField(placeholder=f"blank {n + 1}", select_on_focus=False, compact=True)

    def on_mount(self) -> None:
        self.fields[0].focus()

    @property
    def fields(self) -> list[BlankField]:
        return list(self.query(BlankField))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Only the last blank submits; the others move the focus on (BlankField).
        event.stop()
        self.submit()

    def __init__(self, item, **kwargs) -> None:
        super().__init__(item, **kwargs)
        self._asked: tuple[int, ...] = ()  # the empty blanks the learner was asked about

    def refusal(self) -> str | None:
        """A blank left empty is asked about once (Enter on the last blank would otherwise
        submit it unseen); Enter again submits the answer as it stands."""
        refusal = super().refusal()
        if refusal is not None:
            return refusal
        empty = tuple(n for n, f in enumerate(self.fields, start=1) if not f.value.strip())
        if empty and empty != self._asked:
            self._asked = empty
            names = ", ".join(f"[{n}]" for n in empty)
            verb = "is" if len(empty) == 1 else "are"
            return f"Blank {names} {verb} empty: fill it in, or press Enter again to submit."
        return None

    def pending(self) -> tuple[str, ...] | None:
        # An exam's time up grades what stands, empty blanks and all.
        return self.response()

    def response(self) -> tuple[str, ...] | None:
        values = tuple(field.value for field in self.fields)
        return values if any(v.strip() for v in values) else None
