"""Moving through a session: to the results at the end, home when the learner leaves."""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from quiz.study.store import ProgressError
from quiz.words import plural

# What saving progress can raise: the store's own errors (e.g. another copy holding the lock
# too long) and the disk's (full, read-only). The learner is told; the app carries on.
SAVE_ERRORS = (ProgressError, OSError)


NOT_SAVED = "Not saved"


def save_failed(app: App, error: Exception) -> None:
    app.notify(
        f"Your progress could not be saved: {error}",
        title=NOT_SAVED,
        severity="error",
        timeout=15,
        markup=False,
    )


def saved_after_all(app: App) -> None:
    """An answer that could not be saved has been saved on a later try: the "Not saved"
    toasts of the failed tries would stay up beside it for seconds and say the opposite."""
    for notification in list(app._notifications):
        if notification.title == NOT_SAVED:
            app._unnotify(notification, refresh=False)
    app.notify("Your answer is saved now.", title="Saved", timeout=5, markup=False)


def show_notices(app: App) -> None:
    """Tell the learner, once, what the store has noticed (e.g. a checkpoint it could not
    write: the answer is saved in the journal all the same, so this is a warning)."""
    for notice in app.store.take_notices():  # taken under the store's lock: a checkpoint
        # worker may be adding one
        app.notify(notice, title="Progress file", severity="warning", timeout=15, markup=False)
    checkpoint_later = getattr(app, "checkpoint_later", None)
    if checkpoint_later is not None:
        checkpoint_later()


def unwind_session(app: App) -> None:
    """Close what the running session put over its question screen (its feedback, a dialog),
    so that the question screen is on top. The question screen is the lowest one that belongs
    to the session: the feedback screen over it shares the session too."""
    session = app.session
    base = next((s for s in app.screen_stack if getattr(s, "session", None) is session), None)
    if session is None or base is None:
        return
    while app.screen is not base:
        app.pop_screen()


def show_results(app: App) -> None:
    """Finish the app's session, record it, and show its results in the session's place."""
    from quiz.tui.screens.results import ResultsScreen

    session = app.session
    if session is None:
        return
    unwind_session(app)
    app.session = None
    try:
        result = session.finish(now=app.clock())
    except SAVE_ERRORS as error:
        # The result is complete; only recording it in the history failed.
        save_failed(app, error)
        result = session.result
        if result is None:
            raise
    show_notices(app)
    app.switch_screen(ResultsScreen(result))


def confirm_leave(screen: Screen) -> None:
    """Escape in a session: ask, then record what was answered and go home (which ends the
    app when it was launched straight into a session)."""
    from quiz.tui.screens.confirm import ConfirmScreen

    app = screen.app
    session = app.session
    answered = len(session.answers) if session else 0
    detail = (
        f"Your {plural(answered, 'answer')} so far {'is' if answered == 1 else 'are'} saved."
        if answered
        else "Nothing has been answered yet."
    )

    def leave(yes: bool | None) -> None:
        # The exam clock may have ended the session while the dialog was open.
        if yes and app.session is session and screen in app.screen_stack:
            unwind_session(app)
            try:
                app.end_session()
            except SAVE_ERRORS as error:
                save_failed(app, error)
            show_notices(app)
            app.pop_screen()

    # Launched straight into a session (a retry included), there is no home to go back to:
    # leaving ends the app, and the question says so.
    question = "Leave this session and quit?" if app.quits_at_home else "Leave this session?"
    app.push_screen(ConfirmScreen(question, detail), callback=leave)
