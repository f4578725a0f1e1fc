"""What the statistics need of each card, and a cache of it beside the snapshot.

``quiz stats`` and the home screen count a whole collection (new, learning, due, mastered,
reviews, accuracy, marks, the due forecast) and need nine values of each card: its ``Facts``.
A card in the snapshot is ~600 bytes of JSON, and parsing 10,000 of them takes ~300 ms, so
the store keeps every card's facts in the cache folder (``quiz.cachefile``), each with the
CRC-32 of the card's line in the snapshot. A line that has not changed has the same facts;
a card whose line differs (answered since, by this or another copy, or a hand edit) is parsed.
So the cache can be stale, lost or damaged at no cost but time: it is never the record.

An index also names the snapshot it describes whole (its digest and that every card of it
is there): opening that very snapshot again, the facts are read off the index without even
splitting the snapshot's body into cards.

Times are whole microseconds since the Unix epoch, UTC (exact: the comparisons and the day
counts made on them are those made on the datetimes). A card without a schedule has status
``NO_SCHEDULE`` and due 0.
"""

from __future__ import annotations

from binascii import crc32
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from quiz import cachefile

FORMAT = "quiz-card-facts"
VERSION = 1
NO_SCHEDULE = -1
MAX_BYTES = 256 * 1024 * 1024
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_STATUSES = frozenset({NO_SCHEDULE, 0, 1, 2, 3})  # and CardStatus's values


class Facts(NamedTuple):
    answers: int
    correct: int
    status: int  # a CardStatus value, or NO_SCHEDULE
    due: int  # microseconds since the epoch
    stability: float | None
    last_review: int | None  # microseconds since the epoch
    suspended: bool
    flagged: bool
    buried: str | None  # the study day it was buried on


# The columns of an index file, in Facts's order, with the types each value may have.
_COLUMNS: tuple[tuple[str, frozenset[type]], ...] = (
    ("answers", frozenset({int})),
    ("correct", frozenset({int})),
    ("status", frozenset({int})),
    ("due", frozenset({int})),
    ("stability", frozenset({float, type(None)})),
    ("last_review", frozenset({int, type(None)})),
    ("suspended", frozenset({bool})),
    ("flagged", frozenset({bool})),
    ("buried", frozenset({str, type(None)})),
)


def micros(moment: datetime) -> int:
    """``moment`` (aware) as whole microseconds since the epoch."""
    return (moment - _EPOCH) // _MICROSECOND


def of_card(card: Any) -> Facts:
    """The facts of a ``quiz.study.ledger._Card``."""
    state = card.state
    if state is None:
        status, due, stability, last = NO_SCHEDULE, 0, None, None
    else:
        status, due, stability = int(state.status), micros(state.due), state.stability
        last = None if state.last_review is None else micros(state.last_review)
    return Facts(
        card.answers,
        card.correct,
        status,
        due,
        stability,
        last,
        card.suspended,
        card.flagged,
        card.buried,
    )


def line_check(fragment: str) -> int:
    """What a card's facts are filed under: the CRC-32 of its line in the snapshot."""
    return crc32(fragment.encode("utf-8", "surrogatepass"))


@dataclass
class Index:
    """key -> (check of the card's line, its facts); ``snapshot``: the digest of the snapshot
    that has exactly these cards and lines, when known (else None)."""

    entries: dict[str, tuple[int, Facts]]
    snapshot: str | None = None

    def facts(self) -> dict[str, Facts]:
        return {key: entry[1] for key, entry in self.entries.items()}


def index_path(cache_dir: Path, data_dir: Path) -> Path:
    return cache_dir / "progress" / f"{cachefile.name_for(data_dir)}.facts.json"


def read(path: Path) -> Index | None:
    """The index at ``path``; None when missing, damaged (removed then), of another version
    of the app, or not an index as ``write`` makes them."""
    return cachefile.read_document(path, MAX_BYTES, FORMAT, VERSION, _index_from)


def _index_from(doc: dict[str, Any]) -> Index:
    keys, checks = doc["keys"], doc["checks"]
    snapshot = doc["snapshot"]
    columns = [doc[name] for name, _ in _COLUMNS]
    n = len(keys)
    if not isinstance(snapshot, str | type(None)):
        raise ValueError("snapshot")
    checked: list[tuple[Any, frozenset[type]]] = [
        (keys, frozenset({str})),
        (checks, frozenset({int})),
        *zip(columns, (types for _, types in _COLUMNS), strict=True),
    ]
    for values, allowed in checked:
        if not isinstance(values, list) or len(values) != n:
            raise ValueError("a column of the wrong length")
        if not set(map(type, values)) <= allowed:
            raise ValueError("a value of the wrong type")
    if n and (min(columns[0]) < 0 or min(columns[1]) < 0 or min(checks) < 0):
        raise ValueError("a negative count")
    if not set(columns[2]) <= _STATUSES:
        raise ValueError("an unknown status")
    if min((s for s in columns[4] if s is not None), default=1.0) <= 0:
        raise ValueError("a stability that is not positive")
    if len(set(keys)) != n:
        raise ValueError("a key twice")
    # tuple.__new__ builds each Facts from its values as Facts._make does, without the call.
    rows = map(partial(tuple.__new__, Facts), zip(*columns, strict=True))
    return Index(dict(zip(keys, zip(checks, rows, strict=True), strict=True)), snapshot)


def write(path: Path, index: Index) -> None:
    """Keep ``index`` for next time; never raises (a cache that cannot be written is none)."""
    entries = index.entries.values()
    fields: dict[str, Any] = {
        "snapshot": index.snapshot,
        "keys": list(index.entries),
        "checks": [check for check, _ in entries],
    }
    for n, (name, _) in enumerate(_COLUMNS):
        fields[name] = [facts[n] for _, facts in entries]
    cachefile.write_document(path, FORMAT, VERSION, fields)
