"""What every answer input shares: the Submitted message, the empty-answer rule, literal text.

Each question type has its own input widget (choice list, checkboxes, typed answer, cloze
blanks, match picks, order list, flashcard). The question screen only knows this base: it asks
``response()`` when the learner submits and hands the result to the engine as is.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from quiz.study.grading import Response
from quiz.study.session import Item


def literal(text: str, style: str = "") -> Content:
    """Bank text as a Content that is never parsed as markup."""
    return Content.styled(text, style) if style else Content(text)


def digit_bindings(action: str, description: str, count: int = 9) -> list[Binding]:
    """``1``..``9`` bound to ``action(0)``..``action(8)``; the footer shows them once as 1-9."""
    return [
        Binding(
            str(n + 1),
            f"{action}({n})",
            description,
            key_display="1-9",
            show=n == 0,
        )
        for n in range(count)
    ]


class AnswerInput(Widget):
    """Base class of the per-type answer inputs."""

    # What the learner is told when they submit nothing.
    EMPTY_MESSAGE = "Choose an answer first."

    @dataclass
    class Submitted(Message):
        """The learner pressed Enter (or graded a flashcard): ask ``response()`` now."""

        answer_input: AnswerInput

        @property
        def control(self) -> AnswerInput:
            return self.answer_input

    # Typed inputs swallow printable keys (``h``, ``?``), so the screen offers other keys.
    takes_text = False

    def __init__(self, item: Item, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.item = item
        # When the learner committed to an answer (time.monotonic()); None: when submitted.
        self.answered_at: float | None = None

    @property
    def question(self):  # noqa: ANN201 - the concrete Question subclass varies per input
        return self.item.question

    def response(self) -> Response | None:
        """The answer in the engine's response shape, or None when nothing was given."""
        raise NotImplementedError

    def refusal(self) -> str | None:
        """Why the answer cannot be submitted as it stands (told to the learner, nothing is
        graded), or None. By default: nothing given yet."""
        return self.EMPTY_MESSAGE if self.response() is None else None

    def pending(self) -> Response | None:
        """The answer as it stands on screen, if the learner has given one (an exam's time
        up grades it as if submitted), else None."""
        return self.response() if self.refusal() is None else None

    def submit(self) -> None:
        self.post_message(self.Submitted(self))

    def show_item(self, item: Item) -> bool:
        """Take ``item`` (the next question) in place, as a new input would show it; False
        when this input cannot, and a new one is mounted instead. Updating in place keeps the
        focus where it is: removing the focused input and mounting another restyled both."""
        return False
