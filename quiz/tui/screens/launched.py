"""The screen under everything when the app was launched straight into a mode (``quiz study
--mode quiz``, ``--mode browse``): it draws nothing, and being shown again means the mode has
ended, so it ends the app. It stands in for the home screen, which such a launch never shows
and whose statistics cost a noticeable part of the start-up to work out."""

from __future__ import annotations

from quiz.tui.flow import show_notices
from quiz.tui.screens.base import QuizScreen
from quiz.tui.text import failed_banks


class LaunchedScreen(QuizScreen[None]):
    # Coming back here means done (see QuizApp.quits_at_home).
    exit_when_shown = True

    def on_mount(self) -> None:
        show_notices(self.quiz)
        entries = self.quiz.entries
        if any(not e.ok for e in entries):
            broken = sum(1 for e in entries if not e.ok)
            self.notify(
                f"{broken} bank(s) could not be loaded ({failed_banks(entries)}): "
                "quiz validate shows why.",
                severity="warning",
                timeout=8,
                markup=False,
            )

    # The app's default screen (QuizApp.get_default_screen): Textual resumes it once as the
    # app starts, whether or not the mode's screen covers it by then. Only a resume after it
    # was covered means the mode has ended.
    _covered = False

    def on_screen_suspend(self) -> None:
        self._covered = True

    def on_screen_resume(self) -> None:
        if self._covered and self.app.screen is self:
            self.app.exit()
