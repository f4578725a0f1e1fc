"""Every screen outside a running session reflows both ways, from 60x20 to 250x70 and back:
nothing runs off the right edge or needs a horizontal scroll bar, and the key bar is on the
last line, showing how to quit and get help."""

from __future__ import annotations

import pytest
from app_support import QUESTIONS, app_for, bank
from textual.screen import ModalScreen
from textual.widget import Widget

from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.exam_date import ExamDateScreen
from quiz.tui.screens.exam_setup import ExamSetupScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.home import HomeScreen
from quiz.tui.screens.stats import StatsScreen
from quiz.tui.widgets.keybar import KeyBar

SIZES = [(60, 20), (250, 70), (80, 24), (60, 20)]
LONG_TITLE = "Foreign policy of the Republic of Azerbaijan: principles, goals and priorities"

# How to reach each screen from home, with the keys a learner presses.
SCREENS = {
    "home": ([], HomeScreen),
    "browse": (["b"], BrowseScreen),
    "stats": (["s"], StatsScreen),
    "exam setup": (["e"], ExamSetupScreen),
    "exam date": (["s", "e"], ExamDateScreen),
    "help": (["f1"], HelpScreen),
}


def overflowing(screen, width: int) -> list[str]:
    problems = []
    for widget in screen.query(Widget):
        if not widget.display or not widget.region.width:
            continue
        name = f"{type(widget).__name__}#{widget.id}"
        if widget.region.right > width:
            problems.append(f"{name} ends at column {widget.region.right}")
        if widget.is_scrollable and widget.max_scroll_x > 0:
            problems.append(f"{name} scrolls sideways by {widget.max_scroll_x}")
    return problems


@pytest.mark.parametrize("name", SCREENS)
async def test_the_screen_reflows_from_small_to_large_and_back(name, tmp_path):
    keys, kind = SCREENS[name]
    app = app_for(bank(*QUESTIONS.values(), title=LONG_TITLE), data_dir=tmp_path)
    width, height = SIZES[0]
    async with app.run_test(size=(width, height)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, kind)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.pause()
            problems = overflowing(app.screen, width)
            assert problems == [], (width, height, problems)
            bar = app.screen.query_one(KeyBar)
            assert bar.region.y == height - 1 and bar.region.width == width
            line = str(bar.render())
            if not isinstance(app.screen, ModalScreen):  # a dialog's bar: its own few keys
                assert "Quit" in line and "Help" in line, (width, line)
