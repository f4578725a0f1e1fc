"""The way into the Statistics and Browse screens, which live in their own modules.

They are imported when first opened (and only then), so the rest of the app starts fast and
works even if one of them cannot be imported.
"""

from __future__ import annotations

import importlib
from datetime import date

from textual.screen import Screen

from quiz.bank.model import Bank
from quiz.study.store import ProgressStore


def stats_screen(banks: list[Bank], store: ProgressStore, exam_date: date | None) -> Screen | None:
    try:
        from quiz.tui.screens.stats import StatsScreen
    except ModuleNotFoundError as error:
        if error.name != "quiz.tui.screens.stats":
            raise
        return None
    return StatsScreen(banks, store, exam_date)


def browse_screen(bank: Bank) -> Screen | None:
    try:
        from quiz.tui.screens.browse import BrowseScreen
    except ModuleNotFoundError as error:
        if error.name != "quiz.tui.screens.browse":
            raise
        return None
    return BrowseScreen(bank)


def extra_screen_classes() -> list[tuple[str, type]]:
    """The Statistics and Browse screens, for the help screen (those that can be imported)."""
    found: list[tuple[str, type]] = []
    for title, module, name in (
        ("Statistics", "quiz.tui.screens.stats", "StatsScreen"),
        ("Browse", "quiz.tui.screens.browse", "BrowseScreen"),
    ):
        try:
            found.append((title, getattr(importlib.import_module(module), name)))
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    return found
