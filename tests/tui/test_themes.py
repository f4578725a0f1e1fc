"""Themes: Textual's built-in themes from the command palette, the one chosen kept in the
settings and used again at the next start, and the cursor and the picked options readable on
every one of them."""

from __future__ import annotations

import pytest
from app_support import app_for, one_type_bank
from textual.color import Color
from textual.command import CommandPalette
from textual.theme import BUILTIN_THEMES
from textual.widgets import Input

from quiz.study.store import ProgressStore
from quiz.tui.screens.home import HomeScreen
from quiz.tui.widgets.choice import OptionRow

# WCAG's "AA" for normal text, and a cursor row that stands out from the rows around it.
TEXT_CONTRAST = 4.5
CURSOR_CONTRAST = 1.5
# The ANSI themes hand their colours to the terminal's own palette: not ours to measure.
THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi-")]


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(row: OptionRow) -> tuple[Color, Color]:
    """(background, text colour) of ``row`` as drawn: translucent colours composed."""
    _, _, background, color = row.colors
    return background, background + color


async def test_the_cursor_and_the_picks_are_readable_on_every_theme(tmp_path):
    app = app_for(one_type_bank("multi"), data_dir=tmp_path, mode="quiz")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "down", "down")  # option 1 ticked, the cursor on another
        await pilot.pause()
        rows = list(app.screen.query(OptionRow))
        [cursor] = [r for r in rows if r.has_class("-cursor")]
        [picked] = [r for r in rows if r.has_class("-on") and r is not cursor]
        [plain] = [r for r in rows if r not in (cursor, picked)]
        failures = []
        for name in THEMES:
            app.theme = name
            await pilot.pause()
            background, color = text_on(cursor)
            plain_background, plain_color = text_on(plain)
            picked_background, picked_color = text_on(picked)
            checks = {
                "cursor text": contrast(background, color) >= TEXT_CONTRAST,
                "cursor row": contrast(background, plain_background) >= CURSOR_CONTRAST,
                "picked text": contrast(picked_background, picked_color) >= TEXT_CONTRAST,
                "plain text": contrast(plain_background, plain_color) >= TEXT_CONTRAST,
            }
            failures += [f"{name}: {what}" for what, ok in checks.items() if not ok]
        assert failures == []


async def test_a_theme_chosen_from_the_palette_is_kept_and_used_at_the_next_start(tmp_path):
    app = app_for(one_type_bank("choice"), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"theme", "enter")  # "Theme: change the current theme"
        await pilot.pause()
        # The theme list: search for one and pick it.
        app.screen.query_one(Input).value = "nord"
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    assert ProgressStore.open(tmp_path).settings.theme == "nord"

    again = app_for(one_type_bank("choice"), data_dir=tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


@pytest.mark.parametrize("kept", ["no-such-theme"])
async def test_a_theme_that_is_gone_leaves_the_default(tmp_path, kept):
    ProgressStore.open(tmp_path).update_settings(theme=kept)
    app = app_for(one_type_bank("choice"), data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
    assert ProgressStore.open(tmp_path).settings.theme == kept
