"""The question screen's progress bar: one line, filled as far as the session has come."""

from __future__ import annotations

from rich.style import Style
from textual.app import RenderResult
from textual.renderables.bar import Bar
from textual.widget import Widget


class ProgressLine(Widget, can_focus=False):
    """Textual's ``ProgressBar`` as this screen shows it (no percentage, no estimate), drawn
    by the widget itself. The library's composes a bar widget inside it and keeps a timer that
    wakes the app every second to sample the rate for its estimate, which nothing here shows:
    two widgets to style and lay out on every question screen, and a wake-up a second."""

    COMPONENT_CLASSES = {"progress-line--bar", "progress-line--complete"}

    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        &> .progress-line--bar {
            color: $primary;
            background: $surface;
        }
        &> .progress-line--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress = 0.0
        self._total = 0.0

    @property
    def percentage(self) -> float:
        """How far, from 0 to 1 (1 when there is nothing to do, as ``ProgressBar`` has it)."""
        if self._total <= 0:
            return 1.0
        return min(max(self._progress / self._total, 0.0), 1.0)

    def update(self, progress: float, total: float) -> None:
        if (progress, total) != (self._progress, self._total):
            self._progress, self._total = progress, total
            self.refresh()

    def render(self) -> RenderResult:
        done = self.percentage
        style = self.get_component_rich_style(
            "progress-line--bar" if done < 1 else "progress-line--complete"
        )
        return Bar(
            highlight_range=(0, self.size.width * done),
            highlight_style=Style.from_color(style.color),
            background_style=Style.from_color(style.bgcolor),
        )
