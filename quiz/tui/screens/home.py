"""Home: the banks with their progress, today's due count and streak; pick a bank and a mode."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quiz import paths
from quiz.study.session import Mode, SessionOptions
from quiz.study.stats import bank_stats, streak
from quiz.tui.catalog import BankEntry
from quiz.tui.messages import StartSession
from quiz.tui.screens.flow import SAVE_ERRORS, save_failed
from quiz.tui.widgets.base import literal


class HomeScreen(Screen):
    """The first screen. Enter on a bank starts a review, the letter keys choose a mode."""

    BINDINGS = [
        Binding("r", "open('review')", "Review", tooltip="spaced repetition: due cards, then new"),
        Binding("z", "open('quiz')", "Quiz", tooltip="the bank's questions, shuffled"),
        Binding("e", "open('exam')", "Exam", tooltip="timed, feedback only at the end"),
        Binding("m", "open('mistakes')", "Mistakes", tooltip="what you last got wrong"),
        Binding("b", "open('browse')", "Browse", tooltip="questions and answers, searchable"),
        Binding("s", "open('stats')", "Stats", tooltip="progress of every bank"),
        Binding("enter", "open('review')", "Review", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        # Set when the app was launched straight into a mode: coming back here means done.
        self.exit_when_shown = False

    def compose(self) -> ComposeResult:
        yield Static(id="home-summary")
        table = DataTable(id="banks", cursor_type="row", zebra_stripes=True)
        table.add_column("Bank", key="bank")
        table.add_column("Questions", key="questions")
        table.add_column("New", key="new")
        table.add_column("Due", key="due")
        table.add_column("Mastery", key="mastery")
        yield table
        yield Static(id="bank-detail")
        yield Footer(compact=True)

    @property
    def entries(self) -> list[BankEntry]:
        return self.app.entries

    def on_mount(self) -> None:
        self.refresh_stats()
        for notice in self.app.store.notices:
            self.notify(notice, title="Progress file", severity="warning", timeout=15, markup=False)
        self.app.store.notices.clear()
        broken = sum(1 for e in self.entries if not e.ok)
        if broken:
            where = "quiz validate shows why" if self.exit_when_shown else "select one to see why"
            self.notify(
                f"{broken} bank(s) could not be loaded: {where}.",
                severity="warning",
                timeout=8,
            )

    def on_screen_resume(self) -> None:
        if self.exit_when_shown and self.app.screen is self:
            self.app.exit()
            return
        try:
            # Take in answers another copy of the app saved meanwhile.
            self.app.store.refresh()
        except SAVE_ERRORS as error:
            save_failed(self.app, error)
        self.refresh_stats()

    def refresh_stats(self) -> None:
        """Recount new/due/mastery (after every session, and on first show)."""
        now = self.app.clock()
        store = self.app.store
        table = self.query_one("#banks", DataTable)
        cursor = table.cursor_row
        table.clear()
        due_total = 0
        for n, entry in enumerate(self.entries):
            if entry.bank is None:
                table.add_row(
                    Text(entry.name, style="red"),
                    Text("invalid", style="red"),
                    "–",
                    "–",
                    "–",
                    key=str(n),
                )
                continue
            st = bank_stats(entry.bank, store, now)
            due_total += st.due
            mastery = f"{st.mastered / st.questions:.0%}" if st.questions else "–"
            table.add_row(
                Text(entry.bank.title),
                str(st.questions),
                str(st.new),
                str(st.due),
                mastery,
                key=str(n),
            )
        if self.entries:
            table.move_cursor(row=min(cursor, len(self.entries) - 1))
        days = streak(store, now)
        ok = sum(1 for e in self.entries if e.ok)
        summary = Content.assemble(
            ("quiz", "bold"),
            "  ",
            (f"{due_total} due today", "bold" if due_total else ""),
            f" · streak {days} day{'s' if days != 1 else ''}",
            f" · {ok} bank{'s' if ok != 1 else ''}",
        )
        self.query_one("#home-summary", Static).update(summary)
        self.show_detail()

    @property
    def selected(self) -> BankEntry | None:
        table = self.query_one("#banks", DataTable)
        if not self.entries or table.row_count == 0:
            return None
        return self.entries[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def show_detail(self) -> None:
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
            parts: list[Content | str | tuple[str, str]] = [literal(bank.title, "bold")]
            if bank.description:
                parts += ["\n", literal(bank.description)]
            if bank.tags:
                parts += ["\n", ("tags: ", "dim"), literal(", ".join(bank.tags))]
            detail.update(Content.assemble(*parts))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open("review")

    def action_open(self, mode: str) -> None:
        app = self.app
        if mode == "stats":
            app.open_screen("stats", app.banks)
            return
        entry = self.selected
        if entry is None:
            self.notify("There is no bank to open.", severity="warning")
            return
        if entry.bank is None:
            self.notify("This bank has errors and cannot be opened; see below.", severity="warning")
            return
        defaults = app.start_options
        if mode == "exam":
            from quiz.tui.screens.exam_setup import ExamSetupScreen

            def start_exam(options: SessionOptions | None) -> None:
                if options is not None:
                    self.post_message(StartSession([entry.bank], options))

            app.push_screen(ExamSetupScreen(entry.bank, defaults), callback=start_exam)
        elif mode == "browse":
            app.open_screen("browse", [entry.bank])
        else:
            options = replace(defaults, mode=Mode(mode), time_limit=None, pass_mark=None)
            self.post_message(StartSession([entry.bank], options))
