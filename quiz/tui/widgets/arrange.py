"""Answer inputs that arrange things: match (a pick for each left item) and order (a list to
put in sequence)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from quiz.bank.model import MatchQuestion, OrderQuestion
from quiz.study.session import Item
from quiz.tui.widgets.base import AnswerInput, digit_bindings, literal


def _permutation(order: tuple[int, ...], count: int) -> tuple[int, ...]:
    return order if sorted(order) == list(range(count)) else tuple(range(count))


class MatchInput(AnswerInput, can_focus=True):
    """For each left item (in the bank's order) pick one of the numbered right-hand options,
    shown in the item's shuffled order: a digit picks option N and moves on to the next row,
    arrows choose the row, left/right cycle, 0 clears. Response: for each left item, the right
    text picked; None (refused) until every row has a pick."""

    BINDINGS = [
        *digit_bindings("pick", "Pick, next row"),
        Binding("0,backspace,delete", "clear", "Clear pick", show=False),
        Binding("up,k", "move(-1)", "Previous item", show=False),
        Binding("down,j", "move(1)", "Next item", show=False),
        Binding("left", "cycle(-1)", "Previous option", show=False),
        Binding("right", "cycle(1)", "Next option", show=False),
        Binding("enter", "submit", "Submit"),
    ]
    # Like multi's empty answer: a row left blank is more likely a slip than a choice.
    EMPTY_MESSAGE = "Pick a match for every row first (digits pick)."

    def __init__(self, item: Item, **kwargs) -> None:
        super().__init__(item, **kwargs)
        question = item.question
        assert isinstance(question, MatchQuestion)
        self.lefts: tuple[str, ...] = question.lefts
        rights = question.rights
        self.order = _permutation(tuple(item.order), len(rights))
        self.options: list[str] = [rights[i] for i in self.order]
        self.picks: list[int | None] = [None] * len(self.lefts)
        self.cursor = 0
        # Short left items are padded so the arrows line up; long ones just wrap.
        widest = max((Content(left).cell_length for left in self.lefts), default=0)
        self._left_width = widest if widest <= 30 else 0

    def compose(self) -> ComposeResult:
        yield Static(
            # One line at 80 columns, so that the options below still fit an 80x24 screen.
            "Match: 1-9 picks and moves on to the next row · ↑↓ row · ←→ cycle · 0 clear",
            markup=False,
            classes="input-help",
        )
        for _ in self.lefts:
            yield Static(markup=False, classes="match-row")
        lines = [Content.styled("Options", "bold")]
        lines += [
            Content.assemble((f"{n}.", "bold"), " ", literal(text))
            for n, text in enumerate(self.options, start=1)
        ]
        yield Static(Content("\n").join(lines), classes="match-options")

    def on_mount(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        for n, row in enumerate(self.query(".match-row").results(Static)):
            pick = self.picks[n]
            right = (
                Content.assemble((f"{pick + 1}.", "bold"), " ", literal(self.options[pick]))
                if pick is not None
                else Content.styled("?", "dim")
            )
            marker = "▸ " if n == self.cursor else "  "
            if pick is not None and self.picks.count(pick) > 1:
                right = Content.assemble(right, ("  (also another row's)", "$warning"))
            row.set_class(n == self.cursor, "-cursor")
            left = literal(self.lefts[n])
            if self._left_width:
                left = left.pad_right(self._left_width - left.cell_length)
            row.update(Content.assemble(marker, left, "  →  ", right))

    def _show_cursor(self) -> None:
        self.refresh_rows()
        rows = list(self.query(".match-row"))
        if rows:
            rows[self.cursor].scroll_visible(immediate=True)

    def action_pick(self, n: int) -> None:
        if n < len(self.options):
            row = self.cursor
            self.picks[row] = n
            self.cursor = min(self.cursor + 1, len(self.lefts) - 1)
            self._show_cursor()
            self._say_if_taken(row)

    def _say_if_taken(self, row: int) -> None:
        """Each option matches one row: say so when a pick is another row's too."""
        pick = self.picks[row]
        others = [n + 1 for n, p in enumerate(self.picks) if p == pick and n != row]
        if pick is not None and others:
            self.notify(
                f"Option {pick + 1} is also the pick of row {others[0]}: each option matches"
                " one row.",
                severity="warning",
                timeout=4,
                markup=False,
            )

    def action_clear(self) -> None:
        self.picks[self.cursor] = None
        self._show_cursor()

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.lefts) - 1, self.cursor + delta))
        self._show_cursor()

    def action_cycle(self, delta: int) -> None:
        pick = self.picks[self.cursor]
        count = len(self.options)
        self.picks[self.cursor] = (
            (0 if delta > 0 else count - 1) if pick is None else (pick + delta) % count
        )
        self._show_cursor()
        self._say_if_taken(self.cursor)

    def action_submit(self) -> None:
        self.submit()

    def response(self) -> tuple[str | None, ...] | None:
        if any(p is None for p in self.picks):
            return None
        return tuple(None if p is None else self.options[p] for p in self.picks)


class OrderInput(AnswerInput, can_focus=True):
    """Put the items in order: arrows (or j/k) move the cursor, ctrl+arrows (or shift+arrows,
    J/K) move the item under it. Response: the items' indexes in the bank, in the learner's
    order."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous item", show=False),
        Binding("down,j", "move(1)", "Next item", show=False),
        Binding("ctrl+up,shift+up,K", "shift(-1)", "Move up", key_display="^↑"),
        Binding("ctrl+down,shift+down,J", "shift(1)", "Move down", key_display="^↓"),
        Binding("enter", "submit", "Submit"),
    ]

    def __init__(self, item: Item, **kwargs) -> None:
        super().__init__(item, **kwargs)
        question = item.question
        assert isinstance(question, OrderQuestion)
        self.items: tuple[str, ...] = question.items
        self.current: list[int] = list(_permutation(tuple(item.order), len(self.items)))
        self.cursor = 0
        self.moved = False

    def compose(self) -> ComposeResult:
        yield Static(
            "Put these in order: ↑↓ choose, ctrl+↑↓ (or shift+↑↓, K/J) move.",
            markup=False,
            classes="input-help",
        )
        for _ in self.items:
            yield Static(markup=False, classes="order-row")

    def on_mount(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        for n, row in enumerate(self.query(".order-row").results(Static)):
            marker = "▸ " if n == self.cursor else "  "
            row.set_class(n == self.cursor, "-cursor")
            row.update(
                Content.assemble(
                    marker, (f"{n + 1}.", "bold"), " ", literal(self.items[self.current[n]])
                )
            )

    def _show_cursor(self) -> None:
        self.refresh_rows()
        list(self.query(".order-row"))[self.cursor].scroll_visible(immediate=True)

    def action_move(self, delta: int) -> None:
        self.cursor = max(0, min(len(self.items) - 1, self.cursor + delta))
        self._show_cursor()

    def action_shift(self, delta: int) -> None:
        target = self.cursor + delta
        if 0 <= target < len(self.items):
            cur = self.current
            cur[self.cursor], cur[target] = cur[target], cur[self.cursor]
            self.cursor = target
            self.moved = True
            self._show_cursor()

    def action_submit(self) -> None:
        self.submit()

    def response(self) -> tuple[int, ...]:
        return tuple(self.current)

    def pending(self) -> tuple[int, ...] | None:
        # The scrambled start is no answer the learner gave: submitting it takes an Enter.
        return self.response() if self.moved else None
