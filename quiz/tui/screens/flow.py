"""Moving through a session: to the results at the end, home when the learner leaves."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen


def show_results(app: App) -> None:
    """Finish the app's session, record it, and show its results in the session's place."""
    from quiz.tui.screens.results import ResultsScreen

    session = app.session
    if session is None:
        return
    app.session = None
    result = session.finish(now=app.clock())
    app.switch_screen(ResultsScreen(result))


def confirm_leave(screen: Screen) -> None:
    """Escape in a session: ask, then record what was answered and go home."""
    from quiz.tui.screens.confirm import ConfirmScreen

    app = screen.app
    session = app.session
    answered = len(session.answers) if session else 0
    detail = (
        f"Your {answered} answer{'s' if answered != 1 else ''} so far are saved."
        if answered
        else "Nothing has been answered yet."
    )

    def leave(yes: bool | None) -> None:
        # The exam clock may have ended the session while the dialog was open.
        if yes and app.session is session and screen in app.screen_stack:
            app.end_session()
            screen.pop_until_active()
            app.pop_screen()

    app.push_screen(ConfirmScreen("Leave this session?", detail), callback=leave)
