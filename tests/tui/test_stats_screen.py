"""Pilot tests of the statistics screen over a real progress store with a frozen clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from app_support import screen_text, toasts
from textual.app import App
from textual.widgets import DataTable, Input, ProgressBar, Sparkline, Static

from quiz.bank.model import Bank, Choice, ChoiceQuestion, FlashcardQuestion, ShortQuestion
from quiz.study import optimize, stats
from quiz.study.scheduler import DEFAULT_PARAMETERS, Rating
from quiz.study.store import ProgressStore
from quiz.tui.app import QuizApp
from quiz.tui.catalog import BankEntry
from quiz.tui.screens.exam_date import ExamDateScreen, parse_exam_date
from quiz.tui.screens.optimize import OptimizeScreen
from quiz.tui.screens.stats import StatsScreen, axis, day_labels, weighted_accuracy
from quiz.tui.widgets.bar_chart import BarChart, bar_cells, compact_count

TUI = Path(__file__).resolve().parents[2] / "quiz" / "tui"
CSS = TUI / "app.tcss"
NOW = datetime(2025, 5, 20, 12, 0, tzinfo=UTC)  # a Tuesday
TRICKY = "[b]Geo[/b] [/ [@click=app.quit]Click me[/]"


def geo_bank() -> Bank:
    questions = (
        ChoiceQuestion(
            id="capital",
            prompt="Capital of France?",
            choices=(Choice("Paris"), Choice("Rome")),
            answer=0,
        ),
        ShortQuestion(id="baku", prompt="Capital of Azerbaijan?", answer="Baku"),
        FlashcardQuestion(id="card", prompt="Front", answer="Back"),
    )
    return Bank(id="geo", title=TRICKY, questions=questions)


class _Host(QuizApp):
    """The app with the statistics screen opened over home, with a clock frozen at NOW."""

    CSS_PATH = CSS

    def __init__(self, banks: list[Bank], store: ProgressStore, exam: date | None = None):
        entries = [BankEntry(bank=b, named=True) for b in banks]
        super().__init__(entries, store, exam_date=exam, clock=lambda: NOW)

    def on_ready(self) -> None:  # once home is up
        self.push_screen(StatsScreen(self.banks, self.store, self.exam_date))


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    store = ProgressStore.open(tmp_path / "progress", tz=UTC)
    earlier = NOW - timedelta(hours=2)
    store.record_review(
        "geo/capital",
        rating=Rating.GOOD,
        correct=True,
        response_time=3.0,
        session_id="s1",
        now=earlier,
    )
    store.record_review(
        "geo/baku",
        rating=Rating.AGAIN,
        correct=False,
        response_time=9.0,
        session_id="s1",
        now=earlier,
    )
    return store


async def opened(pilot) -> None:
    """Wait until the statistics are up over home (keys pressed before would go to home)."""
    for _ in range(500):
        if isinstance(pilot.app.screen, StatsScreen):
            break
        await pilot.pause()
    await pilot.pause()


async def settle(pilot) -> None:
    """Wait for the readiness, which is worked out in a thread."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_bank_table_shows_the_counts_from_the_engine(store: ProgressStore) -> None:
    bank = geo_bank()
    app = _Host([bank], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        table = screen.query_one("#stats-banks", DataTable)
        expected = stats.bank_stats(bank, store, NOW)
        row = [cell.plain for cell in table.get_row("geo")]
        assert row[0] == TRICKY  # bank text is shown literally
        assert row[1:] == [
            str(expected.questions),
            str(expected.new),
            str(expected.learning),
            str(expected.due),
            str(expected.mastered),
            str(expected.reviews),
            f"{expected.accuracy:.0%}",
        ]
        assert row[1] == "3" and row[6] == "2" and row[7] == "50%"
        assert table.row_count == 1  # no "All banks" row for a single bank
        bar = screen.query_one(ProgressBar)
        assert (bar.total, bar.progress) == (3, expected.mastered)
        await pilot.pause()
        assert app.return_code is None  # the [@click=app.quit] title did nothing


async def test_history_forecast_and_streak(store: ProgressStore) -> None:
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        reviews = screen.query_one("#stats-reviews", Sparkline)
        assert list(reviews.data) == stats.reviews_per_day(store, NOW, days=30)
        assert len(reviews.data) == 30 and reviews.data[-1] == 2
        forecast = screen.query_one("#stats-forecast", BarChart)
        assert list(forecast.values) == stats.due_forecast([geo_bank()], store, NOW, days=14)
        assert forecast.labels[0] == "Tu\n20" and forecast.labels[13] == "Mo\n2"
        accuracy = screen.query_one("#stats-accuracy", BarChart)
        assert accuracy.values[-1] == pytest.approx(0.5)
        summary = text_of(screen.query_one("#stats-summary", Static))
        assert f"Streak {stats.streak(store, NOW)} day" in summary
        assert "Reviewed today 2" in summary
        assert "50%" in text_of(screen.query_one("#stats-accuracy-summary", Static))


async def test_several_banks_get_a_total_row(store: ProgressStore) -> None:
    other = Bank(
        id="py",
        title="Python",
        questions=(FlashcardQuestion(id="gil", prompt="GIL?", answer="A lock"),),
    )
    app = _Host([geo_bank(), other], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        table = app.screen.query_one("#stats-banks", DataTable)
        total = [cell.plain for cell in table.get_row("*")]
        assert total[0] == "All banks"
        assert total[1] == "4" and total[6] == "2" and total[7] == "50%"
        assert len(app.screen.query(ProgressBar)) == 2


async def test_empty_progress_says_how_to_start(tmp_path: Path) -> None:
    store = ProgressStore.open(tmp_path / "empty", tz=UTC)
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        assert "No reviews yet" in text_of(screen.query_one("#stats-summary", Static))
        assert "No exam date set" in text_of(screen.query_one("#stats-readiness", Static))
        assert sum(screen.query_one("#stats-forecast", BarChart).values) == 0
        assert not (tmp_path / "empty" / "progress.json").exists()  # looking saves nothing


async def test_readiness_with_an_exam_date(store: ProgressStore) -> None:
    bank = geo_bank()
    app = _Host([bank], store, exam=date(2025, 6, 20))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await settle(pilot)
        text = text_of(app.screen.query_one("#stats-readiness", Static))
        expected = stats.readiness(bank, store, date(2025, 6, 20), NOW)
        assert "Exam on Fri 2025-06-20 (in 31 days)" in text
        assert f"predicted {expected.predicted:.0%}" in text
        assert f"target {expected.target:.0%}" in text
        assert TRICKY[:20] in text


async def test_setting_the_exam_date_validates_and_updates(store: ProgressStore) -> None:
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        stats_screen = app.screen
        await pilot.press("e")
        assert isinstance(app.screen, ExamDateScreen)
        box = app.screen.query_one("#exam-date-input", Input)
        error = app.screen.query_one("#exam-date-error", Static)

        for typed, message in [
            ("20.06.2025", "Use the form YYYY-MM-DD"),
            ("2025-02-30", "2025-02-30 is not a real day"),
            ("2025-05-19", "is in the past"),
        ]:
            box.value = typed
            await pilot.press("enter")
            assert isinstance(app.screen, ExamDateScreen), typed
            assert message in text_of(error)

        box.value = "2025-05-27"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is stats_screen
        assert app.exam_date == date(2025, 5, 27)
        assert store.settings.exam_date == "2025-05-27"  # kept for the next start
        text = text_of(stats_screen.query_one("#stats-readiness", Static))
        assert "Exam on Tue 2025-05-27 (in 7 days)" in text

        # Escape cancels without changing anything; an empty date clears it.
        await pilot.press("e")
        await pilot.press("escape")
        assert app.screen is stats_screen and app.exam_date == date(2025, 5, 27)
        await pilot.press("e")
        app.screen.query_one("#exam-date-input", Input).value = ""
        await pilot.press("enter")
        assert app.exam_date is None
        assert store.settings.exam_date is None
        assert "No exam date set" in text_of(stats_screen.query_one("#stats-readiness", Static))


async def test_readiness_is_worked_out_in_a_thread_and_errors_are_shown(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise ValueError("no scheduler parameters")

    monkeypatch.setattr(stats, "readiness", broken)
    app = _Host([geo_bank()], store, exam=date(2025, 6, 20))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await settle(pilot)
        text = text_of(app.screen.query_one("#stats-readiness", Static))
        assert "Exam on Fri 2025-06-20" in text
        assert "Could not work out readiness: no scheduler parameters" in text
        assert isinstance(app.screen, StatsScreen)


async def test_escape_goes_back(store: ProgressStore) -> None:
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, StatsScreen)


async def test_page_scrolls_with_the_keyboard_at_80x24(store: ProgressStore) -> None:
    app = _Host([geo_bank()], store, exam=date(2025, 6, 20))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await settle(pilot)
        body = app.screen.query_one("#stats-body")
        more = app.screen.query_one("#stats-more")
        assert body.has_focus and body.max_scroll_y > 0
        assert more.display and "more below" in str(more.render())  # a cue: there is more
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y and not more.display
        await pilot.press("up")
        await pilot.pause()
        assert more.display


async def test_no_cue_when_the_page_fits(store: ProgressStore) -> None:
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(120, 70)) as pilot:
        await opened(pilot)
        await pilot.pause()
        assert app.screen.query_one("#stats-body").max_scroll_y == 0
        assert not app.screen.query_one("#stats-more").display


def test_parse_exam_date() -> None:
    today = date(2025, 5, 20)
    assert parse_exam_date(" 2025-05-20 ", today) == today
    assert parse_exam_date("", today) is None
    for bad in ("2025-5-20", "tomorrow", "2025-13-01", "2025-05-19"):
        with pytest.raises(ValueError):
            parse_exam_date(bad, today)


def test_chart_helpers() -> None:
    assert [compact_count(v) for v in (None, 0, 7, 999, 1500, 250_000)] == [
        "",
        "0",
        "7",
        "999",
        "1k",
        "99k+",
    ]
    assert bar_cells(0, 10, 5) == 0 and bar_cells(None, 10, 5) == 0
    assert bar_cells(10, 10, 5) == 40 and bar_cells(0.01, 10, 5) == 1  # never invisible
    assert weighted_accuracy([None, 1.0, 0.0], [0, 3, 1]) == 0.75
    assert weighted_accuracy([None, None], [0, 0]) is None
    assert weighted_accuracy([0.0, 1.0], [5, 1], days=1) == 1.0
    assert day_labels(date(2025, 5, 31), 2) == ["Sa\n31", "Su\n1"]
    assert axis(date(2025, 4, 21), 30) == "Apr 21" + "today".rjust(24)


async def test_bar_chart_draws_bars_to_scale() -> None:
    class ChartApp(App[None]):
        def compose(self):
            yield BarChart([4, 0, None, 2], ["a", "b", "c", "d"], bar_height=2, bar_width=1)

    async with ChartApp().run_test(size=(20, 6)) as pilot:
        chart = pilot.app.query_one(BarChart)
        lines = str(chart.render()).split("\n")
        assert lines == ["4 0   2", "█", "█   · █", "a b c d"]
        chart.zero = "▁"
        chart.refresh()
        assert str(chart.render()).split("\n")[2] == "█ ▁ · █"


async def test_the_suspended_buried_and_flagged_counts(store: ProgressStore) -> None:
    store.suspend("geo/capital", now=NOW)
    store.bury("geo/baku", now=NOW)
    store.flag("geo/baku", now=NOW)
    store.flag("geo/card", now=NOW)
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.pause()
        summary = str(app.screen.query_one("#stats-summary", Static).render())
        assert "1 suspended  ·  1 buried  ·  2 flagged" in summary


def a_fit(better: bool) -> optimize.Fit:
    new = (DEFAULT_PARAMETERS[0] + 0.1, *DEFAULT_PARAMETERS[1:])
    return optimize.Fit(
        reviews=512,
        cards=40,
        old=DEFAULT_PARAMETERS,
        new=new,
        old_log_loss=0.4123,
        new_log_loss=0.3876 if better else 0.4500,
        old_rmse=0.051,
        new_rmse=0.039,
    )


async def wait_for_screen(pilot, kind: type) -> None:
    for _ in range(200):
        await pilot.pause()
        if isinstance(pilot.app.screen, kind):
            return
    raise AssertionError(f"no {kind.__name__}")


async def test_optimize_says_when_the_history_is_too_short(store: ProgressStore) -> None:
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await opened(pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [fitting, too_short] = toasts(app)
        assert "Fitting your parameters" in fitting
        assert "Optimize" in too_short and "400 are needed" in too_short
        assert isinstance(app.screen, StatsScreen)
    assert store.settings.parameters == DEFAULT_PARAMETERS


async def test_optimize_shows_old_and_new_and_adopts_when_asked(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    fit = a_fit(better=True)
    monkeypatch.setattr(optimize, "fit", lambda store, min_reviews: fit)
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("o")
        await wait_for_screen(pilot, OptimizeScreen)
        text = screen_text(app)
        assert "Fitted to 512 reviews of 40 cards." in text
        assert "log loss          0.4123    0.3876" in text
        assert "RMSE (bins)        5.10%     3.90%" in text
        assert "predict your history better" in text
        await pilot.press("n")  # keep the current ones
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert store.settings.parameters == DEFAULT_PARAMETERS
        await pilot.press("o")
        await wait_for_screen(pilot, OptimizeScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
    assert ProgressStore.open(store.data_dir, tz=UTC).settings.parameters == pytest.approx(fit.new)
    assert store.settings.previous_parameters == DEFAULT_PARAMETERS


async def test_a_fit_no_better_is_only_shown(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(optimize, "fit", lambda store, min_reviews: a_fit(better=False))
    app = _Host([geo_bank()], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("o")
        await wait_for_screen(pilot, OptimizeScreen)
        assert "no better: the current ones are kept" in screen_text(app)
        await pilot.press("y")  # nothing to choose
        await pilot.pause()
        assert isinstance(app.screen, OptimizeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
    assert store.settings.parameters == DEFAULT_PARAMETERS
