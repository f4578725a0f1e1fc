"""The key bar at the foot of every screen: the keys the screen offers now, on one line.

In place of Textual's ``Footer``, which builds a widget for every key and rebuilds them all
whenever the screen's bindings are refreshed (several times per answer): that was a large part
of the time between a key and what it shows. This is one line of text, redrawn only when what
it says changes. When the line is too narrow for every key, the app's own keys (quit, help)
stay and the screen's last ones give way, so that a small terminal still says how to get out.
"""

from __future__ import annotations

from dataclasses import field

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from quiz.records import Record, record


@record(slots=False)
class Key(Record):
    action: str  # what a click on the entry runs, in the namespace of ``node``
    node: DOMNode = field(compare=False)
    display: str  # "Enter", "^q"
    description: str
    enabled: bool
    app_wide: bool  # one of the app's bindings (quit, help): kept when space is short


class KeyBar(Widget):
    """One line listing the active screen's shown bindings: ``Enter Next  k I knew it ...``."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: tuple[Key, ...] = ()
        self._spans: list[tuple[int, int, Key]] = []  # cells each shown key takes, for clicks
        self._update_due = False  # a reading of the keys is waiting for the next refresh

    def on_mount(self) -> None:
        # The screen says when its bindings change (it does once it is mounted too); asking it
        # now would ask widgets that are not mounted yet.
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        # After the refresh, as Textual's footer does: the screen may be saying so while its
        # widgets (which its check_action asks) are still being mounted.
        # A screen says so several times for one change (its own refresh, a focus moving,
        # an input mounted: six times per new question): one reading after the refresh
        # answers them all, as it reads what holds by then.
        if self.is_attached and screen is self.screen and not self._update_due:
            self._update_due = self.call_after_refresh(self._update)

    def _update(self) -> None:
        self._update_due = False
        self.update_keys()

    def update_keys(self) -> None:
        """Read the screen's keys now (they are read after the next refresh when the screen
        says its bindings changed; a screen filled in off the stack asks for it, so that
        its keys are in its first frame instead of a second one)."""
        if not self.is_attached:
            return
        keys = self._read(self.screen)
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def _read(self, screen: Screen) -> tuple[Key, ...]:
        app = self.app
        seen: set[str] = set()
        keys: list[Key] = []
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue  # one entry per action, as "enter,space" binds both keys to one
            seen.add(binding.action)
            keys.append(
                Key(
                    action=binding.action,
                    node=node,
                    display=app.get_key_display(binding),
                    description=binding.description,
                    enabled=enabled,
                    app_wide=node is app,
                )
            )
        # The app's keys last, where the eye finds them on every screen.
        keys.sort(key=lambda k: k.app_wide)
        return tuple(keys)

    def render(self) -> RenderResult:
        width = self.size.width
        shown = list(self.keys)
        while shown and self._width(shown) > width:
            # Drop the screen's last key first; the app's keys only when nothing else is left.
            screen_keys = [k for k in shown if not k.app_wide]
            shown.remove(screen_keys[-1] if screen_keys else shown[-1])
        parts: list[Content] = []
        self._spans = []
        x = 1
        for key in shown:
            style = "" if key.enabled else "dim"
            entry = Content.assemble(
                (key.display, f"bold $footer-key-foreground {style}".strip()),
                " ",
                (key.description, f"$footer-description-foreground {style}".strip()),
            )
            self._spans.append((x, x + entry.cell_length, key))
            x += entry.cell_length + 2
            parts.append(entry)
        return Content(" ") + Content("  ").join(parts)

    @staticmethod
    def _width(keys: list[Key]) -> int:
        entries = [cell_len(k.display) + 1 + cell_len(k.description) for k in keys]
        return 1 + sum(entries) + 2 * max(0, len(entries) - 1)

    async def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end and key.enabled:
                event.stop()
                await self.app.run_action(key.action, key.node)
                return


def shown_descriptions(screen: Screen) -> list[str]:
    """What the key bar of ``screen`` lists (for tests and the help screen)."""
    return [key.description for key in screen.query_one(KeyBar).keys]
