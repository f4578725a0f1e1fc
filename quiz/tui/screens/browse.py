"""The browse screen: every question of one bank with its answer, searchable.

For a teacher checking a bank and a learner revising: a list of the questions (filtered by the
search box, ``tag:NAME`` for one tag, or to the flagged cards) and the highlighted question in
full below it, or beside it in a wide terminal. From here the learner studies the questions
listed, and flags, suspends or buries the highlighted one (the keys Anki uses: ``@`` suspends,
``-`` buries).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Static

from quiz.bank.model import Bank, ClozeQuestion, Question
from quiz.study.modes import Mode
from quiz.study.types import SessionOptions
from quiz.tui.flow import SAVE_ERRORS, save_failed
from quiz.tui.messages import StartSession
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.keybar import KeyBar
from quiz.tui.widgets.question_detail import QuestionDetail, searchable_text

# Short type names for the list; the detail pane spells them out.
TYPE_LABELS: dict[str, str] = {
    "choice": "choice",
    "multi": "multi",
    "true_false": "true/false",
    "short": "short",
    "numeric": "numeric",
    "cloze": "cloze",
    "match": "match",
    "order": "order",
    "flashcard": "flashcard",
}
TYPE_WIDTH = max(len(label) for label in TYPE_LABELS.values())
WIDE = 110  # from this terminal width on, the detail sits beside the list
BIG_BANK = 1000  # from this many questions on, the search waits for a pause in the typing
# The marks column: one cell per mark, so a card can show all three.
FLAG, SUSPENDED, BURIED = "⚑", "⊘", "↓"
MARKS_WIDTH = 3
TAG = "tag:"  # a search word that names one tag exactly: "tag:geo"


def one_line(question: Question) -> str:
    """The prompt on a single line, as the list shows it."""
    text = question.display_prompt() if isinstance(question, ClozeQuestion) else question.prompt
    return " ".join(text.split())


def matches(haystack: str, query: str, tags: tuple[str, ...] = ()) -> bool:
    """Every word of the query appears somewhere (case-insensitive), in any order; a word
    ``tag:NAME`` asks for a question tagged exactly NAME (among ``tags``)."""
    folded = {t.casefold() for t in tags}
    for word in query.casefold().split():
        if word.startswith(TAG) and len(word) > len(TAG):
            if word[len(TAG) :] not in folded:
                return False
        elif word not in haystack:
            return False
    return True


class BrowseScreen(QuizScreen[None]):
    """All questions of ``bank`` with answers and explanations; ``/`` searches."""

    CSS_PATH = "browse.tcss"  # its styles, read when it is first shown (see app.tcss)

    TITLE = "Browse"

    BINDINGS = [
        # One of the two shows: launched straight here (quiz study --mode), leaving quits.
        Binding("escape", "back(False)", "Back"),
        Binding("escape", "back(True)", "Quit", tooltip="when started with quiz study --mode"),
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("s", "study", "Study these", tooltip="a quiz on the questions listed"),
        Binding("f", "mark('flag')", "Flag", tooltip="flag or unflag the highlighted card"),
        Binding(
            "F", "only_flagged", "Flagged", key_display="F", tooltip="list only the flagged cards"
        ),
        Binding(
            "at", "mark('suspend')", "Suspend", key_display="@", tooltip="out of every session"
        ),
        Binding("minus", "mark('bury')", "Bury", key_display="-", tooltip="out until tomorrow"),
        Binding("down", "to_list", "To the list", show=False, tooltip="from the search box"),
    ]

    def __init__(self, bank: Bank) -> None:
        super().__init__()
        self.bank = bank
        self._haystacks = {q.id: searchable_text(q) for q in bank.questions}
        self._number = {q.id: n for n, q in enumerate(bank.questions, start=1)}
        self.shown: list[Question] = list(bank.questions)
        self._list_width = 0
        self._selected: str | None = None  # id of the question in the detail pane
        self._search_timer: Timer | None = None
        self.only_flagged = False

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(("Browse", "bold"), (" · ", "$text-muted"), self.bank.title),
            id="browse-title",
        )
        if self.bank.description:
            # In full (home cuts it to a few lines); a very long one scrolls in its own box.
            yield Static(Content(self.bank.description), id="browse-description")
        with Horizontal(id="browse-search-row"):
            yield Label("Search", id="browse-search-label")
            yield Input(
                placeholder="prompts, answers, tags (tag:name), explanations  ( / )",
                compact=True,
                id="browse-search",
            )
            yield Label(self._count_text(), id="browse-count")
        with Container(id="browse-main"):
            yield DataTable(id="browse-list", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="browse-detail-scroll"):
                yield Static(id="browse-marks")
                yield QuestionDetail(id="browse-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#browse-list", DataTable).focus()
        self._populate()

    def _count_text(self) -> str:
        count = f"{len(self.shown)} of {len(self.bank.questions)}"
        return f"{count} {FLAG}" if self.only_flagged else count

    def _marks(self, question: Question) -> Text:
        """The marks column: flagged, suspended, buried today."""
        store, key = self.quiz.store, self.bank.key(question)
        marks = (
            (FLAG, "bold yellow", store.is_flagged(key)),
            (SUSPENDED, "bold red", store.is_suspended(key)),
            (BURIED, "bold", store.is_buried(key, self.quiz.clock())),
        )
        return Text.assemble(*((mark, style) if on else " " for mark, style, on in marks))

    def _prompt_width(self) -> int:
        table = self.query_one("#browse-list", DataTable)
        number_width = len(str(len(self.bank.questions)))
        # Each column has one cell of padding on either side; leave room for the scrollbar.
        used = (MARKS_WIDTH + 2) + (number_width + 2) + (TYPE_WIDTH + 2) + 2 + 2
        return max(12, table.size.width - used)

    def _populate(self, keep: str | None = None) -> None:
        """Fill the list with the questions shown, keeping the cursor on ``keep`` if present."""
        table = self.query_one("#browse-list", DataTable)
        width = self._prompt_width()
        self._list_width = table.size.width
        table.clear(columns=True)
        table.add_column("", width=MARKS_WIDTH, key="marks")
        table.add_column("#", width=len(str(len(self.bank.questions))), key="number")
        table.add_column("Type", width=TYPE_WIDTH, key="type")
        table.add_column("Prompt", width=width, key="prompt")
        for q in self.shown:
            prompt = Text(one_line(q), no_wrap=True)
            prompt.truncate(width, overflow="ellipsis")
            table.add_row(
                self._marks(q),
                Text(str(self._number[q.id]), justify="right"),
                Text(TYPE_LABELS.get(q.type, q.type)),
                prompt,
                key=q.id,
            )
        ids = [q.id for q in self.shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        self.query_one("#browse-count", Label).update(self._count_text())
        self._show(self.shown[table.cursor_row] if self.shown else None)
        self.refresh_bindings()  # study and the marks need a question listed

    def _show(self, question: Question | None) -> None:
        detail = self.query_one("#browse-detail", QuestionDetail)
        self._show_marks(question)
        if question is not None:
            self._selected = question.id
            detail.show_question(question, bank=self.bank, number=self._number[question.id])
        elif not self.bank.questions:
            detail.show_message("This bank has no questions.")
        elif self.only_flagged and not self._flagged():
            detail.show_message("No card of this bank is flagged: f flags the highlighted one.")
        else:
            query = self.query_one("#browse-search", Input).value
            where = " among the flagged cards" if self.only_flagged else ""
            detail.show_message(f"No question matches “{query}”{where}. Escape clears the search.")
        self.query_one("#browse-detail-scroll").scroll_home(animate=False)

    def _show_marks(self, question: Question | None) -> None:
        """Above the detail: the highlighted card's marks in words."""
        marks = self.query_one("#browse-marks", Static)
        words = []
        if question is not None:
            key, store = self.bank.key(question), self.quiz.store
            if store.is_flagged(key):
                words.append(f"{FLAG} Flagged")
            if store.is_suspended(key):
                words.append(f"{SUSPENDED} Suspended: in no session until @ again")
            if store.is_buried(key, self.quiz.clock()):
                words.append(f"{BURIED} Buried: back tomorrow, or now with - again")
        marks.display = bool(words)
        marks.update(Content.styled(" · ".join(words), "bold $text-warning"))

    def _flagged(self) -> set[str]:
        return set(self.quiz.store.flagged_keys())

    @property
    def current(self) -> Question | None:
        """The question shown in the detail pane."""
        table = self.query_one("#browse-list", DataTable)
        if not self.shown:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    @on(DataTable.RowHighlighted, "#browse-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            question = self.bank.question(event.row_key.value)
            if question is not None:
                self._show(question)

    @on(Input.Changed, "#browse-search")
    def _search(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if len(self.bank.questions) > BIG_BANK:
            # Refilling the list costs ~60 ms per 1,000 rows (measured): wait for a pause in
            # the typing rather than refill it on every key.
            self._search_timer = self.set_timer(0.25, lambda: self._filter(event.value))
        else:
            self._filter(event.value)

    def _filter(self, query: str | None = None) -> None:
        self._search_timer = None
        if query is None:
            query = self.query_one("#browse-search", Input).value
        flagged = self._flagged() if self.only_flagged else None
        self.shown = [
            q
            for q in self.bank.questions
            if matches(self._haystacks[q.id], query, q.tags)
            and (flagged is None or self.bank.key(q) in flagged)
        ]
        # The question last shown stays selected when it is still in the list.
        self._populate(self._selected)

    @on(Input.Submitted, "#browse-search")
    def _search_done(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:  # a big bank still waiting for the pause
            self._search_timer.stop()
            self._filter(event.value)
        # With no match there is nothing to go to: stay in the box to change the search.
        if self.shown:
            self.query_one("#browse-list", DataTable).focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")
        # The list's width is known only after layout: refit the prompts then.
        self.after_refresh(self._refit)

    def _refit(self) -> None:
        table = self.query_one("#browse-list", DataTable)
        if table.size.width != self._list_width:
            self._populate(self._selected)

    def on_screen_resume(self) -> None:
        # Back from a session started here: its answers may have flagged or buried cards.
        if self.is_mounted:
            self._filter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return parameters[0] == self.quiz.quits_at_home
        # Asked of the current screen by the key bar of any screen (the actions named
        # "screen.…"), even while this one is still being mounted: the focus is there already.
        focused = self.focused
        typing = focused is not None and focused.id == "browse-search"
        if action == "to_list":
            return typing and bool(self.shown)
        # While typing in the search box, "/" is a character like any other.
        if action == "focus_search":
            return not typing
        if action in ("study", "mark"):
            return None if not self.shown else True  # shown, but nothing to act on
        return True

    def action_focus_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_to_list(self) -> None:
        self.query_one("#browse-list", DataTable).focus()

    def action_only_flagged(self) -> None:
        self.only_flagged = not self.only_flagged
        self._filter()

    def action_study(self) -> None:
        """A quiz on the questions listed, in their order: what the search, a tag or the
        flagged filter selected."""
        keys = tuple(self.bank.key(q) for q in self.shown)
        if keys:
            self.post_message(StartSession([self.bank], SessionOptions(mode=Mode.QUIZ, keys=keys)))

    def action_mark(self, what: str) -> None:
        """Flag, suspend or bury the highlighted card, or take the mark off again."""
        question = self.current
        if question is None:
            return
        store, key, now = self.quiz.store, self.bank.key(question), self.quiz.clock()
        try:
            if what == "flag":
                on = not store.is_flagged(key)
                store.flag(key, on, now=now)
                said = "Flagged" if on else "Flag taken off"
            elif what == "suspend":
                on = not store.is_suspended(key)
                store.suspend(key, on, now=now)
                said = "Suspended: in no session until @ again" if on else "Unsuspended"
            else:
                on = not store.is_buried(key, now)
                store.bury(key, on, now=now)
                said = "Buried until tomorrow" if on else "Unburied: back in sessions"
        except SAVE_ERRORS as error:
            save_failed(self.quiz, error)
            return
        self.notify(f"{said}: question {self._number[question.id]}", timeout=3, markup=False)
        if what == "flag" and self.only_flagged and not on:
            self._filter()  # no longer flagged: it leaves the list
            return
        table = self.query_one("#browse-list", DataTable)
        table.update_cell(question.id, "marks", self._marks(question))
        self._show_marks(question)

    def action_back(self, quits: bool) -> None:
        search = self.query_one("#browse-search", Input)
        # In the box, or on a list the search emptied, Escape clears the search first.
        if search.value and (search.has_focus or not self.shown):
            search.value = ""
            return
        self.dismiss()
