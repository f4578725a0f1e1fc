"""FSRS scheduling over the ``fsrs`` package, with the project's rating rules.

The ``fsrs`` package does the arithmetic; this module keeps its types out of the rest of the
engine. ``CardState`` is the project's frozen copy of an ``fsrs.Card`` (it serialises to the
progress file), ``Scheduler`` wraps ``fsrs.Scheduler`` and always passes an explicit card id:
``fsrs.Card()`` without one sleeps a millisecond to make ids unique, far too slow for a
10,000-question bank. Ids are derived from the progress key, so they are stable across runs.

Every datetime is timezone-aware. Naive datetimes are refused with a clear error (fsrs would
refuse them too, with a less helpful one); aware ones in another zone are converted to UTC.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

import fsrs
from fsrs.scheduler import FUZZ_RANGES

from quiz.cachefile import blake2b  # (without hashlib: see there)
from quiz.records import Record, record


@functools.cache
def fsrs_version() -> str:
    """The installed fsrs release, written into the snapshot. Looked up when first needed:
    importlib.metadata costs ~12 ms, a twentieth of the app's start."""
    from importlib import metadata

    try:
        return metadata.version("fsrs")
    except metadata.PackageNotFoundError:  # pragma: no cover - vendored or unusual installs
        return "unknown"


DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
DEFAULT_LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
DEFAULT_RELEARNING_STEPS = (timedelta(minutes=10),)


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardStatus(IntEnum):
    # NEW never comes out of fsrs (it has no such state): it is what the statistics call a
    # question without a schedule. The other values match ``fsrs.State``.
    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


_STATUSES = {int(status): status for status in CardStatus}


def ensure_utc(moment: datetime, what: str = "time") -> datetime:
    """``moment`` in UTC; a naive datetime is a programming error worth a clear message."""
    # Nearly every time the app handles is already UTC (the files store them so): counting
    # 10,000 cards asks this ~70,000 times, and the checks below cost ~1.5 us each time.
    if moment.__class__ is datetime and moment.tzinfo is UTC:
        return moment
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(
            f"{what} must be timezone-aware (UTC), got the naive datetime {moment.isoformat()}; "
            "use datetime.now(timezone.utc)"
        )
    return moment.astimezone(UTC)


def card_id_for(key: str) -> int:
    """A stable positive id for a progress key (fsrs only uses it to label review logs)."""
    digest = blake2b(key.encode("utf-8"), digest_size=6).digest()
    return int.from_bytes(digest, "big")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def parse_time(text: Any, what: str = "time") -> datetime:
    """The one parser of the ISO date-times the progress files hold: aware, in UTC.
    ValueError (or TypeError) for anything else, naive times included."""
    if not isinstance(text, str):
        raise ValueError(f"{what} must be an ISO date-time string")
    return ensure_utc(datetime.fromisoformat(text), what)


def utc_or_now(moment: datetime | None, what: str = "now") -> datetime:
    """``moment`` in UTC, or the wall clock when it is None (every ``now`` is injectable)."""
    return datetime.now(UTC) if moment is None else ensure_utc(moment, what)


@record
class CardState(Record):
    """The schedule of one question for one learner (all datetimes tz-aware UTC)."""

    card_id: int
    status: CardStatus
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "card_id": self.card_id,
            "status": int(self.status),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": _iso(self.last_review),
        }

    @classmethod
    def from_dict(cls, data: Any) -> CardState:
        """Parse what ``to_dict`` wrote; ValueError (or TypeError) on anything else."""
        if not isinstance(data, dict):
            raise ValueError("a card state must be an object")
        card_id = data["card_id"]
        step = data["step"]
        stability = data["stability"]
        difficulty = data["difficulty"]
        if not isinstance(card_id, int) or isinstance(card_id, bool):
            raise ValueError("card_id must be an integer")
        if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
            raise ValueError("step must be an integer or null")
        for name, value in (("stability", stability), ("difficulty", difficulty)):
            if value is not None and (
                not isinstance(value, int | float) or isinstance(value, bool) or value <= 0
            ):
                raise ValueError(f"{name} must be a positive number or null")
        status = _STATUSES.get(data["status"]) if data["status"].__class__ is int else None
        if status is None:
            status = CardStatus(data["status"])  # the error for a value that is not a status
        last = data["last_review"]
        return cls(
            card_id=card_id,
            status=status,
            step=step,
            stability=None if stability is None else float(stability),
            difficulty=None if difficulty is None else float(difficulty),
            due=parse_time(data["due"], "due"),
            last_review=None if last is None else parse_time(last, "last_review"),
        )


