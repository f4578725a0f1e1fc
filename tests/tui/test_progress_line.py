"""The question screen's progress bar (quiz.tui.widgets.progress): filled in proportion, green
when done, and quiet between updates (no timer of its own)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from quiz.tui.widgets.progress import ProgressLine


class One(App[None]):
    def compose(self) -> ComposeResult:
        yield ProgressLine(id="progress")


def filled(bar: ProgressLine) -> tuple[int, int]:
    """(cells in the bar's colour, cells in the background's) of the bar's line."""
    done = bar.get_component_rich_style("progress-line--bar").color
    complete = bar.get_component_rich_style("progress-line--complete").color
    cells = [
        (segment.style.color if segment.style else None)
        for segment in bar.render_line(0)
        for _ in segment.text
    ]
    return sum(c in (done, complete) for c in cells), len(cells)


@pytest.mark.parametrize(("progress", "total", "share"), [(0, 4, 0), (1, 4, 0.25), (3, 4, 0.75)])
async def test_the_bar_fills_in_proportion(progress, total, share):
    app = One()
    async with app.run_test(size=(40, 3)) as pilot:
        bar = app.query_one(ProgressLine)
        bar.update(progress, total)
        await pilot.pause()
        assert bar.percentage == share
        lit, width = filled(bar)
        assert width == 40 and lit == round(40 * share)


async def test_a_finished_bar_is_whole_and_in_the_complete_colour():
    app = One()
    async with app.run_test(size=(40, 3)) as pilot:
        bar = app.query_one(ProgressLine)
        bar.update(5, 5)
        await pilot.pause()
        complete = bar.get_component_rich_style("progress-line--complete").color
        assert {s.style.color for s in bar.render_line(0) if s.text.strip()} == {complete}
        assert bar.percentage == 1.0
        bar.update(0, 0)  # nothing to do counts as done, as ProgressBar has it
        assert bar.percentage == 1.0


async def test_the_bar_keeps_no_timer():
    app = One()
    async with app.run_test(size=(40, 3)) as pilot:
        await pilot.pause()
        assert not app.query_one(ProgressLine)._timers
