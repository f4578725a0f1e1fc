"""Plain-text helpers for the home screen: wrapping and clipping the bank description,
naming the banks that failed to load, and saying in words when the next review is."""

from __future__ import annotations

import math
import textwrap
from datetime import date, datetime, timedelta

from quiz.study.selection import ReviewToday
from quiz.study.store import ProgressStore
from quiz.tui.catalog import BankEntry

MORE = "… b: browse shows it all"


def wrapped(text: str, width: int) -> list[str]:
    """``text`` word-wrapped to ``width`` as the detail box shows it."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, max(1, width)) or [""]
    return lines


def clip(text: str, width: int, lines: int) -> str:
    """``text`` if it fits in ``lines`` lines of ``width``, else cut to them with ``MORE`` at
    the end of the last one."""
    rows = wrapped(text, width)
    if len(rows) <= lines:
        return text
    kept = rows[: max(1, lines)]
    kept[-1] = kept[-1][: max(0, width - len(MORE))].rstrip() + MORE
    return "\n".join(kept)


def failed_banks(entries: list[BankEntry], shown: int = 2) -> str:
    """The first ``shown`` banks that failed to load by file name, and how many more."""
    names = [e.path.name if e.path else e.name for e in entries if not e.ok]
    listed = ", ".join(names[:shown])
    return f"{listed} and {len(names) - shown} more" if len(names) > shown else listed


def next_review(today: ReviewToday, store: ProgressStore, now: datetime) -> str | None:
    """When a review will next have something to offer, in words: "in 25 min", "in 3 h",
    "tomorrow", "on Thu 12 Mar"; None when nothing is scheduled at all."""
    when = today.next_due
    if when is not None and when - now < timedelta(hours=12):
        minutes = max(1, math.ceil((when - now).total_seconds() / 60))
        return f"in {minutes} min" if minutes < 60 else f"in {round(minutes / 60)} h"
    # Cards held back by today's limits come with the next study day.
    if today.held_back:
        return "tomorrow"
    if when is None:
        return None
    day = date.fromisoformat(store.study_day(when))
    if (day - date.fromisoformat(store.study_day(now))).days <= 1:
        return "tomorrow"
    return f"on {day:%a} {day.day} {day:%b}"
