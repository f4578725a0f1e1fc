"""Moving through a session, for the screens that show it and for the app: what saving can
raise and how the learner is told, closing what a session put over its question screen, and the
lines that say where the session stands ("Question 4 of 20 · 2 again", what Enter does next,
the exam clock, the study clock, the summary when leaving early).

Not a screen: the question and feedback screens and the app import it, and it imports none of
them, so navigation (results, leaving) goes through ``QuizApp`` methods.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TYPE_CHECKING

from textual.app import App

from quiz.study.session import Session, SessionError, Undone
from quiz.study.store import ProgressError
from quiz.words import plural, score_text

if TYPE_CHECKING:
    from quiz.study.summary import LeavingSummary
    from quiz.tui.app import QuizApp
    from quiz.tui.screens.base import QuizScreen

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
    toasts of the failed tries would stay up beside it for seconds and say the opposite, so
    the toasts on screen go (Textual has no public way to take back one of them)."""
    app.clear_notifications()
    app.notify("Your answer is saved now.", title="Saved", timeout=5, markup=False)


def show_notices(app: App) -> None:
    """Tell the learner, once, what the store has noticed (e.g. a checkpoint it could not
    write: the answer is saved in the journal all the same, so this is a warning)."""
    store = getattr(app, "store", None)
    if store is None:
        return
    for notice in store.take_notices():  # taken under the store's lock: a checkpoint
        # worker may be adding one
        app.notify(notice, title="Progress file", severity="warning", timeout=15, markup=False)
    checkpoint_later = getattr(app, "checkpoint_later", None)
    if checkpoint_later is not None:
        checkpoint_later()


def unwind_session(app: QuizApp) -> None:
    """Close what the running session put over its question screen (its feedback, a dialog),
    so that the question screen is on top. The question screen is the lowest one that belongs
    to the session: the feedback screen over it shares the session too."""
    session = app.session
    base = next((s for s in app.screen_stack if getattr(s, "session", None) is session), None)
    if session is None or base is None:
        return
    while app.screen is not base:
        app.pop_screen()


def format_clock(left: timedelta) -> str:
    # Rounded up: a 10-minute exam starts at 10:00 and reaches 00:00 when the time is up.
    seconds = max(0, math.ceil(left.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes:02}:{seconds:02}"


def session_counts(session: Session) -> tuple[int, int]:
    """(questions, failed cards still to show again). A review shows a card again at the end
    when its next learning step is due within the session; the repeat shares its first
    showing's key. Only a failed card's repeat is "again" (``Session.again_left``): a right
    answer's learning step or an "I knew it" is no mistake to count."""
    return session.question_count, session.again_left


def again_text(again: int) -> str:
    return f" · {again} again" if again else ""


def position_text(session: Session) -> str:
    """ "Question 4 of 20 · 2 again": the total stays put while wrong answers come back."""
    questions, again = session_counts(session)
    if session.position < questions:
        return f"Question {session.position + 1} of {questions}{again_text(again)}"
    return f"All {questions} seen{again_text(again)}"


def next_text(session: Session) -> str:
    """What Enter does after the answer just given: "next (question 5 of 20)",
    "next (2 more to go)" (cards shown again) or "the results"."""
    questions, _ = session_counts(session)
    if session.current is None:
        return "the results"
    if session.position < questions:
        return f"next (question {session.position + 1} of {questions})"
    return f"next ({len(session.items) - session.position} more to go)"


def take_back(screen: QuizScreen, session: Session) -> Undone | None:
    """Undo the session's last answer (u, ctrl+z) and say so; None, and why, when nothing was
    taken back (nothing answered, an exam's time up, the save failed)."""
    try:
        undone = session.undo(now=screen.quiz.clock())
    except SessionError as error:
        screen.notify(str(error), severity="warning", timeout=4, markup=False)
        return None
    except SAVE_ERRORS as error:
        save_failed(screen.app, error)
        return None
    show_notices(screen.app)
    screen.notify(
        f"Answer taken back: question {undone.position + 1} again.", title="Undone", timeout=3
    )
    return undone


MARKED = {
    "bury": "Buried: it is back the next study day.",
    "suspend": "Suspended: it leaves every session until you unsuspend it (browse: @).",
}


def mark_card(screen: QuizScreen, key: str, kind: str, exam: bool = False) -> bool:
    """Flag (or unflag), bury or suspend the card ``key`` and say so (``exam``: the exam keeps
    the question); False when the store could not save it."""
    store = screen.quiz.store
    now = screen.quiz.clock()
    try:
        if kind == "flag":
            on = not store.is_flagged(key)
            store.flag(key, on, now=now)
            message = "Flagged: browse lists it with the flagged cards (F)." if on else "Unflagged."
        elif kind == "bury":
            store.bury(key, True, now=now)
            message = MARKED[kind]
        else:
            store.suspend(key, True, now=now)
            message = MARKED["suspend"]
    except SAVE_ERRORS as error:
        save_failed(screen.app, error)
        return False
    if exam and kind != "flag":
        message += " This exam keeps the question."
    show_notices(screen.app)
    screen.notify(message, title=kind.capitalize(), timeout=4, markup=False)
    return True


def leaving_text(summary: LeavingSummary) -> str:
    """What the leave dialog (and the terminal after ctrl+q) says of a session left early:
    answered, the score so far, what is due next."""
    lines = [f"Answered {summary.answered} of {plural(summary.total, 'question')}."]
    if summary.max_score > 0:
        percent = f" ({summary.percent:.0f}%)" if summary.percent is not None else ""
        lines.append(
            f"Score so far: {score_text(summary.score)} / {score_text(summary.max_score)}{percent}."
        )
    if summary.answered:
        lines.append("Everything you answered is saved.")
    lines.append(
        f"Due next: {plural(summary.due_today, 'review')} and {summary.new_today} new today,"
        f" {summary.due_tomorrow} tomorrow."
    )
    return "\n".join(lines)


def clock_text(on_question: float, in_session: timedelta) -> str:
    """The optional study clock: "0:12 here · 4:05 in all" (this question, the session)."""
    return f"{_minutes(on_question)} here · {_minutes(in_session.total_seconds())} in all"


def _minutes(seconds: float) -> str:
    seconds = max(0, int(seconds))
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02}"
