"""What the app does with an error nobody expected: the answers are already saved (each one the
moment it is given); the session in progress is recorded as interrupted, the traceback goes to
a log file in the data folder, and the learner gets a short message with that file's path."""

from __future__ import annotations

import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.records import Record, record
from quiz.words import plural

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


@record
class Crash(Record):
    error: str  # "RuntimeError: boom", one line
    log: Path | None  # None: not even a temporary folder took the log
    session: str  # what became of the session in progress, for the learner


def record_crash(app: QuizApp, error: BaseException) -> Crash:
    """Record the running session as interrupted and write the log; never raises (the app is
    already failing: this must not fail in its turn)."""
    session_note = _record_session(app)
    text = "".join(traceback.format_exception(error))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    body = f"quiz crashed at {stamp} (UTC)\n{session_note}\n\n{text}"
    log = None
    for folder in (Path(app.store.data_dir), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = _unused(folder / f"crash-{stamp}.log")
            log.write_text(body, encoding="utf-8")
        except OSError:
            log = None
            continue
        break
    first = str(error).splitlines()[0] if str(error) else ""
    summary = type(error).__name__ + (f": {first[:200]}" if first else "")
    return Crash(summary, log, session_note)


def _record_session(app: QuizApp) -> str:
    session, app.session = app.session, None
    if session is None:
        return "No session was in progress."
    answered = len(session.answers)
    try:
        session.finish(now=app.clock(), abandoned=True, interrupted=True)
    except Exception as error:  # noqa: BLE001 - whatever it is, the log says it
        return (
            f"The session in progress could not be recorded ({type(error).__name__}: {error}); "
            f"its {plural(answered, 'answer')} are saved all the same."
        )
    if not answered:
        return "Nothing had been answered in the session in progress."
    saved = plural(answered, "answer").capitalize()
    return f"{saved} saved; the session is recorded as interrupted."


def _unused(path: Path) -> Path:
    """``path``, or ``path`` with -2, -3... when two crashes fall in the same second."""
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def crash_message(crash: Crash | None) -> str:
    if crash is None:
        return "quiz stopped on an unexpected error."
    where = (
        f"The details are in {crash.log}; please attach it to a bug report."
        if crash.log
        else "The details could not be written to a file."
    )
    return f"quiz stopped on an unexpected error ({crash.error}).\n{crash.session}\n{where}"