def rating_for(correct: bool, elapsed: float, hint_used: bool, expected_seconds: float) -> Rating:
    """wrong -> Again; right -> Good, or Easy when right quickly (under expected_seconds)
    without a hint."""
    if not correct:
        return Rating.AGAIN
    if not hint_used and elapsed < expected_seconds:
        return Rating.EASY
    return Rating.GOOD


def _to_fsrs(state: CardState) -> fsrs.Card:
    status = state.status
    if status is CardStatus.NEW:
        # fsrs models a new card as Learning step 0 without memory state.
        return fsrs.Card(card_id=state.card_id, state=fsrs.State.Learning, step=0, due=state.due)
    return fsrs.Card(
        card_id=state.card_id,
        state=fsrs.State(int(status)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def _from_fsrs(card: fsrs.Card) -> CardState:
    return CardState(
        card_id=card.card_id,
        status=CardStatus(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


class Scheduler:
    """FSRS with the learner's settings. ``parameters`` empty means the fsrs defaults.

    Fuzzing (a little randomness in review intervals, so cards learned together do not stay
    due together forever) is on for real use and off in tests, where dates must be exact.
    """

    def __init__(
        self,
        parameters: Sequence[float] = (),
        desired_retention: float = 0.9,
        *,
        enable_fuzzing: bool = True,
        learning_steps: Sequence[timedelta] = DEFAULT_LEARNING_STEPS,
        relearning_steps: Sequence[timedelta] = DEFAULT_RELEARNING_STEPS,
        maximum_interval: int = 36500,
    ) -> None:
        if not 0 < desired_retention < 1:
            raise ValueError(f"desired retention must be between 0 and 1, got {desired_retention}")
        params = tuple(float(p) for p in parameters) or DEFAULT_PARAMETERS
        # fsrs validates the parameters (count and bounds) and raises ValueError.
        self._fsrs = fsrs.Scheduler(
            parameters=params,
            desired_retention=desired_retention,
            learning_steps=tuple(learning_steps),
            relearning_steps=tuple(relearning_steps),
            maximum_interval=maximum_interval,
            enable_fuzzing=enable_fuzzing,
        )
        self.parameters = params
        self.desired_retention = desired_retention
        self.enable_fuzzing = enable_fuzzing
        self._decay = -params[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    @classmethod
    def from_settings(cls, settings: Any) -> Scheduler:
        """From a ``quiz.study.store.Settings`` (duck-typed: the store imports this module)."""
        return cls(
            settings.parameters,
            settings.desired_retention,
            enable_fuzzing=getattr(settings, "enable_fuzzing", True),
        )

    def new_card(self, key: str, now: datetime) -> CardState:
        """The state of a question never studied: due now, no memory yet."""
        return CardState(card_id_for(key), CardStatus.NEW, 0, None, None, ensure_utc(now), None)

    def review(
        self, state: CardState | None, rating: Rating, now: datetime, *, key: str | None = None
    ) -> CardState:
        """The card's state after answering it at ``now`` with ``rating``.

        ``state`` None is a new card; then ``key`` gives it its id.
        """
        now = ensure_utc(now, "review time")
        if state is None:
            if key is None:
                raise ValueError("a new card needs its key to derive a card id")
            state = self.new_card(key, now)
        card, _log = self._fsrs.review_card(_to_fsrs(state), fsrs.Rating(int(rating)), now)
        return _from_fsrs(card)

    def replay(
        self,
        state: CardState | None,
        rating: Rating,
        now: datetime,
        *,
        key: str,
        seed: str,
        stored: CardState | None = None,
    ) -> CardState:
        """The state after a review, as ``review`` gives it, but the same on every device: a
        schedule recomputed from a merged history must not depend on who recomputes it.

        Fuzzing only moves the due date (the memory state does not depend on it), so when
        ``stored`` (the state the device that recorded the review saved) has the memory state
        this computes, the review was made from the same state and its due date, the one the
        learner saw, is kept. Otherwise the fuzz is drawn from ``seed`` (the review's id)."""
        now = ensure_utc(now, "review time")
        if state is None:
            state = self.new_card(key, now)
        card, _log = self._exact.review_card(_to_fsrs(state), fsrs.Rating(int(rating)), now)
        exact = _from_fsrs(card)
        if stored is not None and _same_memory(stored, exact):
            return stored
        if not self.enable_fuzzing or exact.status is not CardStatus.REVIEW:
            return exact
        return replace(exact, due=now + self._fuzzed(exact.due - now, seed))

    def _fuzzed(self, interval: timedelta, seed: str) -> timedelta:
        """fsrs's fuzz (``Scheduler._get_fuzzed_interval``) with a seeded draw."""
        days = interval.days
        if days < 2.5:
            return interval
        delta = 1.0
        for part in FUZZ_RANGES:
            delta += part["factor"] * max(min(float(days), part["end"]) - part["start"], 0.0)
        top = self._fsrs.maximum_interval
        high = min(round(days + delta), top)
        low = min(max(2, round(days - delta)), high)
        draw = random.Random(seed).random()
        return timedelta(days=min(round(draw * (high - low + 1) + low), top))

    def retrievability(self, state: CardState | None, now: datetime) -> float:
        """The predicted chance of recalling the card at ``now`` (0 for a new card).

        Counted in whole days since the last review, as fsrs does.
        """
        if state is None or state.last_review is None or state.stability is None:
            return 0.0
        now = ensure_utc(now)
        elapsed = max(0, (now - state.last_review).days)
        return self.retrievability_after(state.stability, elapsed)

    def retrievability_after(self, stability: float, elapsed_days: float) -> float:
        """The forgetting curve: recall probability ``elapsed_days`` after a review."""
        return (1 + self._factor * max(0.0, elapsed_days) / stability) ** self._decay

    def preview(
        self, state: CardState | None, now: datetime, *, key: str | None = None
    ) -> dict[Rating, timedelta]:
        """How long until the card comes back for each rating given at ``now`` (what the
        grade keys show: "Again 10m · Hard 1d · Good 3d · Easy 8d").

        Computed by fsrs itself on a copy, without fuzzing: the interval a review really
        gets may differ by the few percent fuzzing adds, which is the point of fuzzing."""
        now = ensure_utc(now, "preview time")
        if state is None:
            state = self.new_card(key or "", now)
        card = _to_fsrs(state)
        intervals = {}
        for rating in Rating:
            after, _log = self._exact.review_card(card, fsrs.Rating(int(rating)), now)
            intervals[rating] = max(after.due - now, timedelta(0))
        return intervals

    @functools.cached_property
    def _exact(self) -> fsrs.Scheduler:
        if not self.enable_fuzzing:
            return self._fsrs
        return fsrs.Scheduler(
            parameters=self.parameters,
            desired_retention=self.desired_retention,
            learning_steps=self._fsrs.learning_steps,
            relearning_steps=self._fsrs.relearning_steps,
            maximum_interval=self._fsrs.maximum_interval,
            enable_fuzzing=False,
        )


def _same_memory(a: CardState, b: CardState) -> bool:
    return (a.card_id, a.status, a.step, a.stability, a.difficulty, a.last_review) == (
        b.card_id,
        b.status,
        b.step,
        b.stability,
        b.difficulty,
        b.last_review,
    )


def format_interval(delta: timedelta) -> str:
    """A next interval as the grade keys show it: "<1m", "10m", "5h", "3d", "2mo", "1.2y".

    Days up to a month, months (of 30 days) up to a year, then years; one decimal below ten
    of a unit where it tells something ("1.5mo"), none where it would be noise ("25d")."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{_one_decimal(days / 30)}mo"
    return f"{_one_decimal(days / 365)}y"


def _one_decimal(value: float) -> str:
    if value >= 10:
        return str(round(value))
    text = f"{value:.1f}"
    return text.removesuffix(".0")
