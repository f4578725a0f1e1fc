"""The learner's progress in memory, and its encoding as the ``progress.json`` snapshot.

``Ledger`` holds card states and counters, per-day counts and the journal position, applies
journal events (``review``, ``amend``, ``undo``, ``mark``, ``session``, ``settings``,
``import``) and encodes itself as JSON.
It never touches the disk: ``quiz.study.store.ProgressStore`` adds the files, the lock and the
recovery on top of it.

Applying an event is idempotent: ``seen`` holds, per writer, the number of the last event
applied (events of one writer are numbered 1, 2, 3 ... in the order written, see
``quiz.study.journal``), and an event at or below it is skipped. So the store may replay a
whole journal, a restored older copy, a retried append or another copy's lines at any time:
each event counts once. The snapshot carries ``seen`` and a digest of its cards and days, so a
snapshot changed behind the app's back (a card removed by hand) is noticed and rebuilt from
the journal instead of silently dropping answers.

Events that change a card carry the card's state after them (a review its new schedule, an
undo the schedule it restores), so a replay needs no scheduler and gives the very states the
learner saw, fuzzing included. Nothing is ever deleted: an ``undo`` names the review event it
takes back (``"review": "<id>"``), and whoever recomputes a schedule from the history (a merge
of several devices' journals) leaves out the reviews an undo names.

A card other devices answered too (their events merged in by ``quiz.study.sync``) is the
exception: its state is recomputed from its merged history (``quiz.study.merge``), and the
snapshot lists such cards under ``merged``.

The event formats this module applies (besides ``"id"``, see ``quiz.study.journal``)::

    {"type": "review", "key", "time", "rating", "correct", "rt", "session", "scheduled",
     "state": <state after>|null, ["new": false], ["answer": "<session>/<n>"]}
    {"type": "amend", "key", "time": <of the review amended>, "rating", "correct", "at",
     "state": <state after>|null}
    {"type": "undo", "key", "review": "<id of the review undone>", "time": <of that review>,
     "at", "state": <state restored>|null, "last": <the card's last review left>|null,
     "day": "<study day the review counted on>", "counts": [answers, right, new, reviews]}
    {"type": "mark", "key", "at", and one or more of "suspended": bool, "flagged": bool,
     "buried": "<study day>"|null}
    {"type": "session", "result": {...}}, {"type": "settings", "settings": {...}},
    {"type": "import", "cards": {key: <state>}}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from quiz.cachefile import blake2b  # (without hashlib: see there)
from quiz.records import Record, record
from quiz.study.days import study_day
from quiz.study.journal import event_id, parse_id
from quiz.study.migrate import CURRENT_VERSION
from quiz.study.scheduler import (
    CardState,
    CardStatus,
    Rating,
    Scheduler,
    fsrs_version,
    parse_time,
)

if TYPE_CHECKING:
    from quiz.study import facts

FORMAT = "quiz-progress"
FORMAT_VERSION = CURRENT_VERSION
JOURNAL_FILE = "progress.journal.jsonl"
# What parsing a malformed snapshot or event can raise (OverflowError: a date near year 9999
# moved to UTC).
BAD_DATA = (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError)


class Damaged(Exception):
    """The snapshot has the wrong shape; the message says what is wrong."""


# The key under which a verified snapshot's document carries its cards' raw lines.
LAZY_BODY = "\x00body"
_MISSING = object()
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]  # CPython's, not in typeshed
# The fields a mark sets on a card.
_MARK_WORDS = re.compile(r'"(?:suspended|buried|flagged)"')
_MARK_BYTES = re.compile(_MARK_WORDS.pattern.encode())


class _CardTable(dict):
    """key -> ``_Card``, where a card read from a verified snapshot is kept as its JSON text
    and parsed the first time it is looked at (see ``Ledger._cards_from_body``)."""

    # False once the JSON texts put in by ``load_texts`` are known to name no mark at all:
    # asking every card for its marks then parses none and searches none. Until first asked,
    # ``_unsearched`` holds the texts' whole, searched then: the search costs ~18 ms at 10,000
    # cards, and most commands never ask.
    __slots__ = ("_texts_may_mark", "_unsearched")

    def __init__(self) -> None:
        super().__init__()
        self._texts_may_mark = True
        self._unsearched: str | None = None

    def load_texts(self, texts: dict[str, str], whole: str) -> None:
        """Cards kept as their JSON text (``whole``: all of it, for one search for marks)."""
        if not self:
            self._unsearched = whole  # these are all the texts there are
        else:
            self._texts_may_mark = self._may_mark() or _MARK_WORDS.search(whole) is not None
        dict.update(self, texts)

    def searched(self, may_mark: bool) -> None:
        """What the search of the texts just loaded found, made before they were loaded."""
        if self._unsearched is not None:
            self._texts_may_mark, self._unsearched = may_mark, None

    def _may_mark(self) -> bool:
        if self._unsearched is not None:
            self._texts_may_mark = _MARK_WORDS.search(self._unsearched) is not None
            self._unsearched = None
        return self._texts_may_mark

    def _parsed(self, key: str, value: Any) -> _Card:
        if isinstance(value, str):
            value = Ledger._card_from(json.loads(value))
            dict.__setitem__(self, key, value)
        return value

    def __getitem__(self, key: str) -> _Card:
        return self._parsed(key, dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, _MISSING)
        return default if value is _MISSING else self._parsed(key, value)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    def items(self):
        return [(key, self[key]) for key in list(dict.keys(self))]

    def marked(self, key: str) -> _Card | None:
        """The card of ``key`` if it may be suspended, buried or flagged; None when it
        certainly is not. Sessions ask this of every card in the bank, and a card's text that
        names no mark needs no parsing to say so (a false "may" only costs the parse)."""
        value = dict.get(self, key, _MISSING)
        if value is _MISSING:
            return None
        if isinstance(value, str) and (not self._may_mark() or _MARK_WORDS.search(value) is None):
            return None
        return self._parsed(key, value)

    def values(self):
        return [self[key] for key in list(dict.keys(self))]

    def marked_cards(self) -> list[tuple[str, _Card]]:
        """Every card that may be suspended, buried or flagged, parsing only those whose text
        names a mark (see ``marked``)."""
        if not self._may_mark():
            return [(k, v) for k, v in dict.items(self) if not isinstance(v, str)]
        found = []
        for key, value in list(dict.items(self)):
            if isinstance(value, str) and _MARK_WORDS.search(value) is None:
                continue
            found.append((key, self._parsed(key, value)))
        return found


@record
class Settings(Record):
    desired_retention: float = 0.9
    parameters: tuple[float, ...] = ()  # empty: fsrs defaults
    day_starts_at: int = 4  # local hour at which a new study day begins
    new_per_day: int = 20
    reviews_per_day: int = 200
    enable_fuzzing: bool = True  # off in tests, where due dates must be exact
    exam_date: str | None = None  # ISO date; kept so the readiness forecast survives a restart
    # The fsrs parameters before ``quiz optimize`` last replaced them (empty: never optimized),
    # kept so the learner can compare or go back.
    previous_parameters: tuple[float, ...] = ()
    # The app's colour theme (a Textual theme's name, chosen from its command palette); None:
    # the default. Not checked against the themes: the app ignores a name it does not know.
    theme: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["parameters"] = list(self.parameters)
        data["previous_parameters"] = list(self.previous_parameters)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Missing keys take their defaults; wrong types or values raise ValueError."""
        if not isinstance(data, dict):
            raise ValueError("settings must be an object")
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            default = f.default
            if f.name in ("parameters", "previous_parameters"):
                if not isinstance(value, list | tuple) or not all(
                    isinstance(p, int | float) and not isinstance(p, bool) for p in value
                ):
                    raise ValueError(f"settings.{f.name} must be a list of numbers")
                value = tuple(float(p) for p in value)
            elif f.name == "theme":
                if value is not None and not (isinstance(value, str) and value):
                    raise ValueError("settings.theme must be a theme's name or null")
            elif f.name == "exam_date":
                if value is not None and not _iso_date(value):
                    raise ValueError("settings.exam_date must be a date as YYYY-MM-DD or null")
            elif isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ValueError(f"settings.{f.name} must be true or false")
            elif isinstance(default, int):
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise ValueError(f"settings.{f.name} must be a whole number >= 0")
            elif isinstance(default, float) and (
                not isinstance(value, int | float) or isinstance(value, bool)
            ):
                raise ValueError(f"settings.{f.name} must be a number")
            values[f.name] = value
        settings = cls(**values)
        if not 0 <= settings.day_starts_at <= 23:
            raise ValueError("settings.day_starts_at must be an hour from 0 to 23")
        Scheduler.from_settings(settings)  # validates retention and parameters
        return settings


