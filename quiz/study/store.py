"""The learner's progress: ``progress.json`` plus its answer journal, in the data directory.

Design (what keeps every answer, and keeps saving fast):

- ``progress.journal.jsonl`` is the record of truth: an append-only JSON-lines file with one
  line per review, amended review, finished session and change of settings. Recording an answer
  appends one line and fsyncs it, so the cost of a save does not depend on the history. The
  append is the commit point: once it returns the answer is saved, whatever happens next.
- Every event has an identity (``"id": "<writer>:<n>"``, see ``quiz.study.journal``) and the
  state is each identity applied once (``quiz.study.ledger``). Replaying is idempotent: the
  whole journal twice, a restored older copy, another copy's lines, a retried append. A caller
  may also name an answer (``answer_id``) so that retrying it never records it twice.
- ``progress.json`` is a compact snapshot: format version, scheduler settings (with the fsrs
  version), per-card state and counters, per-day counters, the events it reflects per writer,
  the journal offset it was written at and a digest of its cards. It is written with
  ``atomic.write_atomic`` (temp file, fsync, ``os.replace``, fsync of the folder), never opened
  for writing. Its size grows with the number of questions, not with the number of reviews;
  card entries are cached as JSON so a write re-encodes only the cards that changed. As the
  journal already holds every answer, the snapshot is a checkpoint: rewritten every
  ``CHECKPOINT_EVERY`` events or ``CHECKPOINT_SECONDS``, after a session, at the first save of
  a study day and on ``save()``. A checkpoint that fails (a full disk) is a notice, not an
  error: it is tried again a little later and the answer stays saved.
- Opening reads the snapshot and replays the journal lines after its offset in memory, and
  writes nothing unless a file needs repair: the checkpoint is written at the next save, so
  ``quiz stats`` works on a read-only folder or file system (where even the lock file cannot be
  created, the files are read without it). Killed at any moment, the pair is an old or a new
  state: a partial last journal line is an answer whose save never returned, and is dropped.
- Two copies of the app share a data directory through ``progress.lock`` (filelock): every
  change takes the lock, first replays whatever the other copy appended since (so it merges
  their answers, never overwrites them), appends its own event and rewrites the snapshot.
- Backups: once per study day and folder, the previous snapshot is rotated into
  ``progress.json.bak1`` .. ``bak3``. Recovery salvages (see ``quiz.study.disk``): a damaged
  snapshot is moved aside and the newest good backup restored with the whole journal replayed
  on top; a damaged or foreign journal keeps every intact line; a snapshot that fails its
  digest is rebuilt from the journal. The learner is told through ``notices``.
- A snapshot or journal from a newer format version raises ``ProgressError`` and nothing is
  touched. Older versions are upgraded by ``quiz.study.migrate`` and ``quiz.study.disk``.
- Review history and sessions are read from the journal only when first asked for, so opening
  the store and answering stay fast with a long history. What a long history costs to read
  again is kept in the cache folder, never trusted beyond what it can check: the sessions
  found up to a point of the journal (``quiz.study.sessionindex``) and what the statistics
  need of each card (``quiz.study.facts``).
- Several devices: with a sync folder set up (``quiz.study.sync``), opening merges the other
  devices' events into the journal (by identity, as a crash replay) and checkpoints write this
  device's own events to its file in the folder. The snapshot stays per device.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Container, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz import paths
from quiz.records import Record, record
from quiz.study import journal, merge
from quiz.study.atomic import (
    READ_ONLY_ERRNOS,
    UnusableFile,
    append_durable,
    describe,
    read_regular,
    write_atomic,
)
from quiz.study.days import end_of_study_day
from quiz.study.disk import (
    PROGRESS_FILE,
    SNAPSHOT_MAX_BYTES,
    SYNC_CONFIG,
    DiskLedger,
    ProgressError,
)
from quiz.study.ledger import (
    BAD_DATA,
    FORMAT_VERSION,
    JOURNAL_FILE,
    Damaged,
    DayCounts,
    Ledger,
    ReviewRecord,
    Settings,
    _Card,
    _CardTable,
)
from quiz.study.scheduler import CardState, Rating, ensure_utc, parse_time, utc_or_now

if TYPE_CHECKING:
    from quiz.study import facts

__all__ = [
    "JOURNAL_FILE",
    "PROGRESS_FILE",
    "DayCounts",
    "ProgressError",
    "ProgressStore",
    "ReviewRecord",
    "Settings",
]

LOCK_FILE = "progress.lock"
LOCK_TIMEOUT = 15.0
# The snapshot is rewritten after this many events or seconds, at the first save of a study
# day (which rotates the backups), after a session and on ``save()``.
CHECKPOINT_EVERY = 20
CHECKPOINT_SECONDS = 10.0
_NOT_READ: Any = object()


@record
class Marks(Record):
    """The cards suspended, buried on one study day, and flagged (see ``ProgressStore.marks``)."""

    suspended: frozenset[str]
    buried: frozenset[str]
    flagged: frozenset[str]

    def excluded(self, key: str) -> bool:
        return key in self.suspended or key in self.buried


def _lines_naming(data: bytes, word: bytes) -> Iterator[bytes]:
    """The lines of ``data`` that hold ``word``, in order, each once: found by searching the
    whole text rather than by splitting it, since a long journal is a hundred thousand review
    lines for every few hundred session lines."""
    at = data.find(word)
    while at != -1:
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        if end == -1:
            end = len(data)
        yield data[start:end]
        at = data.find(word, end)


class _LockDenied(ProgressError):
    """The lock file cannot be created or opened: the folder is read-only to us."""


def _json_default(value: Any) -> Any:
    """Let session results hold the engine's own types (times, enums, sets)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"a session result cannot hold {type(value).__name__} values")


