"""Answer inputs with options on screen: one choice (also true/false) and checkboxes (multi).

Digits pick an option directly, the arrow keys move, Enter submits (the Keys contract).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

from quiz.bank.model import ChoiceQuestion, MultiQuestion
from quiz.study.session import Item
from quiz.tui.widgets.base import AnswerInput, digit_bindings, literal


class OptionRow(Horizontal):
    """One option: a marker and its number, then the bank's text (literal) in a column of its
    own, so that a long option wraps under its first line rather than under the marker."""

    def __init__(self, number: int, text: str) -> None:
        super().__init__(classes="option-row")
        self.number = number
        self.text = text
        self._shown: tuple[str, bool, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Static(markup=False, classes="option-mark")
        yield Static(literal(self.text), markup=False, classes="option-text")

    def show_text(self, text: str) -> None:
        """The next question's option in this row (laid out again only if it changed)."""
        if text != self.text:
            self.text = text
            self.query_one(".option-text", Static).update(literal(text))

    def show(self, marker: str, *, cursor: bool, on: bool) -> None:
        # A digit changes one or two rows of several: the others are left alone, and a
        # marker that changes keeps its width, so no row is laid out again (each layout and
        # restyle is felt between the key and the screen).
        state = (marker, cursor, on)
        if state == self._shown:
            return
        first = self._shown is None
        self._shown = state
        # Both classes in one change: each change restyles the row and its children.
        self.update_classes({"-cursor": cursor, "-on": on})
        self.query_one(".option-mark", Static).update(
            Content.assemble(f"{marker} ", (f"{self.number}", "bold"), "  "), layout=first
        )


class OptionsInput(AnswerInput, can_focus=True):
    """Shared by the single- and multiple-choice inputs: rows, a cursor, scrolling."""

    def __init__(self, item: Item, texts: list[str], **kwargs) -> None:
        super().__init__(item, **kwargs)
        self.texts = texts
        self.order: tuple[int, ...] = ()  # each option's index in the bank
        self.cursor: int | None = None

    def compose(self) -> ComposeResult:
        for n, text in enumerate(self.texts, start=1):
            yield OptionRow(n, text)

    def on_mount(self) -> None:
        self.refresh_rows()

    def show_item(self, item: Item) -> bool:
        # The next question of the same type with as many options: the rows take its texts.
        if item.question.type != self.item.question.type:
            return False
        texts, order = self.options_for(item)
        if len(texts) != len(self.texts) or not self.is_mounted:
            return False
        self.item = item
        self.answered_at = None
        self.texts = texts
        self.order = order
        self.clear_answer()
        for row, text in zip(self.rows, texts, strict=True):
            row.show_text(text)
        self.refresh_rows()
        self.scroll_home(animate=False, immediate=True)
        return True

    def options_for(self, item: Item) -> tuple[list[str], tuple[int, ...]]:
        raise NotImplementedError

    def clear_answer(self) -> None:
        """Back to the state of a new input: nothing picked."""
        raise NotImplementedError

    @property
    def rows(self) -> list[OptionRow]:
        return list(self.query(OptionRow))

    def refresh_rows(self) -> None:
        raise NotImplementedError

    def pick_row(self, n: int) -> None:
        """What a digit does to option ``n`` (0-based): select it, or toggle it."""
        raise NotImplementedError

    def on_click(self, event: events.Click) -> None:
        # The keyboard is the way in; a click on an option does what its digit does.
        row: DOMNode | None = event.widget
        while row is not None and row is not self and not isinstance(row, OptionRow):
            row = row.parent
        if isinstance(row, OptionRow):
            self.focus()
            self.pick_row(row.number - 1)

    def move_cursor(self, delta: int) -> None:
        count = len(self.texts)
        if self.cursor is None:
            self.cursor = 0 if delta > 0 else count - 1
        else:
            self.cursor = max(0, min(count - 1, self.cursor + delta))
        self.refresh_rows()
        self.rows[self.cursor].scroll_visible(immediate=True)