def _iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10  # fromisoformat also takes "20261210"


@record
class ReviewRecord(Record):
    key: str  # "bank-id/question-id"
    time: datetime
    rating: Rating
    correct: bool
    response_time: float  # seconds
    session_id: str | None
    scheduled: bool  # False for cram reviews that did not change the schedule
    id: str | None = None  # the review event's identity (what an undo names)


@record
class DayCounts(Record):
    """One study day: every answer, the right ones, new cards started, review cards reviewed
    (a card counts as a review when it was in the review state; learning steps do not).

    ``new`` counts the new cards a review session introduced: it is what the daily new-card
    limit is measured against. A new card first answered in a quiz or exam is scheduled (it
    was recalled) but not counted there, as the learner chose that practice (a review entry
    saved with ``"new": false``)."""

    answers: int = 0
    correct: int = 0
    new: int = 0
    reviews: int = 0


@record
class _Last(Record):
    time: datetime
    session_id: str | None
    rating: Rating
    correct: bool
    scheduled: bool
    id: str | None = None  # the review event's identity; None in older snapshots
    answer: str | None = None  # the answer id it was recorded under, if any

    def to_dict(self) -> dict[str, Any]:
        data = {
            "time": self.time.isoformat(),
            "session": self.session_id,
            "rating": int(self.rating),
            "correct": self.correct,
            "scheduled": self.scheduled,
        }
        if self.id is not None:
            data["id"] = self.id
        if self.answer is not None:
            data["answer"] = self.answer
        return data

    @classmethod
    def from_dict(cls, last: Any) -> _Last:
        if not isinstance(last, dict):
            raise ValueError("a card's last review must be an object")
        ident, answer = last.get("id"), last.get("answer")
        if ident is not None and not isinstance(ident, str):
            raise ValueError("a review id must be a string")
        if answer is not None and not isinstance(answer, str):
            raise ValueError("an answer id must be a string")
        return cls(
            time=parse_time(last["time"]),
            session_id=last.get("session"),
            rating=Rating(last["rating"]),
            correct=bool(last["correct"]),
            scheduled=bool(last["scheduled"]),
            id=ident,
            answer=answer,
        )


