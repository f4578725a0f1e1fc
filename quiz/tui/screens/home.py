"""Home: the banks with their progress, what a review would offer today, the streak; pick a
bank (or mark several to study together) and a mode."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from quiz import paths
from quiz.bank.model import Bank
from quiz.study.selection import ReviewToday, review_today_each
from quiz.study.session import Mode, SessionOptions
from quiz.study.stats import BankStats, bank_stats, streak
from quiz.tui.catalog import BankEntry
from quiz.tui.flow import SAVE_ERRORS, save_failed, show_notices
from quiz.tui.messages import StartSession
from quiz.tui.screens.base import QuizScreen
from quiz.tui.text import clip, failed_banks, next_review, wrapped
from quiz.tui.widgets.base import literal
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import plural

# The table's other columns at their headings' widths (and the one-cell mark column), each
# with two cells of padding, and a scroll bar: a long bank title is cut to what is left, so
# Mastery still shows at 80 columns.
NUMBER_COLUMNS = (
    ("Questions", "questions"),
    ("Due", "due"),
    ("New today", "new"),
    ("Mastery", "mastery"),
)
OTHER_COLUMNS = 1 + sum(len(heading) for heading, _ in NUMBER_COLUMNS) + 2 * 6 + 2
MARK = "✓"
# The keys that need the highlighted bank to load (with no bank marked): the footer drops them
# on a broken bank and pressing one says why instead of doing nothing.
BANK_KEYS = {"r": "review", "z": "quiz", "e": "exam", "m": "mistakes", "b": "browse"}
BANK_KEYS |= {"enter": "review", "space": "mark"}


DETAIL_LINES = 6  # #bank-detail's max-height, less its border


class HomeScreen(QuizScreen[None]):
    """The first screen. Enter on a bank starts a review, the letter keys choose a mode.
    Review, quiz, exam and mistakes work on the marked banks together when any are marked
    (space, a), else on the highlighted one."""

    BINDINGS = [
        Binding("r", "open('review')", "Review", tooltip="spaced repetition: due cards, then new"),
        Binding("z", "open('quiz')", "Quiz", tooltip="the bank's questions, shuffled"),
        Binding("e", "open('exam')", "Exam", tooltip="timed, feedback only at the end"),
        Binding("m", "open('mistakes')", "Mistakes", tooltip="what you last got wrong"),
        Binding("b", "open('browse')", "Browse", tooltip="questions and answers, searchable"),
        Binding("s", "open('stats')", "Stats", tooltip="progress of every bank"),
        Binding("enter", "open('review')", "Review", show=False),
        Binding("space", "mark", "Mark", tooltip="r, z, e and m then study every marked bank"),
        # Not in the footer (no room at 80 columns); the line under the table names it.
        Binding(
            "a", "mark_all", "Mark all", show=False, tooltip="every bank; press again for none"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._stats: dict[int, BankStats] = {}  # per entry, as of the last refresh_stats
        self._counted: list[tuple[int, ReviewToday]] = []  # each bank alone, the same
        self._together = ReviewToday(0, 0, 0, None)  # all banks together, the same
        self._now = datetime.now(UTC)
        self._fresh = False  # counted since the screen was last left
        self.marked: set[int] = set()  # entries marked to be studied together

    def compose(self) -> ComposeResult:
        yield Static(id="home-summary")
        table: DataTable[str | Text] = DataTable(id="banks", cursor_type="row", zebra_stripes=True)
        table.add_column(" ", key="mark", width=1)
        table.add_column("Bank", key="bank")
        for heading, key in NUMBER_COLUMNS:
            table.add_column(heading, key=key)
        yield table
        yield Static(id="home-limits")
        yield Static(id="bank-detail")
        yield KeyBar()

    @property
    def entries(self) -> list[BankEntry]:
        return self.quiz.entries

    def on_mount(self) -> None:
        self.refresh_stats()
        show_notices(self.quiz)
        broken = sum(1 for e in self.entries if not e.ok)
        if broken:
            where = "select one to see why"
            self.notify(
                f"{broken} bank(s) could not be loaded ({failed_banks(self.entries)}): {where}.",
                severity="warning",
                timeout=8,
                markup=False,
            )

    def on_screen_resume(self) -> None:
        try:
            # Take in answers another copy of the app saved meanwhile.
            changed = self.quiz.store.refresh()
        except SAVE_ERRORS as error:
            save_failed(self.quiz, error)
            changed = True
        # Counted when mounted just now, and nothing new since: no second count (a count over
        # 100,000 questions takes a while).
        if changed or not self._fresh:
            self.refresh_stats()

    def on_screen_suspend(self) -> None:
        self._fresh = False  # a session, browse or statistics may change what is due

    def refresh_stats(self) -> None:
        """Recount due/new/mastery (after every session, and on first show), then show them."""
        now = self.quiz.clock()
        store = self.quiz.store
        tags = self.quiz.start_options.tags
        loaded = [(n, entry.bank) for n, entry in enumerate(self.entries) if entry.bank]
        for n, bank in loaded:
            self._stats[n] = bank_stats(bank, store, now)
        # Due and new as a review of each bank alone would offer them today, and of all.
        each, self._together = review_today_each([bank for _, bank in loaded], store, now, tags)
        self._counted = [(n, today) for (n, _), today in zip(loaded, each, strict=True)]
        self._now = now
        self._fresh = True
        self.show_stats()

    def show_stats(self) -> None:
        """The table, the summary line and the limits note, from the last count."""
        now = self._now
        today_of = dict(self._counted)
        table = self.query_one("#banks", DataTable)
        cursor = table.cursor_row
        table.clear()
        # The title column as wide as the longest title, up to what the terminal leaves: set
        # each time, since a column left to size itself only ever widens (after a wide terminal
        # it would keep its width in a narrow one, with a scroll bar).
        titles = [len(e.bank.title if e.bank else e.name) for e in self.entries]
        column = table.columns[ColumnKey("bank")]
        column.auto_width = False
        column.width = min(max([len("Bank"), *titles]), self._title_width())
        per_bank = ReviewToday(0, 0, 0, None)  # the rows' due and new, added up
        for n, entry in enumerate(self.entries):
            if entry.bank is None:
                invalid = Text("invalid", style="red")
                name = self._title(entry.name, "red")
                table.add_row("", name, invalid, "–", "–", "–", key=str(n))
                continue
            st = self._stats[n]
            today = today_of[n]
            per_bank = replace(per_bank, due=per_bank.due + today.due, new=per_bank.new + today.new)
            mastery = f"{st.mastered / st.questions:.0%}" if st.questions else "–"
            table.add_row(
                self._mark_cell(n),
                self._title(entry.bank.title),
                str(st.questions),
                str(today.due),
                str(today.new),
                mastery,
                key=str(n),
            )
        if self.entries:
            table.move_cursor(row=min(cursor, len(self.entries) - 1))
        self.query_one("#home-summary", Static).update(self.summary(now, self._together))
        self._show_limits(per_bank, self._together)
        self.show_detail()

    def _show_limits(self, per_bank: ReviewToday, together: ReviewToday) -> None:
        """Under the table, when the daily limits make the rows add up to more than the header:
        the rows count each bank alone, the limits hold for all banks together."""
        settings = self.quiz.store.settings
        limits = []
        if per_bank.due > together.due:
            limits.append((f"{settings.reviews_per_day} reviews", "--reviews-per-day"))
        if per_bank.new > together.new:
            limits.append((f"{settings.new_per_day} new", "--new-per-day"))
        note = self.query_one("#home-limits", Static)
        note.display = bool(limits)
        if limits:
            amounts = " and ".join(amount for amount, _ in limits)
            options = " ".join(option for _, option in limits)
            note.update(
                Content.styled(
                    f"Each row alone; {amounts} a day across all banks — quiz settings {options}",
                    "$text-muted",
                )
            )

    def _mark_cell(self, n: int) -> Text:
        return Text(MARK if n in self.marked else "", style="bold")

    def _title(self, title: str, style: str = "") -> Text:
        cell = Text(title, style=style)
        cell.truncate(self._title_width(), overflow="ellipsis")
        return cell

    def _title_width(self) -> int:
        return max(12, self.quiz.size.width - OTHER_COLUMNS)

    def on_resize(self) -> None:
        if self._fresh:
            self.show_stats()  # the titles' room changed, not the counts
        else:
            self.refresh_stats()

    def summary(self, now: datetime, today: ReviewToday) -> Content:
        """The top line: what a review of every bank would offer ``today`` (as the engine
        would build it, daily limits included), or when the next review is; the streak."""
        store = self.quiz.store
        banks = self.quiz.banks
        days = streak(store, now)
        if today.due or today.new:
            plan = Content.assemble(
                ("Today: ", "bold"),
                (f"{today.due} due", "bold" if today.due else ""),
                " · ",
                (f"{today.new} new", "bold" if today.new else ""),
            )
        else:
            when = next_review(today, store, now) if banks else None
            plan = Content.assemble(
                ("All caught up", "bold $success" if banks else "bold"),
                f" — next review {when}" if when else "",
            )
        marked = f"{len(self.marked)} of {len(banks)} banks marked"
        return Content.assemble(
            ("quiz", "bold"),
            "  ",
            plan,
            f" · streak {plural(days, 'day')} · ",
            (marked, "bold $accent") if self.marked else plural(len(banks), "bank"),
        )

    @property
    def selected(self) -> BankEntry | None:
        table = self.query_one("#banks", DataTable)
        if not self.entries or table.row_count == 0:
            return None
        return self.entries[table.cursor_row]

    def _broken_selected(self) -> BankEntry | None:
        """The highlighted entry when it failed to load and no bank is marked (so the study
        keys would act on it), else None."""
        entry = self.selected
        if entry is None or entry.ok or self.marked:
            return None
        return entry

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "mark") and (parameters or ("mark",))[0] != "stats":
            return self._broken_selected() is None
        return True

    def on_key(self, event: events.Key) -> None:
        # The binding is off for a broken bank, so the key reaches here: say why it does nothing.
        entry = self._broken_selected()
        if entry is not None and event.key in BANK_KEYS:
            event.stop()
            self.notify(self.broken_message(entry), severity="warning", timeout=8, markup=False)

    @staticmethod
    def broken_message(entry: BankEntry) -> str:
        problem = entry.problem.message.rstrip(".") if entry.problem else "it cannot be read"
        where = entry.path or (entry.problem.file if entry.problem else entry.name)
        return f"This bank has errors: {problem}. Run quiz validate {where}"

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
        self.refresh_bindings()
        entry = self.selected
        detail = self.query_one("#bank-detail", Static)
        if entry is None:
            detail.update(
                Content.assemble(
                    ("No banks found.", "bold"),
                    "\nPut .yaml banks in ./question_banks or ",
                    str(paths.user_banks_dir()),
                    ", or run: quiz BANK.yaml",
                )
            )
        elif entry.bank is None:
            detail.update(
                Content.assemble(
                    ("This bank cannot be opened. ", "bold red"),
                    "Fix it (quiz validate shows every problem):\n",
                    literal(str(entry.problem)),
                )
            )
        else:
            bank = entry.bank
            row = self.query_one("#banks", DataTable).cursor_row
            if self.marked:
                names = len(self.marked)
                detail_head: list[Content | str | tuple[str, str]] = [
                    (f"{MARK} {plural(names, 'marked bank')}", "bold $accent"),
                    (" studied together: r z e m · space: mark/unmark · a: all/none\n", "dim"),
                ]
            elif len(self.quiz.banks) > 1:
                detail_head = [("space marks banks to study together · a marks all\n", "dim")]
            else:
                detail_head = []
            st = self._stats.get(row) or bank_stats(bank, self.quiz.store, self.quiz.clock())
            counts = [plural(st.questions, "question"), f"{st.new} never studied"]
            if st.learning:
                counts.append(f"{st.learning} learning")
            parts: list[Content | str | tuple[str, str]] = [
                *detail_head,
                literal(bank.title, "bold"),
                "\n",
                (" · ".join(counts), "dim"),
            ]
            if bank.tags:
                parts += ["\n", ("tags: ", "dim"), literal(", ".join(bank.tags))]
            if bank.description:
                # Last, cut to the lines left in the box: the box does not scroll (nothing in
                # it takes focus), so a cut says so and where to read the rest.
                width = self.quiz.size.width - 2 - 1  # padding, and a cell of slack
                used = len(wrapped(Content.assemble(*parts).plain, width))
                text = clip(bank.description, width, DETAIL_LINES - used)
                parts += ["\n", literal(text)]
            detail.update(Content.assemble(*parts))

    @on(DataTable.RowSelected)
    async def _row_selected(self) -> None:
        await self.action_open("review")

    def studied_banks(self) -> list[Bank]:
        """The banks a session starts on: the marked ones (in the table's order), or else the
        highlighted one; empty (with a notice) when there is none that loads."""
        if self.marked:
            return [e.bank for n, e in enumerate(self.entries) if n in self.marked and e.bank]
        entry = self.selected
        if entry is None:
            self.notify("There is no bank to open.", severity="warning")
            return []
        if entry.bank is None:
            self.notify("This bank has errors and cannot be opened; see below.", severity="warning")
            return []
        return [entry.bank]

    async def action_open(self, mode: str) -> None:
        app = self.quiz
        if mode == "stats":
            app.open_screen("stats", app.banks)
            return
        if mode == "browse":
            # Browsing shows one bank: the highlighted one, marks or not.
            entry = self.selected
            if entry is not None and entry.bank is not None:
                app.open_screen("browse", [entry.bank])
            else:
                self.notify("Highlight a bank that loads to browse it.", severity="warning")
            return
        banks = self.studied_banks()
        if not banks:
            return
        defaults = app.start_options
        if mode == "exam":
            from quiz.tui.screens.exam_setup import ExamSetupScreen

            def start_exam(options: SessionOptions | None) -> None:
                if options is not None:
                    self.post_message(StartSession(banks, options))

            # Keys typed after "e" wait until the dialog is up (quiz.tui.typeahead).
            await app.push_screen(ExamSetupScreen(banks, defaults), callback=start_exam)
        else:
            options = replace(defaults, mode=Mode(mode), time_limit=None, pass_mark=None)
            self.post_message(StartSession(banks, options))

    def action_mark(self) -> None:
        table = self.query_one("#banks", DataTable)
        entry = self.selected
        if entry is None:
            return
        if entry.bank is None:
            self.notify("This bank has errors and cannot be studied.", severity="warning")
            return
        self.marked ^= {table.cursor_row}
        self._show_marks()

    def action_mark_all(self) -> None:
        valid = {n for n, entry in enumerate(self.entries) if entry.ok}
        self.marked = set() if self.marked == valid else valid
        self._show_marks()

    def _show_marks(self) -> None:
        table = self.query_one("#banks", DataTable)
        for n in range(len(self.entries)):
            table.update_cell(str(n), "mark", self._mark_cell(n))
        # Marking changes how many banks are marked, not what is due: the last count stands.
        self.query_one("#home-summary", Static).update(self.summary(self._now, self._together))
        self.show_detail()
