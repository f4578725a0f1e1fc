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
  the store and answering stay fast with a long history.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from enum import Enum
from pathlib import Path
from typing import Any

import filelock

from quiz.study import journal
from quiz.study.atomic import READ_ONLY_ERRNOS, UnusableFile, describe, read_regular
from quiz.study.days import end_of_study_day
from quiz.study.disk import PROGRESS_FILE, DiskLedger, ProgressError
from quiz.study.ledger import (
    BAD_DATA,
    FORMAT_VERSION,
    JOURNAL_FILE,
    DayCounts,
    ReviewRecord,
    Settings,
    _time,
)
from quiz.study.scheduler import CardState, Rating, ensure_utc

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
        self._lock = filelock.FileLock(str(Path(data_dir) / LOCK_FILE), timeout=LOCK_TIMEOUT)
        # True: a change never writes the snapshot itself, it only marks it wanted, and the
        # caller runs ``checkpoint()`` when it suits (the app: in a worker after each answer).
        self.defer_checkpoints = False
        self._checkpoint_wanted = False
        super().__init__(data_dir, defaults=defaults, tz=tz)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: Path, *, defaults: Settings | None = None, tz: tzinfo | None = None
    ) -> ProgressStore:
        """The progress in ``data_dir`` (nothing is created until the first save).

        ``defaults`` are the settings of a new progress file. Raises ProgressError for a file
        from a newer version, a data directory that cannot be read, or a lock held too long.
        """
        store = cls(data_dir, defaults=defaults, tz=tz)
        if store.path.exists() or store.journal_path.exists():
            with store._reading():
                store._load()
        elif store.data_dir.exists() and not store.data_dir.is_dir():
            raise ProgressError(f"{store.data_dir} is not a folder; cannot keep progress there")
        return store

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
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
        self._apply_event(entry)
        self._pending += 1
        if self._checkpoint_wanted_now(force_snapshot):
            if self.defer_checkpoints:
                self._checkpoint_wanted = True
            else:
                self._checkpoint()

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
        seen: set[tuple[str, str]] = set()
        for entry in chunk.entries:
            # The same event twice (merged copies), or one answer appended twice by a retry:
            # it happened once, as the state counts it.
            marks = [(n, v) for n in ("id", "answer") if isinstance(v := entry.get(n), str)]
            if any(mark in seen for mark in marks):
                continue
            seen.update(marks)
            with contextlib.suppress(*BAD_DATA):
                kind = entry.get("type")
                if kind == "review":
                    self._add_history(self._record(entry))
                elif kind == "amend":
                    self._amend_history(
                        entry["key"],
                        _time(entry["time"]),
                        Rating(entry["rating"]),
                        bool(entry["correct"]),
                    )

    # -- the public API ------------------------------------------------------------------------

    def card(self, key: str) -> CardState | None:
        """None for a question never reviewed (a new card)."""
        card = self._cards.get(key)
        return None if card is None else card.state

    def keys(self) -> list[str]:
        """Every key with progress, including questions since removed from their bank."""
        return list(self._cards)

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
        """Every finished session's result, oldest first (reads the journal once; only its
        session lines are parsed, so this stays quick with a long history)."""
        self.refresh()
        with self._mutex:
            if self._sessions is None:
                self._sessions = self._read_sessions()
            return list(self._sessions)

    def _read_sessions(self) -> list[dict]:
        if self._journal_id is None:
            return []
        try:
            data = read_regular(self.journal_path, limit=journal.MAX_BYTES, end=self._offset)
        except FileNotFoundError:
            return []
        except UnusableFile as exc:
            raise ProgressError(f"{exc.path}: {exc.reason}") from None
        sessions, seen = [], set()
        for line in data.split(b"\n"):
            # A cheap test first: most lines are reviews, and parsing each costs ~10 us.
            if b'"session"' not in line or b'"result"' not in line:
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
            if isinstance(event.get("result"), dict):
                sessions.append(event["result"])
        return sessions

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
