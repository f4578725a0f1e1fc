"""Pilot tests of the home screen: the banks and their counts, invalid banks, modes, the
store's notices, help, and the doors into statistics and browse."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app_support import QUESTIONS, answer, app_for, bank, screen_text, toasts
from textual.widgets import DataTable

from quiz.bank.errors import Problem
from quiz.bank.model import Bank, FlashcardQuestion
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressStore, Settings
from quiz.tui.app import QuizApp, make_app
from quiz.tui.catalog import BankEntry
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.question import QuestionScreen
from quiz.tui.screens.stats import StatsScreen

GOOD_YAML = """\
title: Capitals
id: capitals
questions:
  - id: france
    type: choice
    prompt: Capital of France?
    choices: [Paris, Lyon]
    answer: Paris
"""

BAD_YAML = """\
title: Broken
id: broken
questions:
  - id: france
    type: choice
    prompt: Capital of France?
    choices: [Paris, Lyon]
    answer: Pari
"""


def cells(app, n: int) -> list[str]:
    table = app.screen.query_one("#banks", DataTable)
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(n)]


def footer(app) -> dict[str, str]:
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()}


def row(app, n: int) -> list[str]:
    """Bank, questions, due, new today, mastery (without the mark column)."""
    return cells(app, n)[1:]


async def test_home_lists_banks_with_their_counts(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert row(app, 0) == ["Demo bank", "9", "0", "9", "0%"]  # bank, questions, due, new
        assert "Today: 0 due · 9 new" in screen_text(app)
        assert "streak 0 days" in screen_text(app)
        await pilot.press("r")  # review: new cards
        await pilot.pause()
        await answer(pilot, True)
        await pilot.press("ctrl+q")
    again = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert row(again, 0)[3] == "8"  # one card is no longer new
        assert "streak 1 day" in screen_text(again)


def flashcards(n: int, id: str) -> Bank:
    cards = [FlashcardQuestion(id=f"c{i}", prompt=f"Front {i}", answer="Back") for i in range(n)]
    return bank(*cards, id=id, title=id.title())


async def test_the_daily_new_limit_is_shared_and_the_table_says_so(tmp_path):
    app = app_for(flashcards(6, "small"), flashcards(25, "large"), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Each row: that bank alone; the header: a review of all banks, the limit once.
        assert [row(app, n)[3] for n in (0, 1)] == ["6", "20"]
        text = screen_text(app)
        assert "Today: 0 due · 20 new" in text
        assert "20 new a day across all banks — quiz settings --new-per-day" in text
    # Within the limit the numbers add up and the note is not needed.
    app = app_for(flashcards(6, "small"), flashcards(5, "other"), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Today: 0 due · 11 new" in screen_text(app)
        assert "across all banks" not in screen_text(app)


LONG = " ".join(f"Sentence {n} of the description says something useful." for n in range(1, 13))


async def test_a_long_description_is_cut_with_an_ellipsis_and_browse_shows_it_all(tmp_path):
    long = replace(bank(replace(QUESTIONS["choice"], tags=("geo",))), description=LONG)
    app = app_for(long, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        detail = app.screen.query_one("#bank-detail")
        text = str(detail.visual.plain)
        assert text.rstrip().endswith("b: browse shows it all") and "…" in text
        assert "Sentence 1 of" in text and "Sentence 12" not in text
        assert "tags: geo" in text
        # Everything fits the box: nothing hidden below its edge.
        assert len(text.splitlines()) == detail.content_region.height
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert LONG in screen_text(app).replace("\n", " ")


async def test_enter_on_a_bank_starts_a_review(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.options.mode.value == "review"


async def test_invalid_banks_are_listed_with_their_first_error(tmp_path):
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "good.yaml").write_text(GOOD_YAML)
    (tmp_path / "banks" / "bad.yaml").write_text(BAD_YAML)
    (tmp_path / "banks" / "garbage.yaml").write_text("title: [unclosed\n")
    app = make_app(bank_paths=[tmp_path / "banks"], search_dirs=[], data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [e.ok for e in app.entries] == [True, False, False]
        assert row(app, 0)[0] == "Capitals"
        assert row(app, 1)[:2] == ["bad.yaml", "invalid"]
        bad = app.entries[1]
        assert "bad.yaml" in str(bad.problem) and "Pari" in str(bad.problem)
        await pilot.press("down")
        await pilot.pause()
        assert str(bad.problem) in screen_text(app)
        await pilot.press("z")  # cannot be started
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.session is None
        await pilot.press("up", "z")  # the valid one still works
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_a_broken_bank_offers_no_study_keys_and_says_why(tmp_path):
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "good.yaml").write_text(GOOD_YAML)
    (tmp_path / "banks" / "bad.yaml").write_text(BAD_YAML)
    app = make_app(bank_paths=[tmp_path / "banks"], search_dirs=[], data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert {"r", "z", "e", "m", "b"} <= footer(app).keys()
        await pilot.press("down")
        await pilot.pause()
        keys = footer(app)
        assert not {"r", "z", "e", "m", "b", "space"} & keys.keys()
        assert keys["s"] == "Stats"
        for key in ("r", "e", "enter"):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen), key
            [note] = toasts(app)
            assert note.startswith("This bank has errors: ") and "Pari" in note, key
            assert f"Run quiz validate {tmp_path / 'banks' / 'bad.yaml'}" in note
        await pilot.press("up")
        await pilot.pause()
        assert "r" in footer(app)


async def test_straight_into_stats_names_the_banks_that_failed(tmp_path):
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "good.yaml").write_text(GOOD_YAML)
    for name in ("bad1.yaml", "bad2.yaml", "bad3.yaml", "bad4.yaml"):
        (folder / name).write_text(BAD_YAML)
    app = make_app(bank_paths=[folder], search_dirs=[], data_dir=tmp_path / "data", mode="stats")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        [note] = [n for n in toasts(app) if "could not be loaded" in n]
        assert "bad1.yaml, bad2.yaml and 2 more" in note and "quiz validate" in note


async def test_a_missing_bank_is_listed_not_fatal(tmp_path):
    entries = [
        BankEntry(problem=Problem("gone.yaml", 0, 0, "no such file or folder"), named=True),
        BankEntry(bank=bank(QUESTIONS["choice"]), named=True),
    ]
    app = make_app(entries, data_dir=tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "no such file or folder" in screen_text(app)
        assert any("could not be loaded" in n for n in toasts(app))


async def test_bank_titles_are_literal_in_the_table(tmp_path):
    title = "[b]x[/] [@click=app.quit]q[/]"
    app = app_for(bank(QUESTIONS["choice"], title=title), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert row(app, 0)[0] == title


async def test_store_notices_are_shown(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.json").write_text("{ not json")
    app = app_for(bank(QUESTIONS["choice"]), data_dir=data)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        messages = toasts(app)
        assert any("damaged" in m.lower() or "backup" in m.lower() for m in messages), messages


async def test_stats_and_browse_open_from_home_and_come_back(tmp_path):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen) and footer(app)["escape"] == "Back"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_straight_into_stats_quits_when_closed(tmp_path):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="stats")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert footer(app)["escape"] == "Quit"  # not "Back": there is nothing to go back to
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path, mode="browse")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen) and footer(app)["escape"] == "Quit"


async def test_help_lists_every_binding_of_every_screen(tmp_path):
    from quiz.tui.screens.help import own_bindings, sections

    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        titles = [title.strip() for title, _ in sections(QuizApp)]
        assert {"Home", "Question", "Feedback", "Results", "Statistics", "Browse"} <= set(titles)
        for _, classes in sections(QuizApp):
            for cls in classes:
                for binding in own_bindings(cls):
                    assert binding.description, f"{cls.__name__} {binding.key} has none"
                    assert binding.description in text
        assert text.index("Home") < text.index("Everywhere"), "this screen's keys first"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_ctrl_q_from_home(tmp_path):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_no_banks_at_all(tmp_path):
    app = make_app(search_dirs=[tmp_path / "nothing"], data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No banks found" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


def test_search_dirs_skip_missing_folders(tmp_path: Path):
    from quiz.tui.catalog import load_entries

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.yaml").write_text(GOOD_YAML)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "dup.yaml").write_text(GOOD_YAML)
    entries = load_entries(
        [tmp_path / "a" / "one.yaml"], [tmp_path / "a", tmp_path / "b", tmp_path / "x"]
    )
    assert [(e.ok, e.named) for e in entries] == [(True, True), (False, False)]
    assert "already used by" in entries[1].problem.message


async def test_the_next_day_the_due_reviews_are_waiting(tmp_path):
    today = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    questions = (QUESTIONS["choice"], QUESTIONS["true_false"])
    app = app_for(bank(*questions), data_dir=tmp_path, clock=lambda: today)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        while isinstance(app.screen, QuestionScreen | FeedbackScreen):
            if isinstance(app.screen, QuestionScreen):
                await answer(pilot, True)
            else:
                await pilot.press("enter")
                await pilot.pause()
        await pilot.press("enter")  # results -> home
        await pilot.pause()
        assert row(app, 0)[2:4] == ["0", "0"]  # nothing due, nothing new today
        assert "All caught up — next review" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "nothing to review until it is due"
    later = today + timedelta(days=30)
    again = app_for(bank(*questions), data_dir=tmp_path, clock=lambda: later)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert row(again, 0)[2] == "2"
        assert "Today: 2 due · 0 new" in screen_text(again)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(again.screen, QuestionScreen)
        assert {i.key for i in again.session.items} == {f"demo/{q.id}" for q in questions}


# --- what to study today ---------------------------------------------------------------------

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def many(n: int, id: str = "many", title: str = "Many") -> Bank:
    questions = [replace(QUESTIONS["true_false"], id=f"tf{i}") for i in range(n)]
    return bank(*questions, id=id, title=title)


def studied(data_dir: Path, keys: list[str], rating: Rating, when: datetime) -> ProgressStore:
    store = ProgressStore.open(data_dir, defaults=Settings(enable_fuzzing=False))
    for key in keys:
        store.record_review(
            key, rating=rating, correct=True, response_time=2.0, session_id=None, now=when
        )
    return store


async def test_home_counts_the_new_cards_a_review_offers_today(tmp_path):
    # 30 new cards, 20 a day: today's review offers 20, not "0 due" and nothing else.
    app = app_for(many(30), data_dir=tmp_path, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Today: 0 due · 20 new · streak 0 days" in screen_text(app)
        assert row(app, 0) == ["Many", "30", "0", "20", "0%"]
        assert "30 questions · 30 never studied" in screen_text(app)


async def test_new_cards_studied_today_count_against_the_daily_limit(tmp_path):
    earlier = NOW - timedelta(hours=1)
    studied(tmp_path, [f"many/tf{i}" for i in range(5)], Rating.EASY, earlier)
    banks = (many(30), many(3, id="few", title="Few"))
    app = app_for(*banks, data_dir=tmp_path, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Today: 0 due · 15 new · streak 1 day" in screen_text(app)
        # Each bank alone: all of its new cards that fit in what is left of today's limit.
        assert row(app, 0)[2:4] == ["0", "15"] and row(app, 1)[2:4] == ["0", "3"]
        await pilot.press("r")
        await pilot.pause()
        assert len(app.session.items) == 15  # the count matches what the review offers


async def test_all_caught_up_says_when_the_next_review_is(tmp_path):
    # Easy on a new card: the next review is days away.
    studied(tmp_path, ["demo/sky"], Rating.EASY, NOW - timedelta(hours=1))
    app = app_for(bank(QUESTIONS["true_false"]), data_dir=tmp_path, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Today:" not in text
        due = app.store.card("demo/sky").due
        day = date.fromisoformat(app.store.study_day(due))
        assert f"All caught up — next review on {day:%a} {day.day} {day:%b}" in text


async def test_caught_up_with_a_learning_step_or_new_cards_left_for_tomorrow(tmp_path):
    # Again: the card comes back in a few minutes.
    studied(tmp_path, ["demo/sky"], Rating.AGAIN, NOW - timedelta(seconds=30))
    app = app_for(bank(QUESTIONS["true_false"]), data_dir=tmp_path, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "All caught up — next review in 1 min" in screen_text(app)

    # Today's 20 new cards are done and learnt (Easy): the other 5 wait for tomorrow.
    data = tmp_path / "limit"
    studied(data, [f"many/tf{i}" for i in range(20)], Rating.EASY, NOW - timedelta(hours=1))
    app = app_for(many(25), data_dir=data, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "All caught up — next review tomorrow" in screen_text(app)
        assert row(app, 0)[2:4] == ["0", "0"]


def test_next_review_in_words(tmp_path):
    from quiz.study.selection import ReviewToday
    from quiz.tui.text import next_review

    store = ProgressStore.open(tmp_path)

    def words(delta: timedelta | None, held_back: int = 0) -> str | None:
        when = NOW + delta if delta is not None else None
        return next_review(ReviewToday(0, 0, held_back, when), store, NOW)

    assert words(timedelta(minutes=4, seconds=10)) == "in 5 min"
    assert words(timedelta(hours=3, minutes=10)) == "in 3 h"
    assert words(timedelta(hours=3), held_back=2) == "in 3 h"
    assert words(timedelta(days=5), held_back=2) == "tomorrow"
    assert words(None, held_back=2) == "tomorrow"
    assert words(None) is None
    later = NOW + timedelta(days=9)
    day = date.fromisoformat(store.study_day(later))
    assert words(timedelta(days=9)) == f"on {day:%a} {day.day} {day:%b}"


async def test_a_long_bank_title_is_cut_so_every_column_fits_80_columns(tmp_path):
    title = "Foreign policy of the Republic of Azerbaijan: principles, goals and priorities"
    app = app_for(bank(QUESTIONS["choice"], title=title), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        cell = row(app, 0)[0]
        assert cell.endswith("…") and title.startswith(cell[:-1])
        table = app.screen.query_one("#banks", DataTable)
        assert table.virtual_size.width <= 80
        assert title in screen_text(app)  # in full below the table


# --- several banks at once -------------------------------------------------------------------


def marks(app) -> list[bool]:
    table = app.screen.query_one("#banks", DataTable)
    return [cells(app, n)[0] == "✓" for n in range(table.row_count)]


async def test_marked_banks_are_studied_together(tmp_path):
    first = bank(QUESTIONS["choice"], id="first", title="First")
    second = bank(QUESTIONS["true_false"], QUESTIONS["short"], id="second", title="Second")
    app = app_for(first, second, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "space marks banks to study together · a marks all" in screen_text(app)
        assert "Mark" in [a.binding.description for a in app.screen.active_bindings.values()]
        await pilot.press("space")
        assert marks(app) == [True, False]
        assert "1 of 2 banks marked" in screen_text(app)
        await pilot.press("down", "space")
        assert marks(app) == [True, True]
        assert "✓ 2 marked banks studied together" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.banks == ("first", "second") and len(app.session.items) == 3
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and marks(app) == [True, True]
        await pilot.press("e")
        await pilot.pause()
        assert "Exam: First + Second" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.items) == 3 and app.session.options.mode.value == "exam"


async def test_a_marks_every_bank_or_none_and_space_unmarks(tmp_path):
    (tmp_path / "banks").mkdir()
    (tmp_path / "banks" / "good.yaml").write_text(GOOD_YAML)
    (tmp_path / "banks" / "bad.yaml").write_text(BAD_YAML)
    entries = [BankEntry(bank=bank(QUESTIONS["choice"], id="demo"), named=True)]
    app = make_app(
        entries, bank_paths=[tmp_path / "banks"], search_dirs=[], data_dir=tmp_path / "data"
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert marks(app) == [True, True, False]  # the invalid bank cannot be marked
        await pilot.press("space")
        assert marks(app) == [False, True, False]
        await pilot.press("a")  # not all marked: mark all
        assert marks(app) == [True, True, False]
        await pilot.press("a")  # all marked: clear
        assert marks(app) == [False, False, False]
        await pilot.press("down", "down", "space")
        assert marks(app) == [False, False, False]
        assert any("This bank has errors" in n for n in toasts(app))
        await pilot.press("up", "r")  # no marks: the highlighted bank alone
        await pilot.pause()
        assert app.session.banks == ("capitals",)


def test_the_broken_bank_message_has_one_full_stop():
    problem = Problem("x.yaml", 3, 1, "the file is empty.")
    entry = BankEntry(problem=problem, path=Path("x.yaml"))
    message = HomeScreen.broken_message(entry)
    assert message == "This bank has errors: the file is empty. Run quiz validate x.yaml"


async def test_resizing_wide_and_back_gives_the_table_its_narrow_columns(tmp_path):
    title = "Foreign policy of the Republic of Azerbaijan: principles, goals and priorities " * 2
    app = app_for(bank(QUESTIONS["choice"], title=title), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#banks", DataTable)
        narrow = [c.get_render_width(table) for c in table.columns.values()]
        assert sum(narrow) <= 80 - 2 and narrow[1] > 30  # the title has what is left
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert len(row(app, 0)[0]) > len(title) // 2  # the wide terminal shows more of it
        assert table.virtual_size.width <= 200
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert [c.get_render_width(table) for c in table.columns.values()] == narrow
        assert table.virtual_size.width <= 80 and table.max_scroll_x == 0
        assert not table.show_horizontal_scrollbar
        assert row(app, 0)[4] == "0%"  # Mastery in full, not "Mas"
