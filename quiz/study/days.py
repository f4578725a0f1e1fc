"""Study days: a day rolls over at a configurable local hour (4:00 by default, as in Anki),
so a late-night session after midnight still counts for the evening it started in.

What "due" means, in one place for the statistics, the home screen and the review queue (as
Anki counts them): a card in the review state is due once its due time falls before the end of
the current study day, so a review due at 22:15 is offered in the morning; a card in its
learning or relearning steps (due minutes ahead) is due only at its time.
"""

from __future__ import annotations

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
