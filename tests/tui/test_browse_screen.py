"""Pilot tests of the browse screen: the list, the detail pane, search, literal bank text."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import DataTable, Input, Label

from quiz import paths
from quiz.bank.model import (
    Bank,
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
    TrueFalseQuestion,
)
from quiz.study.grading import correct_answer_text
from quiz.study.store import ProgressStore
from quiz.tui.app import QuizApp
from quiz.tui.catalog import BankEntry
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.widgets.question_detail import QuestionDetail, question_detail

MARKUP = ["[bold]x[/]", "[/", "[@click=app.quit]Click me[/]", "[link=https://example.com]l[/link]"]


def every_type() -> tuple[Question, ...]:
    return (
        ChoiceQuestion(
            id="markup",
            prompt="Which is literal? " + " ".join(MARKUP),
            choices=(Choice("[@click=app.quit]Click me[/]", feedback="[/ no"), Choice("Plain")),
            answer=1,
            explanation="[bold]x[/] is shown as written.",
            source="The [red]manual[/red], page 3",
            hint="Look for [/",
            tags=("safety",),
            line=7,
        ),
        MultiQuestion(
            id="primes",
            prompt="Pick the primes",
            choices=(Choice("2"), Choice("3"), Choice("4")),
            answers=frozenset({0, 1}),
            tags=("maths",),
        ),
        TrueFalseQuestion(id="sky", prompt="The sky is blue.", answer=True),
        ShortQuestion(
            id="baku",
            prompt="Capital of Azerbaijan?",
            answer="Baku",
            accept=("Bakı",),
            tags=("geo", "caucasus"),
            explanation="Baku lies on the Caspian Sea.",
        ),
        NumericQuestion(id="pi", prompt="Pi to two places?", answer=3.14, tolerance=0.01, points=2),
        ClozeQuestion(
            id="cat",
            prompt="The {{cat|kitty}} sat on the {{mat}}.",
            blanks=(("cat", "kitty"), ("mat",)),
        ),
        MatchQuestion(id="pairs", prompt="Match", pairs=(("France", "Paris"), ("Italy", "Rome"))),
        OrderQuestion(id="steps", prompt="Order the steps", items=("plan", "do", "check")),
        FlashcardQuestion(id="gil", prompt="What is the GIL?", answer="A global lock"),
    )


def bank(questions: tuple[Question, ...] | None = None) -> Bank:
    return Bank(
        id="demo",
        title="Demo [b]bank[/b]",
        questions=every_type() if questions is None else questions,
        path=Path("/banks/demo.yaml"),
    )


class _Host(QuizApp):
    """The app with browse opened over home (leaving browse goes back there)."""

    CSS_PATH = Path(__file__).resolve().parents[2] / "quiz" / "tui" / "app.tcss"

    def __init__(self, bank: Bank) -> None:
        super().__init__([BankEntry(bank=bank, named=True)], ProgressStore.open(paths.data_dir()))
        self.bank = bank

    def on_ready(self) -> None:  # once home is up
        self.push_screen(BrowseScreen(self.bank))


async def opened(pilot) -> None:
    """Wait until browse is up over home (keys pressed before would go to home)."""
    for _ in range(500):
        if isinstance(pilot.app.screen, BrowseScreen):
            break
        await pilot.pause()
    await pilot.pause()


def detail_text(app: App) -> str:
    return str(app.screen.query_one("#browse-detail", QuestionDetail).render())


def listed_ids(app: App) -> list[str]:
    table = app.screen.query_one("#browse-list", DataTable)
    return [str(table.coordinate_to_cell_key((r, 0)).row_key.value) for r in range(table.row_count)]


def count(app: App) -> str:
    return str(app.screen.query_one("#browse-count", Label).render())


async def test_lists_every_question_and_shows_the_first() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.pause()  # the prompts are fitted to the list once it is laid out
        assert listed_ids(app) == [q.id for q in every_type()]
        assert count(app) == "9 of 9"
        table = app.screen.query_one("#browse-list", DataTable)
        assert table.has_focus
        assert table.get_row_at(0)[3].plain.startswith("Which is literal? [bold]x[/] [/ ")
        text = detail_text(app)
        for literal in MARKUP:
            assert literal in text
        assert "✔ 2. Plain" in text and "  1. [@click=app.quit]Click me[/]" in text
        assert "↳ [/ no" in text
        assert "The [red]manual[/red], page 3" in text
        assert "Hint: Look for [/" in text
        assert "Tags: safety" in text and "demo.yaml:7" in text


async def test_markup_in_bank_text_does_nothing_when_clicked() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        pane = app.screen.query_one("#browse-detail-scroll")
        # Click along every visible line of the detail pane, over the "Click me" texts.
        for y in range(pane.region.height):
            await pilot.click("#browse-detail-scroll", offset=(12, y))
        await pilot.pause()
        assert app.return_code is None and app.is_running
        assert isinstance(app.screen, BrowseScreen)


async def test_moving_through_the_list_shows_each_question() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.pause()
        await pilot.press("down")
        assert "✔ 1. 2" in detail_text(app) and "✔ 2. 3" in detail_text(app)
        assert "  3. 4" in detail_text(app)
        await pilot.press("down", "down")
        text = detail_text(app)
        assert "Answer: Baku" in text and "Also accepted: Bakı" in text
        assert "Baku lies on the Caspian Sea." in text
        await pilot.press("down")
        assert "Answer: 3.14 (± 0.01)" in detail_text(app) and "2 points" in detail_text(app)
        await pilot.press("down")
        text = detail_text(app)
        assert "The [1] _____ sat on the [2] _____." in text
        assert "[1] cat  also: kitty" in text and "Full text: The cat sat on the mat." in text
        await pilot.press("down")
        assert "France → Paris" in detail_text(app)
        await pilot.press("down")
        assert "1. plan" in detail_text(app) and "3. check" in detail_text(app)
        await pilot.press("down")
        assert "Back: A global lock" in detail_text(app)


async def test_search_filters_and_counts() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("slash")
        search = app.screen.query_one("#browse-search", Input)
        assert search.has_focus
        await pilot.press(*"BAKU")  # the answer, in any case
        assert listed_ids(app) == ["baku"] and count(app) == "1 of 9"
        assert "Capital of Azerbaijan?" in detail_text(app)

        search.value = "Bakı"  # an accepted variant
        await pilot.pause()
        assert listed_ids(app) == ["baku"]
        search.value = "geo"  # a tag
        await pilot.pause()
        assert listed_ids(app) == ["baku"]
        search.value = "shown as written"  # the explanation
        await pilot.pause()
        assert listed_ids(app) == ["markup"]
        search.value = "capital caspian"  # every word, in any field, any order
        await pilot.pause()
        assert listed_ids(app) == ["baku"]
        search.value = "[@click"  # search text is data too
        await pilot.pause()
        assert listed_ids(app) == ["markup"]

        search.value = "nothing like this"
        await pilot.pause()
        assert listed_ids(app) == [] and count(app) == "0 of 9"
        assert "No question matches “nothing like this”" in detail_text(app)


async def test_slash_is_typed_in_the_search_and_escape_clears_it_first() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("slash", "c", "a", "t", "slash")
        search = app.screen.query_one("#browse-search", Input)
        assert search.value == "cat/"
        await pilot.press("backspace")
        assert listed_ids(app) == ["cat"]
        await pilot.press("enter")  # Enter takes the learner to the list
        assert app.screen.query_one("#browse-list", DataTable).has_focus

        await pilot.press("slash", "escape")
        assert isinstance(app.screen, BrowseScreen)
        assert search.value == "" and count(app) == "9 of 9"
        assert "The [1] _____ sat on the [2] _____." in detail_text(app)  # still selected
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowseScreen)


async def test_search_matches_hints_and_source_quotes() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("slash", *"look for")  # the hint
        assert listed_ids(app) == ["markup"]
        search = app.screen.query_one("#browse-search", Input)
        search.value = "manual page"  # the source quote
        await pilot.pause()
        assert listed_ids(app) == ["markup"]


async def test_no_matches_keeps_the_search_and_escape_clears_it() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        search = app.screen.query_one("#browse-search", Input)
        await pilot.press("slash", *"zzz", "enter")
        assert listed_ids(app) == [] and search.has_focus  # nothing to move to
        # Escape clears the search rather than leaving, from the box or the empty list.
        app.screen.query_one("#browse-list", DataTable).focus()
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)
        assert search.value == "" and count(app) == "9 of 9"
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowseScreen)


async def test_escape_from_the_list_goes_back() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowseScreen)


async def test_fits_80x24_and_sits_side_by_side_when_wide() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        screen = app.screen
        table = screen.query_one("#browse-list", DataTable)
        detail = screen.query_one("#browse-detail-scroll")
        assert not screen.has_class("-wide")
        assert table.region.height >= 6 and detail.region.height >= 8
        assert detail.region.y > table.region.y
        assert table.region.right <= 80 and detail.region.bottom <= 23
        # Prompts are cut to the list's width, with an ellipsis.
        long = table.get_row_at(0)[3].plain
        assert long.endswith("…") and table.region.width >= len(long)

        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert screen.has_class("-wide")
        assert detail.region.x > table.region.x and detail.region.y == table.region.y
        assert len(table.get_row_at(0)[3].plain) <= table.region.width - 16


async def test_an_empty_bank() -> None:
    app = _Host(bank(questions=()))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert count(app) == "0 of 0"
        assert "This bank has no questions." in detail_text(app)


def test_question_detail_for_results_screen() -> None:
    q = every_type()[3]
    assert correct_answer_text(q) == "Baku"
    text = question_detail(q, meta=False).plain
    assert text.startswith("Capital of Azerbaijan?")
    assert "Short answer" not in text and "Answer: Baku" in text
    assert correct_answer_text(every_type()[1]) == "2, 3"
    assert correct_answer_text(every_type()[2]) == "True"


async def test_a_big_bank_filters_once_the_typing_pauses() -> None:
    many = tuple(
        FlashcardQuestion(id=f"q{n}", prompt=f"Question {n}", answer=f"Answer {n}")
        for n in range(1, 1501)
    )
    app = _Host(bank(questions=many))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert count(app) == "1500 of 1500"
        await pilot.press("slash", *"answer 1499")
        for _ in range(100):  # the list is refilled once the typing pauses (0.25 s)
            if count(app) != "1500 of 1500":
                break
            await pilot.pause(0.05)
        assert listed_ids(app) == ["q1499"] and count(app) == "1 of 1500"
        assert "Back: Answer 1499" in detail_text(app)


def marks(app: App, question_id: str) -> str:
    table = app.screen.query_one("#browse-list", DataTable)
    return table.get_cell(question_id, "marks").plain


async def test_down_from_the_search_box_reaches_the_results() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("slash", *"capital", "down")
        table = app.screen.query_one("#browse-list", DataTable)
        assert table.has_focus and listed_ids(app) == ["baku"]
        await pilot.press("slash", *"zzz", "down")  # no results: stay in the box
        assert app.screen.query_one("#browse-search", Input).has_focus


async def test_tag_selects_one_tag_exactly() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("slash", *"tag:GEO")
        assert listed_ids(app) == ["baku"]
        app.screen.query_one("#browse-search", Input).value = "tag:ge"  # not a tag of any
        await pilot.pause()
        assert listed_ids(app) == []


async def test_study_starts_a_quiz_on_the_questions_listed() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("slash", *"tag:maths", "enter")
        await pilot.press("s")
        await pilot.pause()
        assert app.session is not None
        assert [item.key for item in app.session.items] == ["demo/primes"]
        assert app.session.options.keys == ("demo/primes",)


async def test_flag_suspend_and_bury_the_highlighted_card() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        store = app.store
        await pilot.press("down")  # primes
        await pilot.press("f")
        assert store.is_flagged("demo/primes") and marks(app, "primes") == "⚑  "
        assert "⚑ Flagged" in str(app.screen.query_one("#browse-marks").render())
        await pilot.press("at")
        assert store.is_suspended("demo/primes") and marks(app, "primes") == "⚑⊘ "
        await pilot.press("down", "minus")
        assert store.is_buried("demo/sky", app.clock()) and marks(app, "sky") == "  ↓"
        await pilot.press("minus")  # again: back at once
        assert not store.is_buried("demo/sky", app.clock()) and marks(app, "sky") == "   "
        await pilot.press("up", "at", "f")
        assert not store.is_suspended("demo/primes") and not store.is_flagged("demo/primes")
        assert marks(app, "primes") == "   "
        assert not app.screen.query_one("#browse-marks").display
    # Kept in the progress file.
    again = ProgressStore.open(paths.data_dir())
    assert again.flagged_keys() == [] and again.suspended_keys() == []


async def test_list_only_the_flagged_cards_and_study_them() -> None:
    app = _Host(bank())
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("F")
        assert listed_ids(app) == [] and count(app) == "0 of 9 ⚑"
        assert "No card of this bank is flagged" in detail_text(app)
        await pilot.press("F", "down", "f", "down", "down", "f", "F")
        assert listed_ids(app) == ["primes", "baku"] and count(app) == "2 of 9 ⚑"
        await pilot.press("down", "f")  # unflagged: it leaves the list
        assert listed_ids(app) == ["primes"]
        await pilot.press("f", "s")
        await pilot.pause()
        assert app.session is None  # nothing listed: nothing to study
        await pilot.press("F", "f", "F")  # all listed, primes still highlighted: flag it
        await pilot.press("s")
        await pilot.pause()
        assert [item.key for item in app.session.items] == ["demo/primes"]
