"""What a learner leaving a session early is told: what was answered, the score so far, and
what is due next in the session's banks."""

from __future__ import annotations

from datetime import datetime

from quiz.records import Record, record
from quiz.study.scheduler import utc_or_now
from quiz.study.selection import review_today
from quiz.study.session import Session
from quiz.study.stats import due_forecast


@record
class LeavingSummary(Record):
    answered: int  # distinct questions answered (a learning step shown again counts once)
    total: int  # distinct questions in the session
    score: float
    max_score: float
    percent: float | None  # None before anything worth points was answered
    # What is next in the session's banks (suspended and buried cards left out): what a review
    # started now would offer (within today's limits), and what comes due the next study day.
    due_today: int
    new_today: int
    due_tomorrow: int


def leaving_summary(session: Session, now: datetime | None = None) -> LeavingSummary:
    """The summary of ``session`` as it stands (call it before or after ``finish``)."""
    now = utc_or_now(now)
    score, max_score = session.running_score
    answered = len({a.item.key for a in session.answers if not a.repeat})
    total = len({item.key for item in session.items})
    banks = list({id(item.bank): item.bank for item in session.items}.values())
    due_today = new_today = due_tomorrow = 0
    if session.store is not None and banks:
        today = review_today(banks, session.store, now)
        due_today, new_today = today.due, today.new
        due_tomorrow = due_forecast(banks, session.store, now, days=2)[1]
    return LeavingSummary(
        answered=answered,
        total=total,
        score=score,
        max_score=max_score,
        percent=100.0 * score / max_score if max_score > 0 else None,
        due_today=due_today,
        new_today=new_today,
        due_tomorrow=due_tomorrow,
    )
