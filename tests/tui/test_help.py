"""The help screen lists every key of every screen and answer input, found by itself: a screen
added to quiz/tui/screens (or a key added to one) is in the help without anyone listing it."""

from __future__ import annotations

import importlib
import pkgutil

from app_support import QUESTIONS, app_for, bank, screen_text
from textual.screen import Screen

from quiz.tui.app import QuizApp
from quiz.tui.screens.help import HelpScreen, own_bindings, sections
from quiz.tui.widgets.base import AnswerInput


def every_class(package, base) -> set[type]:
    found = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found |= {
            v
            for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, base) and v.__module__ == module.__name__
        }
    return found


def test_every_screen_and_input_with_keys_has_a_section():
    import quiz.tui.widgets

    listed = {cls for _, classes in sections(QuizApp) for cls in classes}
    screens = every_class(quiz.tui.screens, Screen) | every_class(quiz.tui.widgets, AnswerInput)
    missing = [c.__name__ for c in screens if own_bindings(c) and c not in listed]
    assert missing == []
    titles = [title.strip() for title, _ in sections(QuizApp)]
    assert titles[0] == "Everywhere"
    assert "Exam date" in titles and "Optimize" in titles
    assert len(titles) == len(set(titles))


async def test_the_help_shows_every_key_of_every_section(tmp_path):
    app = app_for(bank(QUESTIONS["choice"]), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _, classes in sections(QuizApp):
            for cls in classes:
                for binding in own_bindings(cls):
                    assert binding.description in text, f"{cls.__name__}: {binding.key}"
        # The browse keys added with flagging, shown as typed.
        assert "  @              Suspend" in text and "  -              Bury" in text
