"""The statistics screen: mastery per bank, reviews due ahead, study history and exam readiness.

Every number comes from ``quiz.study.stats``; this screen only lays them out. They are computed
once when the screen opens (and the readiness again when the exam date changes). ``o`` fits
personal scheduler parameters to the learner's history (``quiz.study.optimize``, in a thread)
and offers them side by side with the current ones.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.notifications import SeverityLevel
from textual.widgets import DataTable, Label, ProgressBar, Sparkline, Static
from textual.worker import get_current_worker

from quiz.bank.model import Bank
from quiz.records import Record, record
from quiz.study import optimize, stats
from quiz.study.store import ProgressStore
from quiz.tui.flow import SAVE_ERRORS, save_failed
from quiz.tui.screens.base import QuizScreen
from quiz.tui.screens.exam_date import ExamDateScreen
from quiz.tui.widgets.bar_chart import BarChart
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import plural

FORECAST_DAYS = 14
HISTORY_DAYS = 30
TITLE_WIDTH = 22
NARROW = 80  # below this terminal width the bank table has short headings and titles
COLUMNS = ("Qs", "New", "Learn", "Due", "Mastered", "Reviews", "Accuracy")
SHORT_COLUMNS = ("Qs", "New", "Lrn", "Due", "Mast", "Revs", "Acc")
MUTED = "$text-muted"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def weighted_accuracy(
    accuracy: list[float | None], counts: list[int], days: int | None = None
) -> float | None:
    """Accuracy over the last ``days`` days, each day weighted by its number of reviews."""
    pairs = list(zip(accuracy, counts, strict=True))[-days if days else None :]
    total = sum(n for a, n in pairs if a is not None)
    if not total:
        return None
    return sum(a * n for a, n in pairs if a is not None) / total


def day_labels(today: date, days: int) -> list[str]:
    """Two-row labels for the forecast: weekday over day of month."""
    return [
        f"{(today + timedelta(days=i)).strftime('%a')[:2]}\n{(today + timedelta(days=i)).day}"
        for i in range(days)
    ]


def axis(start: date, width: int) -> str:
    """A one-line axis under a chart of ``width`` days that ends today."""
    left = start.strftime("%b %d")
    return left + "today".rjust(max(1, width - len(left)))


@record
class _Numbers(Record):
    today: date
    banks: list[stats.BankStats]
    forecast: list[int]
    reviews: list[int]
    accuracy: list[float | None]
    streak: int


class StatsScreen(QuizScreen[None]):
    """Statistics over every bank given; ``exam_date`` adds the exam readiness section."""

    CSS_PATH = "stats.tcss"  # its styles, read when it is first shown (see app.tcss)

    TITLE = "Statistics"

    BINDINGS = [
        # One of the two shows: launched straight here (quiz study --mode), leaving quits.
        Binding("escape", "back(False)", "Back"),
        Binding("escape", "back(True)", "Quit", tooltip="when started with quiz study --mode"),
        Binding("e", "exam_date", "Exam date"),
        Binding("o", "optimize", "Optimize", tooltip="fit the schedule to your own history"),
    ]
    MIN_REVIEWS = optimize.MIN_REVIEWS  # what the fit needs (tests lower it)

    def __init__(
        self, banks: list[Bank], store: ProgressStore, exam_date: date | None = None
    ) -> None:
        super().__init__()
        self.banks = list(banks)
        self.store = store
        self.exam_date = exam_date

    def now(self) -> datetime:
        """The app's clock (tests freeze it)."""
        return self.quiz.clock()

    def _compute(self) -> _Numbers:
        now, store = self.now(), self.store
        return _Numbers(
            today=date.fromisoformat(store.study_day(now)),
            banks=[stats.bank_stats(bank, store, now) for bank in self.banks],
            forecast=stats.due_forecast(self.banks, store, now, days=FORECAST_DAYS),
            reviews=stats.reviews_per_day(store, now, days=HISTORY_DAYS),
            accuracy=stats.accuracy_per_day(store, now, days=HISTORY_DAYS),
            streak=stats.streak(store, now),
        )

    def compose(self) -> ComposeResult:
        numbers = self.numbers = self._compute()
        with Horizontal(id="stats-top"):
            yield Static(self._title(), id="stats-title")
            # Shown while part of the page is below the bottom edge (in the title bar, so that
            # showing it never moves the page).
            yield Static(Content.styled("▼ more below: ↓ PgDn", "$text-accent"), id="stats-more")
        with VerticalScroll(id="stats-body"):
            yield Static(self._summary(), id="stats-summary")

            yield Label("Banks", classes="stats-heading")
            table: DataTable[Text] = DataTable(
                id="stats-banks", cursor_type="none", show_cursor=False, zebra_stripes=True
            )
            # The page scrolls as a whole; a focusable table would swallow the arrow keys.
            table.can_focus = False
            yield table

            yield Label("Mastery (recall ≥ 90% today)", classes="stats-heading")
            with Vertical(id="stats-mastery"):
                for bank in numbers.banks:
                    with Horizontal(classes="stats-mastery-row"):
                        yield Label(
                            Text(bank.title, no_wrap=True, overflow="ellipsis"),
                            classes="stats-mastery-title",
                        )
                        bar = ProgressBar(total=max(bank.questions, 1), show_eta=False)
                        bar.progress = bank.mastered
                        yield bar
                        yield Label(f"{bank.mastered} of {bank.questions}", classes="stats-count")

            yield Label(
                f"Reviews due — next {FORECAST_DAYS} days ({sum(numbers.forecast)} in all)",
                classes="stats-heading",
            )
            yield BarChart(
                numbers.forecast,
                day_labels(numbers.today, len(numbers.forecast)),
                highlight=0,
                id="stats-forecast",
            )

            yield Label(f"Reviews per day — last {HISTORY_DAYS} days", classes="stats-heading")
            yield Sparkline(numbers.reviews, id="stats-reviews")
            yield Static(self._history_axis(), id="stats-reviews-axis", classes="stats-axis")
            yield Static(self._reviews_summary(), id="stats-reviews-summary")

            yield Label(f"Accuracy per day — last {HISTORY_DAYS} days", classes="stats-heading")
            yield BarChart(
                numbers.accuracy,
                bar_height=3,
                bar_width=1,
                gap=0,
                maximum=1.0,
                show_values=False,
                zero="▁",  # a day of wrong answers is not a day without answers
                id="stats-accuracy",
            )
            yield Static(self._history_axis(), classes="stats-axis")
            yield Static(self._accuracy_summary(), id="stats-accuracy-summary")

            yield Label("Exam readiness", classes="stats-heading")
            yield Static(id="stats-readiness")
        yield KeyBar()

    def on_mount(self) -> None:
        # Focus the page itself so the arrow and page keys scroll it.
        body = self.query_one("#stats-body", VerticalScroll)
        body.focus()
        self.watch(body, "scroll_y", self._show_more, init=False)
        self.watch(body, "virtual_size", self._show_more)  # the page's content grew or shrank
        self._show_readiness()

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
        table = self.query_one("#stats-banks", DataTable)
        if narrow != self.has_class("-narrow") or not table.columns:
            self.set_class(narrow, "-narrow")
            self._fill_bank_table(table, self.numbers.banks, narrow)
        self.after_refresh(self._show_more)

    def _show_more(self) -> None:
        body = self.query_one("#stats-body", VerticalScroll)
        self.query_one("#stats-more").display = body.scroll_y < body.max_scroll_y

    def _fill_bank_table(
        self, table: DataTable[Text], banks: list[stats.BankStats], narrow: bool
    ) -> None:
        table.clear(columns=True)
        table.add_column("Bank", width=TITLE_WIDTH - 8 if narrow else TITLE_WIDTH)
        for label in SHORT_COLUMNS if narrow else COLUMNS:
            table.add_column(label)

        def row(title: Text, values: list[int], accuracy: float | None) -> list[Text]:
            cells = [Text(str(v), justify="right") for v in values]
            return [title, *cells, Text(percent(accuracy), justify="right")]

        for b in banks:
            title = Text(b.title, no_wrap=True, overflow="ellipsis")
            counts = [b.questions, b.new, b.learning, b.due, b.mastered, b.reviews]
            table.add_row(*row(title, counts, b.accuracy), key=b.id)
        if len(banks) > 1:
            total_reviews = sum(b.reviews for b in banks)
            right = sum((b.accuracy or 0) * b.reviews for b in banks)
            fields = ("questions", "new", "learning", "due", "mastered", "reviews")
            totals = [sum(getattr(b, f) for b in banks) for f in fields]
            accuracy = right / total_reviews if total_reviews else None
            table.add_row(*row(Text("All banks", style="bold"), totals, accuracy), key="*")

    def _title(self) -> Content:
        n = len(self.banks)
        scope = self.banks[0].title if n == 1 else plural(n, "bank")
        return Content.assemble(("Statistics", "bold"), (" · ", MUTED), scope)

    def _summary(self) -> Content:
        n = self.numbers
        due = sum(b.due for b in n.banks)
        parts: list[str | tuple[str, str]] = [
            ("Streak ", MUTED),
            plural(n.streak, "day"),
            ("  ·  Due now ", MUTED),
            str(due),
            ("  ·  Reviewed today ", MUTED),
            str(n.reviews[-1] if n.reviews else 0),
        ]
        marks = [
            (sum(getattr(b, field) for b in n.banks), word)
            for field, word in (
                ("suspended", "suspended"),
                ("buried", "buried"),
                ("flagged", "flagged"),
            )
        ]
        if any(count for count, _ in marks):
            parts.append("\n")
            for i, (count, word) in enumerate(marks):
                parts += [("  ·  " if i else "", MUTED), str(count), (f" {word}", MUTED)]
        if not any(b.reviews for b in n.banks) and not any(n.reviews):
            parts += ["\n", ("No reviews yet: study a bank and your progress shows here.", MUTED)]
        return Content.assemble(*parts)

    def _history_axis(self) -> str:
        days = len(self.numbers.reviews) or HISTORY_DAYS
        return axis(self.numbers.today - timedelta(days=days - 1), days)

    def _reviews_summary(self) -> Content:
        reviews = self.numbers.reviews
        total = sum(reviews)
        studied = sum(1 for r in reviews if r)
        return Content.assemble(
            (f"{plural(total, 'review')}", ""),
            (f" on {plural(studied, 'day')}", MUTED),
            ("  ·  busiest day ", MUTED),
            str(max(reviews, default=0)),
            ("  ·  average ", MUTED),
            f"{total / (len(reviews) or 1):.1f}/day",
        )

    def _accuracy_summary(self) -> Content:
        n = self.numbers
        week = weighted_accuracy(n.accuracy, n.reviews, 7)
        month = weighted_accuracy(n.accuracy, n.reviews)
        return Content.assemble(
            ("Last 7 days ", MUTED),
            percent(week),
            (f"  ·  last {HISTORY_DAYS} days ", MUTED),
            percent(month),
            ("  ·  · = no reviews that day", MUTED),
        )

    def _exam_line(self, exam_date: date) -> Content:
        days = (exam_date - self.numbers.today).days
        when = {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")
        if days < 0:
            when = f"{-days} days ago"
        return Content.assemble(
            ("Exam on ", MUTED),
            (exam_date.strftime("%a %Y-%m-%d"), "bold"),
            (f" ({when})", MUTED),
        )

    def _readiness_line(self, title: str, r: stats.Readiness) -> Content:
        if r.predicted >= r.target:
            advice, style = "on track", "$text-success"
        elif r.reviews_per_day is None:
            advice, style = "target out of reach by then", "$text-error"
        else:
            advice, style = f"{plural(r.reviews_per_day, 'review')}/day needed", "$text-warning"
        return Content.assemble(
            Content(title).truncate(TITLE_WIDTH, ellipsis=True, pad=True),
            "  predicted ",
            (percent(r.predicted), "bold"),
            (f" · target {percent(r.target)} · ", MUTED),
            (advice, style),
        )

    def _show_readiness(self) -> None:
        """Show the readiness section; with an exam date, work it out in a thread."""
        panel = self.query_one("#stats-readiness", Static)
        if self.exam_date is None:
            panel.update(
                Content.styled(
                    "No exam date set. Press e to set one and see how ready you are.", MUTED
                )
            )
            return
        waiting = Content.styled("Working out your readiness…", MUTED)
        panel.update(Content("\n").join([self._exam_line(self.exam_date), waiting]))
        self._work_out_readiness(self.exam_date, self.now())

    @work(thread=True, exclusive=True, group="readiness")
    def _work_out_readiness(self, exam_date: date, now: datetime) -> None:
        # Simulating study up to the exam takes about a second for a 10,000-question bank
        # (measured): a thread keeps the screen responsive meanwhile.
        lines = [self._exam_line(exam_date)]
        try:
            for bank in self.banks:
                result = stats.readiness(bank, self.store, exam_date, now)
                lines.append(self._readiness_line(bank.title, result))
        except Exception as error:  # noqa: BLE001 - shown to the learner, never a crash
            lines.append(Content.styled(f"Could not work out readiness: {error}", "$text-error"))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._readiness_done, exam_date, Content("\n").join(lines))

    def _readiness_done(self, exam_date: date, content: Content) -> None:
        if exam_date == self.exam_date:  # not changed again meanwhile
            self.query_one("#stats-readiness", Static).update(content)

    def action_back(self, quits: bool) -> None:
        self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return parameters[0] == self.quiz.quits_at_home
        return True

    def action_optimize(self) -> None:
        self.notify("Fitting your parameters to your history…", timeout=4, markup=False)
        self._fit_parameters()

    @work(thread=True, exclusive=True, group="optimize")
    def _fit_parameters(self) -> None:
        # A few seconds on a long history (fsrs-rs trains on every review): off the screen's
        # thread, so the page still scrolls meanwhile.
        try:
            fit = optimize.fit(self.store, min_reviews=self.MIN_REVIEWS)
        except optimize.NotEnoughHistory as error:
            self.app.call_from_thread(self._not_fitted, str(error), "information")
        except Exception as error:  # noqa: BLE001 - shown to the learner, never a crash
            self.app.call_from_thread(self._not_fitted, f"Could not fit: {error}", "error")
        else:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._fitted, fit)

    def _not_fitted(self, message: str, severity: SeverityLevel) -> None:
        self.notify(message, title="Optimize", severity=severity, timeout=10, markup=False)

    def _fitted(self, fit: optimize.Fit) -> None:
        from quiz.tui.screens.optimize import OptimizeScreen

        def chosen(use: bool | None) -> None:
            if not use:
                return
            try:
                optimize.adopt(self.store, fit)
            except SAVE_ERRORS as error:
                save_failed(self.quiz, error)
                return
            self.notify(
                "The fitted parameters are used from now on (quiz optimize --revert goes back).",
                title="Optimize",
                timeout=8,
                markup=False,
            )

        self.app.push_screen(OptimizeScreen(fit), callback=chosen)

    def action_exam_date(self) -> None:
        self.app.push_screen(
            ExamDateScreen(self.exam_date, self.numbers.today), callback=self._set_exam_date
        )

    def _set_exam_date(self, result: tuple[date | None] | None) -> None:
        if result is None:
            return
        (self.exam_date,) = result
        # Keep the choice for the rest of the app's life (the home screen opens stats again)
        # and in the progress file, so it is still there the next time the app starts.
        self.quiz.exam_date = self.exam_date
        self._show_readiness()
        day = self.exam_date.isoformat() if self.exam_date else None
        if self.store.settings.exam_date != day:
            try:
                self.store.update_settings(exam_date=day)
            except SAVE_ERRORS as error:
                save_failed(self.quiz, error)