class ChoiceInput(OptionsInput):
    """One answer: the cursor is the selection. Response: the choice's index in the bank."""

    BINDINGS = [
        *digit_bindings("pick", "Select"),
        Binding("up", "move(-1)", "Previous option", show=False),
        Binding("down", "move(1)", "Next option", show=False),
        Binding("enter", "submit", "Submit"),
    ]

    def __init__(self, item: Item, **kwargs) -> None:
        texts, order = self.options_for(item)
        super().__init__(item, texts, **kwargs)
        self.order = order

    @staticmethod
    def options_for(item: Item) -> tuple[list[str], tuple[int, ...]]:
        """The option texts in display order, and each one's index in the bank."""
        question = item.question
        assert isinstance(question, ChoiceQuestion | MultiQuestion)
        choices = question.choices
        order = tuple(item.order)
        if sorted(order) != list(range(len(choices))):
            order = tuple(range(len(choices)))
        return [choices[i].text for i in order], order

    def clear_answer(self) -> None:
        self.cursor = None

    def refresh_rows(self) -> None:
        for n, row in enumerate(self.rows):
            on = n == self.cursor
            row.show("(•)" if on else "( )", cursor=on, on=on)

    def pick_row(self, n: int) -> None:
        self.action_pick(n)

    def action_pick(self, n: int) -> None:
        if n < len(self.texts):
            self.cursor = n
            self.refresh_rows()
            self.rows[n].scroll_visible(immediate=True)

    def action_move(self, delta: int) -> None:
        self.move_cursor(delta)

    def action_submit(self) -> None:
        self.submit()

    def response(self) -> int | None:
        return None if self.cursor is None else self.order[self.cursor]


class TrueFalseInput(ChoiceInput, inherit_bindings=False):
    """True/false: 1 or t for true, 2 or f for false. Response: a bool."""

    BINDINGS = [
        Binding("1,t", "pick(0)", "True", key_display="1/t"),
        Binding("2,f", "pick(1)", "False", key_display="2/f"),
        Binding("up", "move(-1)", "Previous option", show=False),
        Binding("down", "move(1)", "Next option", show=False),
        Binding("enter", "submit", "Submit"),
    ]

    @staticmethod
    def options_for(item: Item) -> tuple[list[str], tuple[int, ...]]:
        return ["True", "False"], (0, 1)

    def response(self) -> bool | None:
        return None if self.cursor is None else self.cursor == 0


class MultiInput(OptionsInput):
    """Several answers: digits (or space on the cursor row) toggle, Enter submits.
    Response: the frozenset of the picked choices' indexes in the bank."""

    BINDINGS = [
        *digit_bindings("tick", "Toggle"),
        Binding("space", "toggle_cursor", "Toggle option at cursor", show=False),
        Binding("up", "move(-1)", "Previous option", show=False),
        Binding("down", "move(1)", "Next option", show=False),
        Binding("enter", "submit", "Submit"),
    ]
    EMPTY_MESSAGE = "Tick at least one option first (digits toggle)."

    def __init__(self, item: Item, **kwargs) -> None:
        texts, order = self.options_for(item)
        super().__init__(item, texts, **kwargs)
        self.order = order
        self.checked: set[int] = set()
        # The cursor starts on the first option, shown: Down then Space ticks the second,
        # the one under the cursor (from no cursor, Down would land on the first).
        self.cursor = 0

    @staticmethod
    def options_for(item: Item) -> tuple[list[str], tuple[int, ...]]:
        return ChoiceInput.options_for(item)

    def clear_answer(self) -> None:
        self.checked = set()
        self.cursor = 0

    def refresh_rows(self) -> None:
        for n, row in enumerate(self.rows):
            on = n in self.checked
            row.show("[x]" if on else "[ ]", cursor=n == self.cursor, on=on)

    def pick_row(self, n: int) -> None:
        self.action_tick(n)

    def action_tick(self, n: int) -> None:
        if n < len(self.texts):
            self.checked ^= {n}
            self.cursor = n
            self.refresh_rows()
            self.rows[n].scroll_visible(immediate=True)

    def action_toggle_cursor(self) -> None:
        if self.cursor is None:
            self.move_cursor(1)
        else:
            self.action_tick(self.cursor)

    def action_move(self, delta: int) -> None:
        self.move_cursor(delta)

    def action_submit(self) -> None:
        self.submit()

    def response(self) -> frozenset[int] | None:
        if not self.checked:
            return None
        return frozenset(self.order[n] for n in self.checked)
