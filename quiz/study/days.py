"""Study days: a day rolls over at a configurable local hour (4:00 by default, as in Anki),
so a late-night session after midnight still counts for the evening it started in.

What "due" means, in one place for the statistics, the home screen and the review queue (as
Anki counts them): a card in the review state is due once its due time falls before the end of
the current study day, so a review due at 22:15 is offered in the morning; a card in its
learning or relearning steps (due minutes ahead) is due only at its time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from quiz.study.scheduler import CardState, CardStatus, ensure_utc


def study_day(now: datetime, day_starts_at: int, tz: tzinfo | None = None) -> date:
    """The study day ``now`` falls in, in ``tz`` (None: the computer's local time zone)."""
    local = ensure_utc(now).astimezone(tz)
    return (local - timedelta(hours=day_starts_at)).date()


def day_start(day: date, day_starts_at: int, tz: tzinfo | None = None) -> datetime:
    """The UTC moment study day ``day`` begins."""
    naive = datetime.combine(day, time(hour=day_starts_at))
    local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
    return local.astimezone(UTC)


def end_of_study_day(now: datetime, day_starts_at: int, tz: tzinfo | None = None) -> datetime:
    """The UTC moment the study day ``now`` falls in ends: the next rollover."""
    return day_start(study_day(now, day_starts_at, tz) + timedelta(days=1), day_starts_at, tz)


def is_due(state: CardState, now: datetime, day_end: datetime) -> bool:
    """Whether a scheduled card is due at ``now``; ``day_end`` is ``end_of_study_day(now)``."""
    if state.status is CardStatus.REVIEW:
        return state.due < day_end
    return state.due <= now


# Readiness simulates the days up to the exam; past a century fsrs's dates overflow.
MAX_EXAM_DAYS_AHEAD = 100 * 365
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_exam_date(day: date, today: date) -> date:
    """``day`` if it can be an exam date; ValueError with a message for the learner if not."""
    if day < today:
        raise ValueError(
            f"exam date {day} is in the past: the exam must be today ({today}) or later."
        )
    if (day - today).days > MAX_EXAM_DAYS_AHEAD:
        raise ValueError(f"exam date {day} is more than {MAX_EXAM_DAYS_AHEAD // 365} years away.")
    return day


def parse_exam_date(text: str, today: date) -> date | None:
    """The exam date typed in ``text``, or None for an empty text (no exam date).

    Raises ValueError with a message for the learner: not YYYY-MM-DD, not a real day, in the
    past or absurdly far away. The command line and the app's date dialog share this rule.
    """
    text = text.strip()
    if not text:
        return None
    example = (today + timedelta(days=30)).isoformat()
    if not _DATE.fullmatch(text):
        raise ValueError(f"Use the form YYYY-MM-DD, for example {example}.")
    try:
        day = date.fromisoformat(text)
    except ValueError as error:
        raise ValueError(f"{text} is not a real day ({error}).") from None
    return check_exam_date(day, today)
