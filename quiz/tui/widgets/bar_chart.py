"""A small vertical bar chart drawn with block characters, with a label under each bar.

Textual's Sparkline scales from the smallest to the largest value and has no labels; a forecast
("how many reviews on each of the next 14 days") needs zero to look like zero, a count over each
bar and the day under it. Values may be ``None`` (no data that day), drawn as a dot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


def compact_count(value: float | None) -> str:
    """A count that fits in three cells: ``7``, ``120``, ``2k``."""
    if value is None:
        return ""
    n = round(value)
    if n < 1000:
        return str(n)
    if n < 100_000:
        return f"{n // 1000}k"
    return "99k+"


def bar_cells(value: float | None, maximum: float, height: int) -> int:
    """How many eighths of a cell the bar of ``value`` fills, out of ``height * 8``."""
    if value is None or value <= 0 or maximum <= 0:
        return 0
    # A non-zero value always shows at least a sliver: a day with 1 review is not an empty day.
    return max(1, round(min(value, maximum) / maximum * height * 8))


class BarChart(Widget):
    """Vertical bars, one per value, with an optional value row on top and label rows below.

    ``labels`` holds one string per bar; a label with a newline uses two rows (e.g. weekday and
    day of month). ``highlight`` is the index of a bar drawn in the accent colour (e.g. today).
    ``zero`` is what a value of 0 shows on the bottom row; ``None`` shows as a dot.
    """

    COMPONENT_CLASSES = {"bar-chart--bar", "bar-chart--highlight", "bar-chart--label"}

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: auto;
    }
    BarChart > .bar-chart--bar {
        color: $primary;
    }
    BarChart > .bar-chart--highlight {
        color: $accent;
    }
    BarChart > .bar-chart--label {
        color: $text-muted;
    }
    """

    values: reactive[tuple[float | None, ...]] = reactive((), layout=True)
    labels: reactive[tuple[str, ...]] = reactive((), layout=True)

    def __init__(
        self,
        values: Sequence[float | None] = (),
        labels: Sequence[str] = (),
        *,
        bar_height: int = 5,
        bar_width: int = 3,
        gap: int = 1,
        maximum: float | None = None,
        show_values: bool = True,
        value_format: Callable[[float | None], str] = compact_count,
        highlight: int | None = None,
        zero: str = " ",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.bar_height = bar_height
        self.bar_width = bar_width
        self.gap = gap
        self.maximum = maximum
        self.show_values = show_values
        self.value_format = value_format
        self.highlight = highlight
        self.zero = zero  # drawn on the bottom row for a value of 0 (e.g. 0% accuracy)
        self.set_reactive(BarChart.values, tuple(values))
        self.set_reactive(BarChart.labels, tuple(labels))

    def _cell(self, text: str) -> str:
        return text[: self.bar_width].center(self.bar_width) + " " * self.gap

    def render(self) -> Content:
        values = self.values
        top = self.maximum if self.maximum is not None else max((v or 0 for v in values), default=0)
        bar_style = self.get_visual_style("bar-chart--bar", partial=True)
        highlight_style = self.get_visual_style("bar-chart--highlight", partial=True)
        label_style = self.get_visual_style("bar-chart--label", partial=True)
        fills = [bar_cells(v, top, self.bar_height) for v in values]
        rows: list[Content] = []

        if self.show_values:
            rows.append(Content("".join(self._cell(self.value_format(v)) for v in values)))
        for row in range(self.bar_height):
            floor = (self.bar_height - 1 - row) * 8  # eighths below this row
            parts: list[tuple[str, Style] | str] = []
            for i, (value, fill) in enumerate(zip(values, fills, strict=True)):
                if row == self.bar_height - 1 and value is None:
                    char = "·"
                elif row == self.bar_height - 1 and value == 0:
                    char = self.zero
                else:
                    char = BLOCKS[max(0, min(8, fill - floor))]
                style = highlight_style if i == self.highlight else bar_style
                parts.append((char * self.bar_width, style))
                parts.append(" " * self.gap)
            rows.append(Content.assemble(*parts))
        if self.labels:
            split = [label.split("\n") for label in self.labels]
            for line in range(max(len(s) for s in split)):
                text = "".join(self._cell(s[line] if line < len(s) else "") for s in split)
                rows.append(Content.styled(text, label_style))
        return Content("\n").join(row.rstrip() for row in rows)