class ProgressStore(DiskLedger):
    path: Path
    settings: Settings
    notices: list[str]  # things to tell the learner once (e.g. "restored from backup ...")

    def __init__(
        self, data_dir: Path, *, defaults: Settings | None = None, tz: tzinfo | None = None
    ) -> None:
        """Use ``ProgressStore.open``; this makes an empty store that has read nothing."""
        self._mutex = threading.RLock()
        self._file_lock: Any = None  # a filelock.FileLock, made when first taken
        # True: a change never writes the snapshot itself, it only marks it wanted, and the
        # caller runs ``checkpoint()`` when it suits (the app: in a worker after each answer).
        self.defer_checkpoints = False
        self._checkpoint_wanted = False
        self._syncing = False  # a sync folder is set up: checkpoints write our file there
        self._sync_failed = False  # writing our file there failed, and we said so
        # (where the facts index is kept, the index read or written last) once first asked.
        self._facts_index: tuple[Path, facts.Index | None] = _NOT_READ
        super().__init__(data_dir, defaults=defaults, tz=tz)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        defaults: Settings | None = None,
        tz: tzinfo | None = None,
        sync: bool = True,
        reading: bool = False,
    ) -> ProgressStore:
        """The progress in ``data_dir`` (nothing is created until the first save).

        ``defaults`` are the settings of a new progress file. With a sync folder set up
        (``quiz sync init``) and ``sync``, what other devices wrote there is merged in and
        this device's events are written there (``quiz.study.sync``). Raises ProgressError
        for a file from a newer version, a data directory that cannot be read, or a lock
        held too long.

        ``reading``: for a command that only reads (``quiz stats``, ``quiz results``), the
        files are first read without the lock, which is safe as the snapshot is replaced
        atomically and the journal only grows (a line being appended meanwhile is not
        confirmed yet, and is left out). Only when that reading finds something to repair or
        to tell (damage, an old format, another journal) is it done again under the lock, as
        any opening does. Importing the lock's library alone costs ~25 ms.
        """
        store = cls(data_dir, defaults=defaults, tz=tz)
        if store.path.exists() or store.journal_path.exists():
            if not (reading and store._load_without_lock()):
                with store._reading():
                    store._load()
        elif store.data_dir.exists() and not store.data_dir.is_dir():
            raise ProgressError(f"{store.data_dir} is not a folder; cannot keep progress there")
        if sync and (store.data_dir / SYNC_CONFIG).exists():
            from quiz.study import sync as syncing

            # Never an error: what could not be merged is said in the notices.
            syncing.sync_on_open(store)
            store._syncing = True
        return store

    def _checkpoint(self) -> None:
        super()._checkpoint()
        if self._syncing:
            from quiz.study import sync as syncing

            # Other devices see this one's answers from the next checkpoint (every few
            # answers, after each session); theirs are merged in at the next opening, not
            # under a session that is running.
            syncing.export_quietly(self)

    def _load_without_lock(self) -> bool:
        """Read the files without the lock when they are as the app leaves them; False (with
        nothing kept of the reading) for anything else: that is for a reading under the lock,
        which repairs and tells."""
        with self._mutex:
            told = len(self.notices)
            try:
                clean = self._read_clean()
            except (OSError, UnusableFile, ProgressError, Damaged, *BAD_DATA):
                clean = False
            finally:
                self._may_write = True
            if not clean or len(self.notices) > told:
                del self.notices[told:]
                self._reset()
                return False
            return True

    def _read_clean(self) -> bool:
        """No litter of an interrupted write, a current snapshot that matches its digest, its
        journal at a line's start after it, and nothing in the journal to skip or tell."""
        if any(self.data_dir.glob(".progress*.tmp")):
            return False
        doc = self._read_verified(read_regular(self.path, limit=SNAPSHOT_MAX_BYTES))
        header = journal.read_header(self.journal_path)
        if doc is None or header is None or header["version"] != FORMAT_VERSION:
            return False
        self._reset()
        self._from_snapshot(doc)
        if header["id"] != self._journal_id or not self._at_line_start(self._offset):
            return False
        self._may_write = False  # (a partial last line is left alone: not ours to cut)
        if self._replay():
            self._checkpoint_due = True
        return True

    def warm_up(self) -> None:
        """Do now what the first change would do inside a key press: import the lock's
        library and make the lock (~25 ms), and split the snapshot's cards into the table
        (~30 ms at 10,000 cards). For a worker thread, once the app is on screen."""
        with self._mutex:
            self._lock  # noqa: B018
            self._cards  # noqa: B018

    @property
    def _lock(self) -> Any:
        if self._file_lock is None:
            import filelock

            self._file_lock = filelock.FileLock(
                str(self.data_dir / LOCK_FILE), timeout=LOCK_TIMEOUT
            )
        return self._file_lock

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        import filelock

        with self._mutex:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                self._lock.acquire()
            except filelock.Timeout:
                raise ProgressError(
                    f"{self.path}: another copy of quiz has been saving for over "
                    f"{LOCK_TIMEOUT:.0f} s (lock file {self._lock.lock_file}); close it and retry"
                ) from None
            except OSError as exc:
                # A read-only folder or file system: read without the lock (see _reading).
                error = _LockDenied if exc.errno in READ_ONLY_ERRNOS else ProgressError
                raise error(f"{self.data_dir}: cannot use this folder: {describe(exc)}") from None
            try:
                yield
            finally:
                self._lock.release()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        """The lock, for reading: in a folder where the lock file cannot even be created (a
        read-only copy, another user's folder) the files are read without it, which is safe
        as the snapshot is replaced atomically and the journal only grows. Nothing can be
        repaired or saved there, and the first save says so."""
        try:
            with self._locked():
                yield
            return
        except _LockDenied:
            pass
        with self._mutex:
            self._may_write = False
            try:
                yield
            finally:
                self._may_write = True

    # -- events --------------------------------------------------------------------------------

    def _append(self, entry: dict[str, Any], *, force_snapshot: bool = False) -> None:
        """Under the lock: write one event durably and apply it; checkpoint the snapshot
        every few events (the journal alone already keeps the answer).

        The append is the commit point: once the line is in the journal the event is saved,
        and nothing after it (a checkpoint on a full disk) can make it "not saved" or cause it
        to be appended again. If the append itself fails, its partial line is cut off, so the
        event is either in the journal whole or not at all."""
        if not self._may_write:
            raise ProgressError(
                f"{self.data_dir} is read-only here: your answer could not be saved."
            )
        try:
            if self._journal_id is None:
                header = journal.new_header(FORMAT_VERSION)
                self._offset = journal.create(self.journal_path, header)
                self._journal_id = header["id"]
            else:
                # A partial last line left by a crash (opening may not have been allowed to
                # cut it): the new line must not glue itself to it.
                journal.cut_torn_tail(self.journal_path, self._offset)
            entry = {"id": self._next_id(self._journal_id), **entry}
            written = journal.append(self.journal_path, entry)
        except OSError as exc:
            with contextlib.suppress(OSError):
                journal.cut_torn_tail(self.journal_path, self._offset)
            raise ProgressError(f"Not saved to {self.journal_path}: {describe(exc)}") from None
        self._offset += written
        if self._needs_merge(entry):
            self._merge_cards(set(merge.keys_of(entry)), self._offset)
            if isinstance(entry.get("answer"), str):
                self._answer_ids.add(entry["answer"])
        else:
            self._apply_event(entry)
        self._pending += 1
        if self._checkpoint_wanted_now(force_snapshot):
            if self.defer_checkpoints:
                self._checkpoint_wanted = True
            else:
                self._checkpoint()

    def _needs_merge(self, entry: dict[str, Any]) -> bool:
        """Whether our new event changes a card answered on several devices in a way that
        applying it alone would not give the state its merged history gives: a review
        dated before the card's last one (another device's clock, or ours, was ahead) or a
        mark (marks apply in the order they were made). A review after the last one, an
        amend of it and an undo (worked out from the merged history) apply as they are."""
        keys = merge.keys_of(entry)
        if not keys or not self._merged.intersection(keys):
            return False
        kind = entry["type"]
        if kind == "review":
            card = self._cards.get(entry["key"])
            last = None if card is None else card.last
            return last is not None and parse_time(entry["time"]) <= last.time
        return kind in ("mark", "import")

    def _checkpoint_wanted_now(self, force: bool) -> bool:
        retry_at = self._checkpoint_retry_at
        return bool(
            force
            or (
                retry_at is None
                and (
                    self._checkpoint_due
                    or self._pending >= CHECKPOINT_EVERY
                    or time.monotonic() - self._checkpointed > CHECKPOINT_SECONDS
                    or self._needs_snapshot()
                )
            )
            or (retry_at is not None and time.monotonic() >= retry_at)
        )

    def merge_events(self, entries: list[dict[str, Any]]) -> int:
        """Add other devices' events (read by ``quiz.study.sync``, already checked) to the
        journal and apply them by identity, as a crash replay would: the cards they change
        are recomputed from their merged history. Events of this journal's own writer, and
        events applied already, are left out. Returns how many were applied."""
        with self._locked():
            self._catch_up()
            own = self._journal_id
            fresh = [e for e in entries if merge.writer_of(e) != own and not self._applied(e)]
            if not fresh:
                return 0
            if not self._may_write:
                raise ProgressError(f"{self.data_dir} is read-only here: nothing was merged.")
            try:
                if self._journal_id is None:
                    header = journal.new_header(FORMAT_VERSION)
                    self._offset = journal.create(self.journal_path, header)
                    self._journal_id = header["id"]
                else:
                    journal.cut_torn_tail(self.journal_path, self._offset)
                # One durable write for all of them (a month offline is hundreds of events).
                append_durable(self.journal_path, b"".join(journal.encode(e) for e in fresh))
            except OSError as exc:
                with contextlib.suppress(OSError):
                    journal.cut_torn_tail(self.journal_path, self._offset)
                raise ProgressError(
                    f"Could not merge into {self.journal_path}: {describe(exc)}"
                ) from None
            applied = self._replay()
            self._sessions = None
            self._checkpoint()
            return applied

    def new_writer(self) -> str:
        """Give this journal a new writer id, keeping every line in it as it is: events
        recorded from now on are numbered under the new id. For a progress folder copied to
        another device (``quiz.study.sync``), so that the two never number their answers
        under one id. Returns the new id."""
        with self._locked():
            self._catch_up()
            if not self._may_write:
                raise ProgressError(f"{self.data_dir} is read-only here")
            header = journal.new_header(FORMAT_VERSION)
            if self._journal_id is not None:
                raw = read_regular(self.journal_path, limit=journal.MAX_BYTES, end=self._offset)
                start = journal.header_size(self.journal_path)
                data = journal.encode(header) + raw[start:]
            else:
                data = journal.encode(header)
            write_atomic(self.journal_path, data)
            self._journal_id, self._offset = header["id"], len(data)
            # Every card so far was another writer's: an answer of ours dated before one of
            # them must recompute it (see _needs_merge).
            self._merged.update(self._cards.keys())
            # The settings recorded under the old id are another writer's now, which a
            # rebuild from the journal leaves out: they are recorded again under ours.
            self._append(
                {"type": "settings", "settings": self.settings.to_dict()}, force_snapshot=True
            )
            return header["id"]

    @property
    def checkpoint_wanted(self) -> bool:
        """A deferred checkpoint is waiting (see ``defer_checkpoints``)."""
        return self._checkpoint_wanted

    def checkpoint(self) -> None:
        """Write the snapshot if one is wanted. With ``defer_checkpoints`` the app calls this
        off the key-press path (a worker thread, at idle); answers are saved in the journal
        before it runs, so when or whether it runs changes nothing they depend on. A failure
        is left in ``notices``."""
        with self._locked():
            if not (self._checkpoint_wanted or self._checkpoint_due):
                return
            self._catch_up()
            self._checkpoint_wanted = False
            self._checkpoint()

    # -- history (read from the journal on first use) ------------------------------------------

    def _load_history(self) -> None:
        if self._history is not None:
            return
        self._history, self._by_key = [], {}
        if self._journal_id is None or not self.journal_path.exists():
            return
        # Only up to our offset: later lines are another copy's, applied at the next catch-up.
        try:
            chunk = journal.read_from(self.journal_path, 0, self._offset)
        except FileNotFoundError:
            return
        except UnusableFile as exc:
            raise ProgressError(f"{exc.path}: {exc.reason}") from None
        # An undone review is left out of the history (it stays in the journal).
        undone = {
            e["review"]
            for e in chunk.entries
            if e.get("type") == "undo" and isinstance(e.get("review"), str)
        }
        seen: set[tuple[str, str]] = set()
        entries = chunk.entries
        writers = merge.writers(entries)
        if len(writers) > 1:
            # Merged from several devices, an amend may be in the file before the review it
            # amends: amends go last, the latest made winning (as in quiz.study.merge).
            amends = [e for e in entries if e.get("type") == "amend"]
            entries = [e for e in entries if e.get("type") != "amend"]
            entries += sorted(amends, key=merge.made_at)
        for entry in entries:
            # The same event twice (merged copies), or one answer appended twice by a retry:
            # it happened once, as the state counts it.
            marks = [(n, v) for n in ("id", "answer") if isinstance(v := entry.get(n), str)]
            if any(mark in seen for mark in marks):
                continue
            seen.update(marks)
            with contextlib.suppress(*BAD_DATA):
                kind = entry.get("type")
                if kind == "review" and entry.get("id") not in undone:
                    self._add_history(self._record(entry))
                elif kind == "amend":
                    self._amend_history(
                        entry["key"],
                        parse_time(entry["time"]),
                        Rating(entry["rating"]),
                        bool(entry["correct"]),
                    )
        if len(writers) > 1:
            # Several devices' answers arrive in the order they were merged: the history
            # is the order they were given in.
            self._history.sort(key=lambda r: (r.time, r.id or ""))
            self._by_key = {}
            for index, record in enumerate(self._history):
                self._by_key.setdefault(record.key, []).append(index)

    # -- the public API ------------------------------------------------------------------------

    def card(self, key: str) -> CardState | None:
        """None for a question never reviewed (a new card)."""
        card = self._cards.get(key)
        return None if card is None else card.state

    def keys(self) -> list[str]:
        """Every key with progress, including questions since removed from their bank."""
        return list(self._cards)

    def studied(self) -> Container[str]:
        """The keys with any progress (answers, a schedule or a mark), for membership tests:
        a key not in it is a new card with nothing to look up. Whole-bank counts ask it of
        every question, most of them new in a big bank."""
        return self._cards.keys()

    def counts(self, key: str) -> tuple[int, int]:
        """(answers, right answers) for ``key``, cram answers included."""
        card = self._cards.get(key)
        return (0, 0) if card is None else (card.answers, card.correct)

    def retrievability(self, key: str, now: datetime) -> float:
        return self.scheduler.retrievability(self.card(key), now)

    def record_review(
        self,
        key: str,
        *,
        rating: Rating,
        correct: bool,
        response_time: float,
        session_id: str | None,
        now: datetime,
        update_schedule: bool = True,
        counts_as_new: bool = True,
        answer_id: str | None = None,
    ) -> CardState | None:
        """Append the review, reschedule the card (unless update_schedule is False) and save.
        ``counts_as_new`` False: a new card answered outside a review session, which does not
        use up the day's new-card limit (see ``DayCounts``).

        ``answer_id`` names the answer (a session's id and the position answered): an answer
        already recorded under it is not recorded again, so a retry after an error is safe.
        Raises ProgressError only when the answer was not saved."""
        now = ensure_utc(now, "review time")
        rating = Rating(rating)
        with self._locked():
            self._catch_up()
            if answer_id is not None and answer_id in self._answer_ids:
                return self.card(key)
            state = None
            if update_schedule:
                state = self.scheduler.review(self.card(key), rating, now, key=key)
            entry = {
                "type": "review",
                "key": key,
                "time": now.isoformat(),
                "rating": int(rating),
                "correct": bool(correct),
                "rt": round(float(response_time), 3),
                "session": session_id,
                "scheduled": bool(update_schedule),
                "state": None if state is None else state.to_dict(),
            }
            if not counts_as_new:
                entry["new"] = False  # left out otherwise: older lines read the same
            if answer_id is not None:
                entry["answer"] = answer_id
            self._append(entry)
            return self.card(key)

    def amend_last_review(
        self, key: str, *, rating: Rating, correct: bool, now: datetime
    ) -> CardState | None:
        """ "I knew it" / "I guessed": replace the last review of key, rescheduling from the
        state before it, and save. ValueError if key was never answered."""
        now = ensure_utc(now, "amend time")
        rating = Rating(rating)
        with self._locked():
            self._catch_up()
            card = self._cards.get(key)
            if card is None or card.last is None:
                raise ValueError(f"{key} has no answer to amend")
            last = card.last
            state = None
            if last.scheduled and card.prev_known:
                # Rescheduled as if the answer had been rated so at the time it was given.
                state = self.scheduler.review(card.prev, rating, last.time, key=key)
            self._append(
                {
                    "type": "amend",
                    "key": key,
                    "time": last.time.isoformat(),
                    "rating": int(rating),
                    "correct": bool(correct),
                    "at": now.isoformat(),
                    "state": None if state is None else state.to_dict(),
                }
            )
            return self.card(key)

    def undo_last_review(
        self, key: str, *, now: datetime, answer_id: str | None = None
    ) -> CardState | None:
        """Take back the last review of ``key`` that is not undone yet, and save: the journal
        gets an ``undo`` event naming it (nothing is deleted), and the card, its counts and
        the day's counts go back to what they were before it. Several undos in a row go back
        one review each. Returns the card's state afterwards (None: new again).

        ``answer_id``: the answer being taken back (as given to ``record_review``). If the
        card's last review is not that answer, it was undone already (a retry after an error
        whose first try did land) and nothing is recorded again. ValueError when the card has
        no review left to undo."""
        now = ensure_utc(now, "undo time")
        with self._locked():
            self._catch_up()
            card = self._cards.get(key)
            if card is None or card.last is None:
                raise ValueError(f"{key} has no answer to undo")
            if answer_id is not None and card.last.answer != answer_id:
                if answer_id in self._answer_ids:
                    return self.card(key)  # undone already
                raise ValueError(f"the last answer to {key} is not {answer_id}")
            self._append(self._undo_event(key, now))
            return self.card(key)

    def _undo_event(self, key: str, now: datetime) -> dict[str, Any]:
        """The ``undo`` of ``key``'s last review, worked out from the card's own events in
        the journal: the card as it was just before that review (replayed alone in a scratch
        ledger, so every rule of applying events is the one used everywhere), and what the
        review added to its day (the day as it is with the review, less the day without)."""
        events = self._events_of(key)
        whole = merge.card_alone(self, key, events)
        last = whole._cards[key].last
        if last is None or last.id is None:
            raise ValueError(f"{key} has no answer that can be undone")
        if len(merge.writers(events)) > 1:
            # Answered on several devices: the card without that review is its merged
            # history recomputed without it (see quiz.study.merge).
            before = merge.card_alone(self, key, events, undone=frozenset({last.id}))
        else:
            at = next(
                i for i, e in enumerate(events) if e.get("type") == "review" and e["id"] == last.id
            )
            before = self._replay_alone(events[:at])
        day = self._day_key(last.time)
        with_it = whole._days.get(day, [0, 0, 0, 0])
        without = before._days.get(day, [0, 0, 0, 0])
        card = before._cards.get(key)
        return {
            "type": "undo",
            "key": key,
            "review": last.id,
            "time": last.time.isoformat(),
            "at": now.isoformat(),
            "state": None if card is None or card.state is None else card.state.to_dict(),
            "last": None if card is None or card.last is None else card.last.to_dict(),
            "day": day,
            "counts": [max(0, a - b) for a, b in zip(with_it, without, strict=True)],
        }

    def _journal_bytes(self, start: int = 0) -> bytes:
        """The journal from ``start`` up to our offset (later lines are another copy's, not
        applied yet)."""
        if self._journal_id is None:
            return b""
        try:
            return read_regular(
                self.journal_path, limit=journal.MAX_BYTES, start=start, end=self._offset
            )
        except FileNotFoundError:
            return b""
        except UnusableFile as exc:
            raise ProgressError(f"{exc.path}: {exc.reason}") from None

    def _events_of(self, key: str) -> list[dict[str, Any]]:
        """Every event of the journal (up to our offset) that changes ``key``, in order, each
        identity once; an import keeps only this card."""
        data = self._journal_bytes()
        needle = json.dumps(key, ensure_ascii=False).encode("utf-8")
        found, seen = [], set()
        for line in data.split(b"\n"):
            # Most lines are other cards': a byte test first, as parsing each costs ~10 us.
            if needle not in line:
                continue
            parsed = journal.parse(line + b"\n").entries
            if not parsed:
                continue
            entry = parsed[0]
            ident = entry.get("id")
            if not isinstance(ident, str) or ident in seen:
                continue
            seen.add(ident)
            kind = entry.get("type")
            if kind == "import" and isinstance(entry.get("cards"), dict):
                if key in entry["cards"]:
                    found.append({**entry, "cards": {key: entry["cards"][key]}})
            elif kind in ("review", "amend", "undo", "mark") and entry.get("key") == key:
                found.append(entry)
        return found

    def _replay_alone(self, events: list[dict[str, Any]]) -> Ledger:
        scratch = Ledger(defaults=self.settings, tz=self.tz)
        for entry in events:
            with contextlib.suppress(*BAD_DATA):
                scratch._apply_event(entry)
        return scratch

    # -- suspend, bury, flag -------------------------------------------------------------------

    def suspend(self, key: str, on: bool = True, *, now: datetime | None = None) -> None:
        """Take ``key`` out of every session (review, quiz, exam, mistakes) until it is
        unsuspended (``on=False``); its schedule and history are kept."""
        self._mark(key, now, suspended=bool(on))

    def bury(self, key: str, on: bool = True, *, now: datetime | None = None) -> None:
        """Take ``key`` out of sessions for the rest of the study day ``now`` falls in: it is
        back the next study day by itself (``on=False`` brings it back at once)."""
        moment = utc_or_now(now)
        self._mark(key, moment, buried=self._day_key(moment) if on else None)

    def flag(self, key: str, on: bool = True, *, now: datetime | None = None) -> None:
        """Flag ``key`` (or unflag it): flagged cards can be browsed and studied together."""
        self._mark(key, now, flagged=bool(on))

    def _mark(self, key: str, now: datetime | None, **changes: Any) -> None:
        if not isinstance(key, str) or not key:
            raise ValueError("a card needs its key")
        at = utc_or_now(now)
        with self._locked():
            self._catch_up()
            card = self._cards.get(key)
            if card is not None and all(getattr(card, k) == v for k, v in changes.items()):
                return  # already so: nothing worth a line in the journal
            if card is None and not any(changes.values()):
                return
            self._append({"type": "mark", "key": key, "at": at.isoformat(), **changes})

    def _marked(self, key: str) -> _Card | None:
        cards = self._cards
        return cards.marked(key) if isinstance(cards, _CardTable) else cards.get(key)

    def is_suspended(self, key: str) -> bool:
        card = self._marked(key)
        return card is not None and card.suspended

    def is_flagged(self, key: str) -> bool:
        card = self._marked(key)
        return card is not None and card.flagged

    def is_buried(self, key: str, now: datetime) -> bool:
        """Buried on the study day ``now`` falls in (a burial of an earlier day is over)."""
        card = self._marked(key)
        return card is not None and card.buried == self._day_key(now)

    def excluded(self, key: str, now: datetime) -> bool:
        """Whether sessions started at ``now`` leave ``key`` out: suspended or buried."""
        card = self._marked(key)
        return card is not None and (card.suspended or card.buried == self._day_key(now))

    def card_facts(self) -> dict[str, facts.Facts]:
        """What the statistics need of every card with progress (``quiz.study.facts``), by
        key: kept in the cache folder between runs, so that counting a large collection
        does not parse every card."""
        from quiz.study import facts  # (not needed to start: the warm-up imports it)

        with self._mutex:
            if self._facts_index is _NOT_READ:
                path = facts.index_path(paths.cache_dir(), self.data_dir)
                self._facts_index = (path, facts.read(path))
            path, index = self._facts_index
            found, fresh = self._card_facts(index)
            if fresh is not None:
                facts.write(path, fresh)
                self._facts_index = (path, fresh)
            return found

    def marks(self, now: datetime) -> Marks:
        """Every card's marks at once, for whoever asks about a whole bank (a session, the
        statistics): asking card by card costs a call per question, 100,000 of them."""
        if not self._marks_pending():
            return Marks(frozenset(), frozenset(), frozenset())
        cards = self._cards
        marked = cards.marked_cards() if isinstance(cards, _CardTable) else list(cards.items())
        today = self._day_key(now)
        return Marks(
            suspended=frozenset(k for k, c in marked if c.suspended),
            buried=frozenset(k for k, c in marked if c.buried == today),
            flagged=frozenset(k for k, c in marked if c.flagged),
        )

    def suspended_keys(self) -> list[str]:
        return sorted(self.marks(datetime.now(UTC)).suspended)

    def flagged_keys(self) -> list[str]:
        return sorted(self.marks(datetime.now(UTC)).flagged)

    def buried_keys(self, now: datetime) -> list[str]:
        return sorted(self.marks(now).buried)

    def preview(self, key: str, now: datetime) -> dict[Rating, timedelta]:
        """When ``key`` would come back for each rating given now (see
        ``Scheduler.preview``); format each with ``quiz.study.scheduler.format_interval``."""
        return self.scheduler.preview(self.card(key), now, key=key)

    def preview_amend(self, key: str) -> dict[Rating, timedelta] | None:
        """The same for the answer just given to ``key``, measured from when it was given:
        what "I knew it" / "I guessed" would change it to. None when that answer did not
        schedule the card, or its state before is not known (see ``amend_last_review``)."""
        card = self._cards.get(key)
        if card is None or card.last is None or not card.last.scheduled or not card.prev_known:
            return None
        return self.scheduler.preview(card.prev, card.last.time, key=key)

    def refresh(self) -> bool:
        """Take in what another copy of the app saved since; True if there was anything.

        Every change does this anyway; call it before showing statistics.
        """
        try:
            size = self.journal_path.stat().st_size
        except FileNotFoundError:
            size = 0
        if size == self._offset:
            return False
        with self._reading():
            self._catch_up()
        return True

    def reviews(self, key: str | None = None) -> list[ReviewRecord]:
        """Every review in the order saved, or those of ``key`` (reads the journal once)."""
        self.refresh()
        with self._mutex:
            self._load_history()
            assert self._history is not None
            if key is None:
                return list(self._history)
            return [self._history[i] for i in self._by_key.get(key, [])]

    def last_correct(self, key: str) -> bool | None:
        """Whether the last answer to key was right; None if never answered."""
        card = self._cards.get(key)
        return None if card is None or card.last is None else card.last.correct

    def record_session(self, result: dict) -> None:
        """Append a finished session's result (JSON-able dict) and save."""
        # Round-trip now so an unsupported value fails here, not in a later replay.
        result = json.loads(json.dumps(result, default=_json_default, ensure_ascii=False))
        with self._locked():
            self._catch_up()
            self._append({"type": "session", "result": result}, force_snapshot=True)

    def sessions(self) -> list[dict]:
        """Every finished session's result, oldest first (reads the journal once, after
        what the cache folder's index has; only its session lines are parsed)."""
        self.refresh()
        with self._mutex:
            if self._sessions is None:
                self._sessions = self._read_sessions()
            return list(self._sessions)

    def _read_sessions(self) -> list[dict]:
        """The sessions up to our offset: those the cache folder's index has (see
        ``quiz.study.sessionindex``) and those in the journal after it."""
        from quiz.study import sessionindex  # (as card_facts's facts)

        if self._journal_id is None:
            return []
        path = sessionindex.index_path(paths.cache_dir(), self.data_dir)
        index = sessionindex.read(path)
        if index is not None and (index.journal != self._journal_id or index.end > self._offset):
            index = None  # another journal, or this one cut short
        start = 0 if index is None else max(0, index.end - sessionindex.CHECK_BYTES)
        data = self._journal_bytes(start)
        if index is not None and sessionindex.check_of(data[: index.end - start]) != index.check:
            index = None  # the journal before the index's end is not what it was
            if start:
                start, data = 0, self._journal_bytes()
        if index is None:
            ids, sessions, after = [], [], data
        else:
            ids, sessions, after = index.ids, index.results, data[index.end - start :]
        found = self._sessions_in(after, {i for i in ids if i is not None})
        if found or index is None or index.end != self._offset:
            ids = ids + [ident for ident, _ in found]
            sessions = sessions + [result for _, result in found]
            check = sessionindex.check_of(data)
            fresh = sessionindex.Index(self._journal_id, self._offset, check, ids, sessions)
            sessionindex.write(path, fresh)
        return sessions

    @staticmethod
    def _sessions_in(data: bytes, seen: set[str]) -> list[tuple[str | None, dict]]:
        """(event id, result) of each session event in the journal lines ``data``, in order;
        an id in ``seen`` (and one met before) is left out."""
        found = []
        for line in _lines_naming(data, b'"result"'):
            # A cheap test first: most lines are reviews, and parsing each costs ~10 us.
            if b'"session"' not in line:
                continue
            entry = journal.parse(line + b"\n").entries
            if not entry or entry[0].get("type") != "session":
                continue
            event = entry[0]
            ident = event.get("id")
            if isinstance(ident, str):
                if ident in seen:
                    continue
                seen.add(ident)
            else:
                ident = None
            if isinstance(event.get("result"), dict):
                found.append((ident, event["result"]))
        return found

    def update_settings(self, **changes: Any) -> Settings:
        """Change settings (validated) and save; day-boundary changes apply from now on."""
        settings = Settings.from_dict({**self.settings.to_dict(), **changes})
        with self._locked():
            self._catch_up()
            self._append({"type": "settings", "settings": settings.to_dict()}, force_snapshot=True)
        return self.settings

    def study_day(self, now: datetime) -> str:
        """The ISO date of the study day ``now`` falls in (days roll over at day_starts_at)."""
        return self._day_key(now)

    def end_of_study_day(self, now: datetime) -> datetime:
        """When the study day ``now`` falls in ends (UTC): reviews due before then are due now
        (see ``quiz.study.days.is_due``)."""
        return end_of_study_day(now, self.settings.day_starts_at, self.tz)

    def day_counts(self, day: str) -> DayCounts:
        counts = self._days.get(day)
        return DayCounts() if counts is None else DayCounts(*counts)

    def days(self) -> dict[str, DayCounts]:
        """Every study day with answers, oldest first."""
        return {d: DayCounts(*c) for d, c in sorted(self._days.items())}

    def new_studied_on(self, day: str) -> int:
        """New cards started (first scheduled answer) on study day ``day``."""
        return self.day_counts(day).new

    def reviewed_on(self, day: str) -> int:
        """Scheduled answers to cards in the review state on ``day`` (learning steps excluded)."""
        return self.day_counts(day).reviews

    def save(self) -> None:
        """Write the snapshot now (every change already saves; this is for a clean exit).
        A failure is left in ``notices``: the journal already holds everything."""
        with self._locked():
            self._catch_up()
            if self._may_write:
                self._checkpoint_wanted = False
                self._checkpoint()

    def take_notices(self) -> list[str]:
        """What to tell the learner since last asked (recoveries, a checkpoint that failed),
        each once."""
        with self._mutex:
            notices, self.notices[:] = list(self.notices), []
            return notices
