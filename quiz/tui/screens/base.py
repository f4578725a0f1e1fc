"""What every screen of the app shares: a typed way to the app that runs it.

Screens reach the learner's store, session and clock through ``self.quiz`` (typed as
``QuizApp``) rather than through untyped ``self.app`` attributes. The app module is imported
for type checking only: ``quiz.tui.app`` imports the screens, so a runtime import here would
make a cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events, on
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

ResultType = TypeVar("ResultType")


def draw_first_frame(screen: QuizScreen[Any] | QuizModal[Any]) -> None:
    """Draw a new screen as soon as it is ready, once. Textual draws on a timer that waits a
    whole frame period (1/60 s) before its first tick, so every screen was first drawn about
    17 ms after it was ready: a fifth of what the app added to a launch. Later frames keep
    Textual's pace.

    "Ready" means that no widget of the screen has a change it has not yet handed to the
    screen (a widget tells its screen what it needs laid out or painted only when it is idle
    itself). Code that reads sizes after a refresh (``after_refresh``) runs once this frame is
    drawn, so the frame must already hold every change; until then Textual's timer goes on as
    usual."""
    if screen._first_frame_drawn or not screen.is_current or screen.app._batch_count:
        return
    if not (
        screen._layout_required
        or screen._repaint_required
        or screen._dirty_widgets
        or screen._recompose_required
    ):
        return
    if screen.message_queue_size:
        return
    for widget in screen.walk_children(Widget, with_self=False):
        if (
            not widget.is_mounted
            or widget.message_queue_size
            or widget._layout_required
            or widget._repaint_required
            or widget._scroll_required
            or widget._refresh_styles_required
            or widget._recompose_required
        ):
            return
    screen._first_frame_drawn = True
    screen._on_timer_update()


class QuizScreen(Screen[ResultType]):
    """A screen of the quiz app."""

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)

    # What this screen's styles were last worked out for, beyond its own widgets (whose
    # changes restyle them at once): see _style_inputs.
    _styled_for: tuple[object, ...] | None = None

    def _style_inputs(self) -> tuple[object, ...]:
        """What a screen's styles depend on beyond its own widgets: the theme and the app's
        pseudo-classes."""
        app = self.app
        return (app.theme, app.app_focus, app.native_ansi_color, app.no_color, app.is_inline)

    @on(events.Mount)
    def _note_styled(self) -> None:
        # Its widgets were styled as they were mounted, just before.
        self._styled_for = self._style_inputs()

    _first_frame_drawn = False

    @on(events.Idle)
    def _first_frame(self) -> None:
        draw_first_frame(self)

    @on(events.ScreenResume)
    def _keep_styles(self, event: events.ScreenResume) -> None:
        # Runs after the screen's own on_screen_resume and before Textual's, which restyles
        # every widget of the screen in case something they depend on changed while it was
        # off the stack. When nothing did, that is a second styling of each widget for nothing:
        # a third of the styling before the first question's first frame.
        inputs = self._style_inputs()
        if inputs == self._styled_for:
            event.refresh_styles = False
        self._styled_for = inputs

    def after_refresh(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` after the next refresh if this screen is still on the stack then.
        A screen on its way out is taken off the stack first and its children are then removed
        one by one, while its queued callbacks still run: a layout pass must not find it half
        taken apart."""

        def still_here() -> None:
            if self in self.app.screen_stack:
                callback()

        self.call_after_refresh(still_here)

    def after_paint(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once this screen has been drawn on the terminal, if it is still on
        the stack then. For work the learner should not wait for: ``after_refresh`` callbacks
        can run before a new screen's first frame."""
        if self._after_paint is None:
            self._after_paint = []
        self._after_paint.append(callback)

    _after_paint: list[Callable[[], object]] | None = None

    def _painted(self) -> None:
        waiting, self._after_paint = self._after_paint, None
        for callback in waiting or ():
            if self in self.app.screen_stack:
                callback()

    def _compositor_refresh(self) -> None:
        # Textual counts the screen just under the top one as visible, in case the top one is
        # see-through, and repaints on the top screen whatever changes under it: a focus or
        # style change on a covered question screen redrew the whole feedback screen over it,
        # twice per answer. Under an opaque screen nothing of this one shows; what it changes
        # is drawn when it is shown again (Textual lays a resumed screen out and paints it
        # whole).
        top = self.app.screen
        if top is not self and top.styles.background.a == 1 and not self.app.is_inline:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        if top is self and self._repaint_required and not self.app.is_inline:
            # A layout pass in the same update as a repaint of the whole screen (a screen
            # shown again, its widgets resized): Textual draws the changed parts after the
            # layout, then the whole screen again. The whole screen is enough.
            return
        super()._compositor_refresh()
        if top is self and self._after_paint:
            self.call_next(self._painted)


class QuizModal(ModalScreen[ResultType]):
    """A dialog of the quiz app."""

    _first_frame_drawn = False

    @on(events.Idle)
    def _first_frame(self) -> None:
        draw_first_frame(self)

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)
