"""The dialogs, Statistics and Browse keep their styles beside their code (screens/*.tcss): a
launch parses only those of its first screens (app.tcss), and each screen has its own styles
from its first frame on."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from app_support import QUESTIONS, app_for, bank

import quiz.tui.screens as screens_package
from quiz.tui.screens.browse import BrowseScreen
from quiz.tui.screens.help import HelpScreen
from quiz.tui.screens.stats import StatsScreen

SCREENS = Path(screens_package.__file__).parent


def _sources(app) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source}


async def test_a_launch_reads_only_the_first_screens_styles_and_each_screen_brings_its_own(
    tmp_path,
):
    app = app_for(bank(*QUESTIONS.values()), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "app.tcss" in _sources(app)
        assert not {"dialogs.tcss", "stats.tcss", "browse.tcss"} & _sources(app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        assert box.outer_size.width == 76 and box.styles.border_top[0] == "thick"
        await pilot.press("escape", "s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.query_one("#stats-title").styles.text_wrap == "nowrap"
        await pilot.press("escape", "b")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert {"dialogs.tcss", "stats.tcss", "browse.tcss"} <= _sources(app)


def test_every_screen_stylesheet_is_read_by_a_screen():
    named = {
        cls.CSS_PATH
        for module in SCREENS.glob("*.py")
        for cls in vars(import_module(f"quiz.tui.screens.{module.stem}")).values()
        if isinstance(cls, type) and isinstance(getattr(cls, "CSS_PATH", None), str)
    }
    assert named == {p.name for p in SCREENS.glob("*.tcss")}
