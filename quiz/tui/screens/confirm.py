"""A yes/no question in a small dialog: ``ModalScreen[bool]``, opened with a callback."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from quiz.tui.widgets.keybar import KeyBar


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True (y or Enter) or False (n or Escape)."""

    CSS_PATH = "dialogs.tcss"  # its styles, read when it is first shown (see app.tcss)

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(Content.styled(self.question, "bold"), id="confirm-question")
            if self.detail:
                yield Static(self.detail, markup=False, id="confirm-detail")
            yield Static(
                Content.from_markup("[b]y[/b]/[b]Enter[/b] yes    [b]n[/b]/[b]Esc[/b] no"),
                id="confirm-keys",
            )
        # Its own footer: without one, the screen below shows through with its own keys.
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
