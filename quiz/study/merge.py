"""One card's state from its events when several devices wrote them.

A journal normally holds one writer's events, and each event carries the card's state after
it, so applying them in order gives the very states the learner saw. Once the journals of
several devices are merged (``quiz.study.sync``), a card may have been answered on two devices
that had not seen each other's answers: each device's saved states then describe a history
that is not the merged one, and applying them in arrival order would make the result depend
on that order. So a card whose events come from more than one writer is recomputed from its
merged history: every review kept (less those an undo names, with the rating of their latest
amend), in time order, replayed through the scheduler; marks applied in the order they were
made. A card only one device touched keeps that device's states.

The result is a function of the set of events only: ``card_alone`` gives the same card and
the same per-day counts whatever order the events arrived in, and ``merge_keys`` swaps a
ledger's card (and its share of the day counts) for the recomputed one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from quiz.study.journal import parse_id
from quiz.study.ledger import BAD_DATA, Ledger, Settings, _Card, _Last, _state
from quiz.study.scheduler import CardState, Rating, parse_time

# Events that change one card (an import: each card it names).
CARD_EVENTS = frozenset({"review", "amend", "undo", "mark", "import"})
EVENT_TYPES = CARD_EVENTS | {"session", "settings"}


def writer_of(entry: dict[str, Any]) -> str | None:
    ident = parse_id(entry.get("id"))
    return None if ident is None else ident[0]


def keys_of(entry: dict[str, Any]) -> list[str]:
    """The cards an event changes."""
    kind = entry.get("type")
    if kind == "import":
        cards = entry.get("cards")
        return [k for k in cards if isinstance(k, str)] if isinstance(cards, dict) else []
    key = entry.get("key")
    return [key] if kind in CARD_EVENTS and isinstance(key, str) and key else []


def for_key(entry: dict[str, Any], key: str) -> dict[str, Any]:
    """The part of ``entry`` that concerns ``key`` (an import keeps only that card)."""
    if entry.get("type") == "import":
        return {**entry, "cards": {key: entry["cards"][key]}}
    return entry


def check_event(entry: Any) -> None:
    """Raise ValueError (or another of ``BAD_DATA``) unless ``entry`` is an event this
    version can apply: the right fields with the right types. Nothing is applied."""
    if not isinstance(entry, dict) or parse_id(entry.get("id")) is None:
        raise ValueError("an event needs an identity")
    kind = entry.get("type")
    if kind == "review":
        Ledger._record(entry)
        _state(entry["state"])
        if not isinstance(entry.get("new", True), bool):
            raise ValueError("new must be true or false")
        if not isinstance(entry.get("answer", ""), str):
            raise ValueError("an answer id must be a string")
    elif kind == "amend":
        _key(entry)
        parse_time(entry["time"])
        parse_time(entry["at"])
        Rating(entry["rating"])
        if not isinstance(entry["correct"], bool):
            raise ValueError("correct must be true or false")
        _state(entry["state"])
    elif kind == "undo":
        _key(entry)
        if not isinstance(entry["review"], str):
            raise ValueError("an undo names a review")
        parse_time(entry["time"])
        parse_time(entry["at"])
        _state(entry["state"])
        if entry["last"] is not None:
            _Last.from_dict(entry["last"])
        date.fromisoformat(entry["day"])
        counts = entry["counts"]
        if not isinstance(counts, list) or len(counts) != 4:
            raise ValueError("an undo needs four counts")
        if not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts):
            raise ValueError("counts must be whole numbers >= 0")
    elif kind == "mark":
        parse_time(entry["at"])
        Ledger()._apply_mark(entry)
    elif kind == "import":
        cards = entry["cards"]
        if not isinstance(cards, dict):
            raise ValueError("an import needs a 'cards' object")
        for key, data in cards.items():
            if not isinstance(key, str) or not key:
                raise ValueError("a card key must be a non-empty string")
            CardState.from_dict(data)
    elif kind == "session":
        if not isinstance(entry["result"], dict):
            raise ValueError("a session result must be an object")
    elif kind == "settings":
        Settings.from_dict(entry["settings"])
    else:
        raise ValueError(f"unknown event type {kind!r}")


def _key(entry: dict[str, Any]) -> str:
    key = entry["key"]
    if not isinstance(key, str) or not key:
        raise ValueError("an event needs a card key")
    return key


def _order(entry: dict[str, Any]) -> tuple[str, int]:
    return parse_id(entry.get("id")) or ("", 0)


def made_at(entry: dict[str, Any]) -> tuple[datetime, tuple[str, int]]:
    """When an amend, undo or mark was made, and its identity to break ties."""
    try:
        at = parse_time(entry["at"])
    except BAD_DATA:
        at = datetime.min.replace(tzinfo=UTC)
    return at, _order(entry)


def _unique(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for entry in events:
        ident = entry.get("id")
        if isinstance(ident, str):
            if ident in seen:
                continue
            seen.add(ident)
        out.append(entry)
    return out


def writers(events: Iterable[dict[str, Any]]) -> set[str]:
    return {w for e in events if (w := writer_of(e)) is not None}


def card_alone(
    ledger: Ledger,
    key: str,
    events: Iterable[dict[str, Any]],
    *,
    undone: frozenset[str] = frozenset(),
) -> Ledger:
    """A scratch ledger (``ledger``'s settings and zone) holding only ``key``, built from its
    events: the writer's own states when one writer made them all, else recomputed from the
    merged history (see the module docstring). ``undone``: review ids to leave out as if an
    undo named them."""
    scratch = Ledger(defaults=ledger.settings, tz=ledger.tz)
    scratch._journal_id = ledger._journal_id
    unique = _unique(events)
    if len(writers(unique)) <= 1 and not undone:
        for entry in sorted(unique, key=_order):
            with contextlib.suppress(*BAD_DATA):
                scratch._apply_event(entry)
    else:
        _recompute(scratch, key, unique, undone)
    return scratch


def _recompute(
    scratch: Ledger, key: str, events: list[dict[str, Any]], undone: frozenset[str]
) -> None:
    reviews: list[tuple[Any, tuple[str, int], dict[str, Any]]] = []
    amends: dict[Any, tuple[Any, tuple[str, int], dict[str, Any]]] = {}
    marks: list[tuple[Any, tuple[str, int], dict[str, Any]]] = []
    imports: list[dict[str, Any]] = []
    undoing = set(undone)
    answers: set[str] = set()
    for entry in sorted(events, key=_order):
        try:
            check_event(entry)
        except BAD_DATA:
            continue
        kind, order = entry["type"], _order(entry)
        if kind == "review":
            answer = entry.get("answer")
            if isinstance(answer, str):
                if answer in answers:
                    continue  # one answer appended twice by a retry: it happened once
                answers.add(answer)
            reviews.append((parse_time(entry["time"]), order, entry))
        elif kind == "amend":
            at = (parse_time(entry["at"]), order)
            time = parse_time(entry["time"])
            if time not in amends or amends[time][:2] < at:
                amends[time] = (*at, entry)
        elif kind == "undo":
            undoing.add(entry["review"])
        elif kind == "mark":
            marks.append((parse_time(entry["at"]), order, entry))
        elif kind == "import":
            imports.append(for_key(entry, key))
    # An import has no time: it is where the card's history starts.
    for entry in imports:
        with contextlib.suppress(*BAD_DATA):
            scratch._apply(entry)
    scheduler = scratch.scheduler
    for time, _, entry in sorted(reviews, key=lambda r: r[:2]):
        if entry["id"] in undoing:
            continue
        amend = amends.get(time)
        rating, correct = (
            (amend[2]["rating"], amend[2]["correct"])
            if amend is not None
            else (entry["rating"], entry["correct"])
        )
        replayed = {**entry, "rating": rating, "correct": correct}
        if entry["scheduled"]:
            card = scratch._cards.get(key)
            state = scheduler.replay(
                None if card is None else card.state,
                Rating(rating),
                time,
                key=key,
                seed=entry["id"],
                # The state the device saved, if made from the state computed here.
                stored=_state((entry if amend is None else amend[2])["state"]),
            )
            replayed["state"] = state.to_dict()
        with contextlib.suppress(*BAD_DATA):
            scratch._apply_review(replayed)
    for _, _, entry in sorted(marks, key=lambda m: m[:2]):
        with contextlib.suppress(*BAD_DATA):
            scratch._apply_mark(entry)
    if events:
        # A card whose every review was undone is still there, as on the device that undid.
        scratch._cards.setdefault(key, _Card()).events = len(events)
    scratch._history, scratch._by_key = None, {}


def merge_keys(
    ledger: Ledger,
    before: dict[str, list[dict[str, Any]]],
    after: dict[str, list[dict[str, Any]]],
) -> None:
    """Replace each card of ``after`` in ``ledger`` by the one its events give, and its
    share of the day counts: ``before`` holds the events the ledger reflects for that card
    now, ``after`` every event it should reflect."""
    days = ledger._days
    for key, events in after.items():
        old = card_alone(ledger, key, before.get(key, []))
        new = card_alone(ledger, key, events)
        for day, counts in old._days.items():
            mine = days.get(day)
            if mine is None:
                continue
            days[day] = [max(0, a - b) for a, b in zip(mine, counts, strict=True)]
            if not any(days[day]):
                del days[day]
        for day, counts in new._days.items():
            mine = days.setdefault(day, [0, 0, 0, 0])
            days[day] = [a + b for a, b in zip(mine, counts, strict=True)]
        if writers(events) - {ledger._journal_id}:
            # Another device's answers are in its history: our next event may need it.
            ledger._merged.add(key)
        card = new._cards.get(key)
        if card is None:
            ledger._cards.pop(key, None)
        else:
            ledger._cards[key] = card
        ledger._fragments.pop(key, None)
    ledger._history, ledger._by_key = None, {}
