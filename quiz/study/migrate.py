"""Upgrades of older progress files, one format version at a time.

Version 1 (the first release) kept everything in ``progress.json``::

    {"version": 1,
     "cards": {"bank/q": {"card_id", "state": 1|2|3, "step", "stability", "difficulty",
                          "due", "last_review"}},
     "reviews": [{"key", "time", "rating", "correct", "response_time", "session_id"}],
     "sessions": [{...session result...}]}

with no settings (the fsrs defaults and 0.9 retention were implied), no record of cram
reviews and no way to amend a review. Its flat review list made every save rewrite the whole
history. Version 2 moves reviews and sessions to the append-only journal and keeps a compact
snapshot of the cards (see ``quiz.study.store``).

``upgrade`` is pure: it returns the new snapshot and the journal events to write. Version 1's
history becomes journal events (its reviews carry no per-review state; an ``import`` event
sets each card's last known state), so the store builds the new snapshot by replaying them,
exactly as it would rebuild a lost one. The store writes the journal first, then the snapshot,
both atomically, so an upgrade interrupted half-way simply runs again on the next start.

Version 3 gives every journal event an identity (``"id": "<writer>:<n>"``, see
``quiz.study.journal``) and the snapshot the per-writer count of events it reflects, so that
replaying is idempotent. That step needs the journal, so it is not in ``upgrade``: the store
(``quiz.study.disk``) numbers the events of the version-2 journal in order (the journal's own
id as the writer), writes them as a version-3 journal and rebuilds the snapshot from it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from quiz.study.scheduler import CardState, CardStatus, Rating, card_id_for, ensure_utc

CURRENT_VERSION = 3
# The newest version ``upgrade`` reaches on its own; later steps need the journal.
SNAPSHOT_ONLY_VERSION = 2

Step = Callable[[dict[str, Any]], tuple[dict[str, Any], list[dict[str, Any]]]]


def _v1_to_v2(doc: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    old_cards = doc.get("cards", {})
    old_reviews = doc.get("reviews", [])
    old_sessions = doc.get("sessions", [])
    if not isinstance(old_cards, dict) or not isinstance(old_reviews, list):
        raise ValueError("version 1 needs a 'cards' object and a 'reviews' list")
    if not isinstance(old_sessions, list):
        raise ValueError("version 1 'sessions' must be a list")

    reviews: list[dict[str, Any]] = []
    for review in old_reviews:
        key = review["key"]
        if not isinstance(key, str) or not key:
            raise ValueError("a review key must be a non-empty string")
        time = ensure_utc(datetime.fromisoformat(review["time"]), "review time")
        session = review.get("session_id")
        reviews.append(
            {
                "type": "review",
                "key": key,
                "time": time.isoformat(),
                "rating": int(Rating(review["rating"])),
                "correct": bool(review["correct"]),
                "rt": float(review.get("response_time") or 0.0),
                "session": None if session is None else str(session),
                "scheduled": True,
                # Version 1 kept only each card's latest state, imported below.
                "state": None,
            }
        )
    reviews.sort(key=lambda r: datetime.fromisoformat(r["time"]))

    states: dict[str, Any] = {}
    for key, old in old_cards.items():
        state = CardState.from_dict(
            {
                "card_id": old.get("card_id", card_id_for(key)),
                "status": old["state"],
                "step": old.get("step"),
                "stability": old.get("stability"),
                "difficulty": old.get("difficulty"),
                "due": old["due"],
                "last_review": old.get("last_review"),
            }
        )
        if state.status is CardStatus.NEW:
            raise ValueError(f"card {key!r}: state 0 did not exist in version 1")
        states[key] = state.to_dict()

    for result in old_sessions:
        if not isinstance(result, dict):
            raise ValueError("a version 1 session must be an object")
    entries = [
        *reviews,
        {"type": "import", "cards": states},
        *({"type": "session", "result": s} for s in old_sessions),
    ]
    # Everything now lives in the journal; the store rebuilds the snapshot by replaying it.
    new_doc = {"format": "quiz-progress", "version": 2, "settings": {}, "cards": {}}
    return new_doc, entries


STEPS: dict[int, Step] = {1: _v1_to_v2}


def upgrade(doc: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Bring ``doc`` to ``SNAPSHOT_ONLY_VERSION`` with the journal events its history becomes;
    KeyError/TypeError/ValueError if it is malformed."""
    version = doc["version"]
    entries: list[dict[str, Any]] = []
    while version < SNAPSHOT_ONLY_VERSION:
        step = STEPS.get(version)
        if step is None:
            raise ValueError(f"no upgrade from format version {version}")
        doc, more = step(doc)
        entries.extend(more)
        version = doc["version"]
    return doc, entries
