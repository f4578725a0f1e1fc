"""Kept for the screens that still import the save helpers from here (home, browse, stats,
launched): they live in ``quiz.tui.flow`` now, which is not a screen. Navigation (results,
leaving a session) is ``QuizApp.show_results`` and ``QuizApp.leave_session``."""

from quiz.tui.flow import (
    NOT_SAVED,
    SAVE_ERRORS,
    save_failed,
    saved_after_all,
    show_notices,
    unwind_session,
)

__all__ = [
    "NOT_SAVED",
    "SAVE_ERRORS",
    "save_failed",
    "saved_after_all",
    "show_notices",
    "unwind_session",
]
