"""Study days: a day rolls over at a configurable local hour (4:00 by default, as in Anki),
so a late-night session after midnight still counts for the evening it started in."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from quiz.study.scheduler import ensure_utc


def study_day(now: datetime, day_starts_at: int, tz: tzinfo | None = None) -> date:
    """The study day ``now`` falls in, in ``tz`` (None: the computer's local time zone)."""
    local = ensure_utc(now).astimezone(tz)
    return (local - timedelta(hours=day_starts_at)).date()


def day_start(day: date, day_starts_at: int, tz: tzinfo | None = None) -> datetime:
    """The UTC moment study day ``day`` begins."""
    naive = datetime.combine(day, time(hour=day_starts_at))
    local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
    return local.astimezone(UTC)