@dataclass(slots=True)
class _Card:
    state: CardState | None = None
    prev: CardState | None = None  # the state before the last scheduled review (to amend it)
    prev_known: bool = True  # False for cards upgraded from version 1, and after an undo
    answers: int = 0
    correct: int = 0
    last: _Last | None = None
    # Events applied to this card (reviews, amends, undos, marks, imports): it only grows, so
    # of two copies of a card the one with more events is the later (an undo lowers answers).
    events: int = 0
    suspended: bool = False  # out of every session until unsuspended
    flagged: bool = False
    buried: str | None = None  # the study day it was buried on: out of sessions that day


def digest(days: dict[str, Any], body: bytes) -> str:
    """What the snapshot's cards and days hash to: a snapshot changed by anything but the
    app (a hand edit, a sync tool merging two copies) no longer matches it."""
    text = json.dumps(days, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # Fed in parts: joining them first copied the cards' body (megabytes) once more.
    h = blake2b(text, digest_size=16)
    h.update(b"\n")
    h.update(body)
    return h.hexdigest()


def snapshot_body(raw: bytes) -> tuple[bytes, bytes] | None:
    """Split a snapshot as ``_encode`` writes it into its head line and its cards' body;
    None when it is not laid out that way."""
    first, newline, rest = raw.partition(b"\n")
    if not newline or not first.endswith(b',"cards":{'):
        return None
    if rest == b"}}\n":
        return first, b""
    if not rest.endswith(b"\n}}\n"):
        return None
    return first, rest[: -len(b"\n}}\n")]


def _state(value: Any) -> CardState | None:
    return None if value is None else CardState.from_dict(value)


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{what} must be a whole number >= 0")
    return value


class Ledger:
    """Everything the snapshot holds, plus the review history once it has been read."""

    def __init__(self, *, defaults: Settings | None = None, tz: tzinfo | None = None) -> None:
        self.tz = tz  # None: the computer's time zone, for study days
        self._defaults = defaults or Settings()
        self._reset()

    def _use_settings(self, settings: Settings) -> None:
        # The file records the parameters really used, so a new fsrs release with other
        # defaults does not silently change a learner's schedule.
        self.scheduler = Scheduler.from_settings(settings)
        self.settings = replace(settings, parameters=self.scheduler.parameters)

    def _reset(self) -> None:
        self._use_settings(self._defaults)
        self._card_table = _CardTable()
        self._days: dict[str, list[int]] = {}
        self._journal_id: str | None = None
        self._offset = 0
        self._backup_day: str | None = None
        self._fragment_table: dict[str, str] = {}
        # The cards' lines of a verified snapshot, split into the card table when it is first
        # used (``_cards``): a command that never looks at a card (``quiz results``) skips it.
        self._pending_body: bytes | None = None
        # Whether that body names a mark, once searched (None: not searched yet).
        self._pending_marks: bool | None = None
        # The digest and card count of the snapshot whose body the cached fragments are: the
        # one read, or the last one encoded (None: not known, e.g. a snapshot parsed whole).
        self._body_digest: str | None = None
        self._body_count = 0
        # key -> (its fragment, that fragment's check, its facts): facts already worked out
        # for a card whose fragment is still the same object (so the card did not change).
        self._facts_memo: dict[str, tuple[str, int, facts.Facts]] = {}
        self._history: list[ReviewRecord] | None = None
        self._by_key: dict[str, list[int]] = {}
        # Finished sessions, read from the journal when first asked for (None until then).
        self._sessions: list[dict] | None = None
        # writer -> number of its last event applied (see the module docstring).
        self._seen: dict[str, int] = {}
        # Answer ids (``Session.id/position``) recorded or replayed in this process: a retried
        # answer is recognised even when its first append landed but reported a failure.
        self._answer_ids: set[str] = set()
        # Cards other devices answered too (see quiz.study.merge): their state is the one
        # their merged history gives, which an event of ours cannot always just update.
        self._merged: set[str] = set()

    @property
    def _cards(self) -> _CardTable:
        """key -> card, every card there is (a pending snapshot body is split in first)."""
        if self._pending_body is not None:
            body, self._pending_body = self._pending_body, None
            self._cards_from_body(body)
        return self._card_table

    def _marks_pending(self) -> bool:
        """Whether a snapshot body not split yet may hold a marked card: when it names no
        mark at all, a session starts without splitting it (its cards are unmarked)."""
        if self._pending_body is None:
            return True
        if self._pending_marks is None:
            self._pending_marks = _MARK_BYTES.search(self._pending_body) is not None
        return self._pending_marks

    @property
    def _fragments(self) -> dict[str, str]:
        """key -> the card's line as the snapshot holds it, while the card is unchanged."""
        if self._pending_body is not None:
            self._cards  # noqa: B018  (splits the body, which fills the fragments)
        return self._fragment_table

    # -- the snapshot --------------------------------------------------------------------------

    def _from_snapshot(self, doc: dict[str, Any]) -> None:
        self._use_settings(Settings.from_dict(doc.get("settings", {})))
        info = doc.get("journal")
        if info is not None:
            if not isinstance(info, dict) or not isinstance(info.get("id"), str):
                raise Damaged("journal section must name the journal id")
            self._journal_id = info["id"]
            self._offset = _int(info["offset"], "journal.offset")
        seen = doc.get("seen", {})
        if not isinstance(seen, dict):
            raise Damaged("seen must be an object")
        self._seen = {str(w): _int(n, f"seen.{w}") for w, n in seen.items()}
        backup_day = doc.get("backup_day")
        self._backup_day = backup_day if isinstance(backup_day, str) else None
        merged = doc.get("merged", [])
        if not isinstance(merged, list) or not all(isinstance(k, str) for k in merged):
            raise Damaged("merged must be a list of card keys")
        self._merged = set(merged)
        days = doc.get("days", {})
        if not isinstance(days, dict):
            raise Damaged("days must be an object")
        for day, counts in days.items():
            date.fromisoformat(day)
            if not isinstance(counts, list) or len(counts) != 4:
                raise Damaged(f"days.{day} must be a list of four counts")
            self._days[day] = [_int(c, f"days.{day}") for c in counts]
        body = doc.get(LAZY_BODY)
        if isinstance(body, bytes):
            self._pending_body = body
            self._body_digest = doc["digest"]
            self._body_count = body.count(b"\n") + 1 if body else 0
            return
        cards = doc["cards"]
        if not isinstance(cards, dict):
            raise Damaged("cards must be an object")
        for key, data in cards.items():
            self._cards[key] = self._card_from(data)

    def _cards_from_body(self, body: bytes) -> None:
        """The cards of a snapshot that matched its digest, one a line as ``_encode`` wrote
        them: each stays JSON text (already its cached fragment) until first used, so
        opening a large collection costs a split of lines, not a parse of every card."""
        frags = self._fragment_table
        if not body:
            return
        whole = body.decode("utf-8")
        texts = {}
        for line in whole.split("\n"):
            frag = line[:-1] if line.endswith(",") else line
            key, end = _scanstring(frag, 1)
            if frag[end] != ":":
                raise Damaged("a card line must be a key and its card")
            texts[key] = frag[end + 1 :]
            frags[key] = frag
        self._card_table.load_texts(texts, whole)
        if self._pending_marks is not None:  # searched already, before the split
            self._card_table.searched(self._pending_marks)

    @staticmethod
    def _card_from(data: Any) -> _Card:
        if not isinstance(data, dict):
            raise Damaged("each card must be an object")
        last = data.get("last")
        answers = _int(data.get("answers", 0), "answers")
        buried = data.get("buried")
        if buried is not None:
            date.fromisoformat(buried)
        return _Card(
            state=_state(data.get("state")),
            prev=_state(data.get("prev")),
            prev_known=bool(data.get("prev_known", True)),
            answers=answers,
            correct=_int(data.get("correct", 0), "correct"),
            last=None if last is None else _Last.from_dict(last),
            events=_int(data.get("events", answers), "events"),
            suspended=bool(data.get("suspended", False)),
            flagged=bool(data.get("flagged", False)),
            buried=buried,
        )

    @staticmethod
    def _card_to(card: _Card) -> dict[str, Any]:
        last = card.last
        data: dict[str, Any] = {
            "state": None if card.state is None else card.state.to_dict(),
            "prev": None if card.prev is None else card.prev.to_dict(),
            "answers": card.answers,
            "correct": card.correct,
            "last": None if last is None else last.to_dict(),
        }
        # Written only when they differ from what an older snapshot implies, so a card
        # nobody undid or marked reads (and costs) the same as before.
        if not card.prev_known:
            data["prev_known"] = False
        if card.events != card.answers:
            data["events"] = card.events
        if card.suspended:
            data["suspended"] = True
        if card.flagged:
            data["flagged"] = True
        if card.buried is not None:
            data["buried"] = card.buried
        return data

    def _head(self) -> dict[str, Any]:
        settings = self.settings.to_dict()
        settings["fsrs_version"] = fsrs_version()
        head = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "settings": settings,
            "journal": None
            if self._journal_id is None
            else {"file": JOURNAL_FILE, "id": self._journal_id, "offset": self._offset},
            "backup_day": self._backup_day,
            "seen": self._seen,
            "days": self._days,
        }
        if self._merged:
            head["merged"] = sorted(self._merged)
        return head

    def _encode(self) -> bytes:
        # One card a line, each encoded once and cached until it changes.
        parts = []
        frags = self._fragments
        for key in self._cards:
            frag = frags.get(key)
            if frag is None:
                card = self._cards[key]
                frag = (
                    json.dumps(key, ensure_ascii=False)
                    + ":"
                    + json.dumps(self._card_to(card), ensure_ascii=False, separators=(",", ":"))
                )
                frags[key] = frag
            parts.append(frag)
        body = ",\n".join(parts).encode("utf-8")
        head = self._head()
        head["digest"] = digest(head["days"], body)
        self._body_digest, self._body_count = head["digest"], len(parts)
        line = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
        return (line[:-1] + ',"cards":{\n').encode("utf-8") + body + b"\n}}\n"

    def _card_facts(
        self, index: facts.Index | None
    ) -> tuple[dict[str, facts.Facts], facts.Index | None]:
        """Every card's facts (see ``quiz.study.facts``), read off ``index`` for each card
        whose snapshot line it has; and the index to keep instead (None: it is still right)."""
        from quiz.study import facts  # (not needed to start: the warm-up imports it)

        if (
            self._pending_body is not None
            and index is not None
            and index.snapshot is not None
            and index.snapshot == self._body_digest
        ):
            return index.facts(), None  # this very snapshot, and nothing changed since
        table = self._cards
        frags = self._fragment_table
        known = {} if index is None else index.entries
        memo = self._facts_memo
        found: dict[str, facts.Facts] = {}
        kept: dict[str, tuple[int, facts.Facts]] = {}
        missed = 0
        for key in list(dict.keys(table)):
            frag = frags.get(key)
            if frag is None:  # changed since the snapshot: its line is not written yet
                found[key] = facts.of_card(table[key])
                continue
            seen = memo.get(key)
            if seen is not None and seen[0] is frag:
                _, check, card_facts = seen
            else:
                check = facts.line_check(frag)
                hit = known.get(key)
                if hit is not None and hit[0] == check:
                    card_facts = hit[1]
                else:
                    card_facts = facts.of_card(table[key])
                    missed += 1
                memo[key] = (frag, check, card_facts)
            found[key] = card_facts
            kept[key] = (check, card_facts)
        # Every card of the snapshot read or written last, each with its line as it is there.
        whole = len(kept) == len(table) == self._body_count and self._body_digest is not None
        snapshot = self._body_digest if whole else None
        if index is not None and not missed and (snapshot is None or index.snapshot == snapshot):
            return found, None
        return found, facts.Index(kept, snapshot)

    def _merge_snapshot(self, doc: dict[str, Any]) -> int:
        """Keep what a snapshot knows beyond the journal just replayed (a journal restored
        from an older copy holds fewer answers than the snapshot counted): a card with more
        answers there, a day with higher counts, a writer seen further. Returns the number of
        cards taken from the snapshot."""
        taken = 0
        seen = doc.get("seen")
        if (
            isinstance(seen, dict)
            and seen
            and all(isinstance(n, int) and n <= self._seen.get(str(w), 0) for w, n in seen.items())
        ):
            # The journal holds every event the snapshot reflected: the replay is the whole
            # truth, and a card the snapshot has in an older form (before an undo, which
            # lowers its counts) must not come back.
            return taken
        cards = doc.get("cards")
        if isinstance(cards, dict):
            for key, data in cards.items():
                try:
                    card = self._card_from(data)
                except (*BAD_DATA, Damaged):
                    continue
                mine = self._cards.get(key)
                if mine is None or card.events > mine.events:
                    self._cards[key] = card
                    self._fragments.pop(key, None)
                    taken += 1
        days = doc.get("days")
        if isinstance(days, dict):
            for day, counts in days.items():
                try:
                    date.fromisoformat(day)
                    values = [_int(c, "days") for c in counts][:4]
                except (*BAD_DATA, Damaged):
                    continue
                if len(values) == 4:
                    mine_counts = self._days.setdefault(day, [0, 0, 0, 0])
                    self._days[day] = [max(a, b) for a, b in zip(mine_counts, values, strict=True)]
        seen = doc.get("seen")
        if isinstance(seen, dict):
            for writer, n in seen.items():
                if isinstance(n, int) and not isinstance(n, bool) and n > 0:
                    self._seen[str(writer)] = max(self._seen.get(str(writer), 0), n)
        return taken

    def _day_key(self, moment: datetime) -> str:
        return study_day(moment, self.settings.day_starts_at, self.tz).isoformat()

    def _applied(self, entry: dict[str, Any]) -> bool:
        """Whether ``entry`` (an event with an identity) was applied already."""
        ident = parse_id(entry.get("id"))
        return ident is not None and ident[1] <= self._seen.get(ident[0], 0)

    def _apply_event(self, entry: dict[str, Any]) -> bool:
        """Apply one journal event unless it was applied already; True if it was applied.
        Raises one of BAD_DATA for an event that cannot be read (nothing is changed then)."""
        ident = parse_id(entry.get("id"))
        if ident is not None and ident[1] <= self._seen.get(ident[0], 0):
            return False
        answer = entry.get("answer")
        if isinstance(answer, str) and answer in self._answer_ids:
            # The same answer appended twice (a retry whose first append did land).
            if ident is not None:
                self._seen[ident[0]] = ident[1]
            return False
        self._apply(entry)
        if ident is not None:
            self._seen[ident[0]] = ident[1]
        if isinstance(answer, str):
            self._answer_ids.add(answer)
        return True

    def _next_id(self, writer: str) -> str:
        return event_id(writer, self._seen.get(writer, 0) + 1)

    def _apply(self, entry: dict[str, Any]) -> None:
        """Apply one journal event to the in-memory state (live, or replayed after a crash)."""
        kind = entry["type"]
        if kind == "review":
            self._apply_review(entry)
        elif kind == "amend":
            self._apply_amend(entry)
        elif kind == "undo":
            self._apply_undo(entry)
        elif kind == "mark":
            self._apply_mark(entry)
        elif kind == "session":
            if not isinstance(entry["result"], dict):
                raise ValueError("a session result must be an object")
            if self._sessions is not None:
                self._sessions.append(entry["result"])
        elif kind == "import":
            cards = entry["cards"]
            if not isinstance(cards, dict):
                raise ValueError("an import needs a 'cards' object")
            states = {key: CardState.from_dict(data) for key, data in cards.items()}
            for key, state in states.items():
                card = self._cards.setdefault(key, _Card())
                card.state, card.prev, card.prev_known = state, None, False
                card.events += 1
                self._fragments.pop(key, None)
        elif kind == "settings":
            self._use_settings(Settings.from_dict(entry["settings"]))
        else:
            raise ValueError(f"unknown event type {kind!r}")

    def _apply_review(self, entry: dict[str, Any]) -> None:
        record = self._record(entry)
        state = _state(entry["state"])
        answer = entry.get("answer")
        counts_new = entry.get("new", True)
        if not isinstance(counts_new, bool):
            raise ValueError("new must be true or false")
        card = self._cards.get(record.key)
        if card is None:
            card = self._cards[record.key] = _Card()
        before, first = card.state, card.answers == 0
        if record.scheduled and state is not None:
            card.prev, card.prev_known, card.state = before, True, state
        elif record.scheduled:
            # Upgraded from version 1, which kept no state per review: an "import" event
            # sets the card's state after its reviews.
            card.prev_known = False
        card.answers += 1
        card.correct += record.correct
        card.events += 1
        card.last = _Last(
            record.time,
            record.session_id,
            record.rating,
            record.correct,
            record.scheduled,
            id=record.id,
            answer=answer if isinstance(answer, str) else None,
        )
        self._fragments.pop(record.key, None)
        counts = self._days.setdefault(self._day_key(record.time), [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += record.correct
        if record.scheduled and state is None:
            if not first:
                counts[3] += 1
            elif counts_new:
                counts[2] += 1
        elif record.scheduled and before is None:
            counts[2] += counts_new
        elif record.scheduled and before.status is CardStatus.REVIEW:
            counts[3] += 1
        if self._history is not None:
            self._add_history(record)

    def _apply_undo(self, entry: dict[str, Any]) -> None:
        """Take back the card's last review: the event says what the card and the day return
        to (the store works it out from the card's history when the undo is made), so a
        replay gives the same state without reading that history again."""
        key = entry["key"]
        review = entry["review"]
        time = parse_time(entry["time"])
        state = _state(entry["state"])
        last = entry["last"]
        last = None if last is None else _Last.from_dict(last)
        day = entry["day"]
        date.fromisoformat(day)
        counts = [_int(c, "undo counts") for c in entry["counts"]]
        if len(counts) != 4 or not isinstance(review, str):
            raise ValueError("an undo needs the review's id and four counts")
        card = self._cards.get(key)
        if card is None or card.last is None or card.last.time != time:
            raise ValueError(f"no review of {key} at {time} to undo")
        if card.last.id is not None and card.last.id != review:
            raise ValueError(f"the last review of {key} is not {review}")
        card.answers = max(0, card.answers - 1)
        card.correct = max(0, card.correct - card.last.correct)
        card.events += 1
        card.state, card.last = state, last
        # The state before the restored review is not kept: that review cannot be amended.
        card.prev, card.prev_known = None, False
        self._fragments.pop(key, None)
        mine = self._days.setdefault(day, [0, 0, 0, 0])
        self._days[day] = [max(0, a - b) for a, b in zip(mine, counts, strict=True)]
        if not any(self._days[day]):
            del self._days[day]
        # Read again from the journal when next asked for, leaving the undone review out.
        self._history, self._by_key = None, {}

    def _apply_mark(self, entry: dict[str, Any]) -> None:
        key = entry["key"]
        if not isinstance(key, str) or not key:
            raise ValueError("a mark needs a key")
        changes: dict[str, Any] = {}
        for name in ("suspended", "flagged"):
            if name in entry:
                if not isinstance(entry[name], bool):
                    raise ValueError(f"{name} must be true or false")
                changes[name] = entry[name]
        if "buried" in entry:
            buried = entry["buried"]
            if buried is not None:
                date.fromisoformat(buried)
            changes["buried"] = buried
        if not changes:
            raise ValueError("a mark changes nothing")
        card = self._cards.setdefault(key, _Card())
        for name, value in changes.items():
            setattr(card, name, value)
        card.events += 1
        self._fragments.pop(key, None)

    def _apply_amend(self, entry: dict[str, Any]) -> None:
        key = entry["key"]
        time = parse_time(entry["time"])
        rating = Rating(entry["rating"])
        correct = entry["correct"]
        if not isinstance(correct, bool):
            raise ValueError("correct must be true or false")
        state = _state(entry["state"])
        card = self._cards.get(key)
        if card is None or card.last is None or card.last.time != time:
            raise ValueError(f"no review of {key} at {time} to amend")
        delta = int(correct) - int(card.last.correct)
        card.correct += delta
        counts = self._days.setdefault(self._day_key(time), [0, 0, 0, 0])
        counts[1] = max(0, counts[1] + delta)
        if card.last.scheduled and state is not None:
            card.state = state
        card.events += 1
        card.last = replace(card.last, rating=rating, correct=correct)
        self._fragments.pop(key, None)
        if self._history is not None:
            self._amend_history(key, time, rating, correct)

    @staticmethod
    def _record(entry: dict[str, Any]) -> ReviewRecord:
        key = entry["key"]
        correct = entry["correct"]
        scheduled = entry["scheduled"]
        session = entry.get("session")
        rt = entry.get("rt", 0.0)
        ident = entry.get("id")
        if not isinstance(key, str) or not key:
            raise ValueError("a review key must be a non-empty string")
        if not isinstance(correct, bool) or not isinstance(scheduled, bool):
            raise ValueError("correct and scheduled must be true or false")
        if session is not None and not isinstance(session, str):
            raise ValueError("a session id must be a string")
        if not isinstance(rt, int | float) or isinstance(rt, bool):
            raise ValueError("a response time must be a number")
        return ReviewRecord(
            key=key,
            time=parse_time(entry["time"]),
            rating=Rating(entry["rating"]),
            correct=correct,
            response_time=float(rt),
            session_id=session,
            scheduled=scheduled,
            id=ident if isinstance(ident, str) else None,
        )

    def _add_history(self, record: ReviewRecord) -> None:
        assert self._history is not None
        self._by_key.setdefault(record.key, []).append(len(self._history))
        self._history.append(record)

    def _amend_history(self, key: str, time: datetime, rating: Rating, correct: bool) -> None:
        assert self._history is not None
        for index in reversed(self._by_key.get(key, [])):
            if self._history[index].time == time:
                self._history[index] = replace(self._history[index], rating=rating, correct=correct)
                return
