"""Reading and writing the progress files: snapshot, journal, backups, upgrades and recovery.

``DiskLedger`` is a ``Ledger`` tied to a data directory. It loads ``progress.json`` and replays
the journal after it, upgrades older formats, recovers from a damaged snapshot (moved aside,
newest good backup restored, journal replayed on top) and writes snapshots with daily backup
rotation. Every method here runs under the store's lock; ``quiz.study.store.ProgressStore``
takes it and adds the public API (the design is described there).

Opening writes nothing unless something needs repair: journal lines the snapshot has not seen
are replayed in memory and the checkpoint is written at the next save, so a read-only data
folder can still be looked at. When opening had something to tell (damage, unreadable journal
lines), the checkpoint is written at once if the folder allows, so the learner is told once.

Recovery salvages and never discards: events are applied by identity (see
``quiz.study.ledger``), so whenever the files disagree — a journal shorter than the snapshot
expects, a journal of another progress file, a journal whose first line is damaged, a snapshot
that does not match its digest — the whole journal is replayed and every intact event that was
not applied yet is applied, once. A file that cannot be read (permissions, a FIFO, a device, a
folder in its place, too large) is an error naming it, and is left where it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quiz.study import journal, merge
from quiz.study.atomic import (
    READ_ONLY_ERRNOS,
    UnusableFile,
    describe,
    fsync_dir,
    read_regular,
    unique_aside,
    write_atomic,
)
from quiz.study.journal import parse_id
from quiz.study.ledger import (
    BAD_DATA,
    FORMAT,
    FORMAT_VERSION,
    JOURNAL_FILE,
    LAZY_BODY,
    Damaged,
    Ledger,
    Settings,
    digest,
    snapshot_body,
)
from quiz.study.migrate import SNAPSHOT_ONLY_VERSION, upgrade

PROGRESS_FILE = "progress.json"
# This device's sync settings (see quiz.study.sync): local, never in the synced folder.
SYNC_CONFIG = "sync.json"
BACKUPS = 3
# A snapshot is ~300 bytes a card: this allows over a million cards and refuses /dev/zero.
SNAPSHOT_MAX_BYTES = 512 * 1024 * 1024
# After a checkpoint failed (a full disk), how long answers go on without trying again: each
# try writes a whole snapshot, which a full disk refuses only at the end.
CHECKPOINT_RETRY_SECONDS = 30.0


class ProgressError(Exception):
    """The progress file cannot be used (e.g. written by a newer version, or locked by another
    copy of the app). ``str(error)`` is a message for the learner, naming the file."""


def _now() -> datetime:
    """The wall clock, for backup rotation only (tests replace it)."""
    return datetime.now(UTC)


def _unusable(exc: UnusableFile) -> ProgressError:
    return ProgressError(f"{exc.path}: {exc.reason}; it was left as it is.")


class DiskLedger(Ledger):
    def __init__(self, data_dir: Path, *, defaults: Settings | None = None, tz: Any = None) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / PROGRESS_FILE
        self.journal_path = self.data_dir / JOURNAL_FILE
        self.notices: list[str] = []  # things to tell the learner once
        self._pending = 0  # events journaled since the snapshot was last written
        self._checkpointed = time.monotonic()
        # The snapshot is behind what was replayed on opening: write it at the next save.
        self._checkpoint_due = False
        # Set while checkpoints fail (a full disk): when to try again, and whether we said so.
        self._checkpoint_retry_at: float | None = None
        # False while reading without the lock (a read-only folder): nothing may be changed.
        self._may_write = True
        super().__init__(defaults=defaults, tz=tz)

    def _needs_snapshot(self) -> bool:
        """True at the first save of a study day (which rotates the backups)."""
        return self._backup_day != self._day_key(_now())

    # -- reading -------------------------------------------------------------------------------

    def _read_snapshot(self, path: Path) -> tuple[dict[str, Any], bool]:
        """The parsed snapshot at ``path`` and whether it matches its digest (only a current
        one can). Damaged if its content is unusable; ProgressError if the file cannot be
        read at all (it is left alone then); FileNotFoundError if it is not there."""
        try:
            raw = read_regular(path, limit=SNAPSHOT_MAX_BYTES)
        except UnusableFile as exc:
            raise _unusable(exc) from None
        fast = self._read_verified(raw)
        if fast is not None:
            return fast, True
        try:
            doc = json.loads(raw)
        except (ValueError, RecursionError):
            raise Damaged("is not valid JSON (truncated or overwritten?)") from None
        if not isinstance(doc, dict):
            raise Damaged("does not hold a JSON object")
        version = doc.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise Damaged("has no format version")
        if "format" in doc and doc["format"] != FORMAT:
            raise Damaged(f"is not a quiz progress file (format {doc['format']!r})")
        if version > FORMAT_VERSION:
            raise ProgressError(
                f"{path} was written by a newer version of quiz (progress format {version}; "
                f"this version reads up to {FORMAT_VERSION}). Update quiz to use it; "
                "the file was left untouched."
            )
        # A snapshot that matches its digest was read by _read_verified already.
        return doc, False

    @staticmethod
    def _read_verified(raw: bytes) -> dict[str, Any] | None:
        """A current snapshot laid out as ``_encode`` writes it and matching its digest, read
        without parsing its cards (they are parsed when used); None for anything else."""
        parts = snapshot_body(raw)
        if parts is None:
            return None
        head_line, body = parts
        try:
            doc = json.loads(head_line[: -len(b',"cards":{')] + b"}")
        except (ValueError, RecursionError):
            return None
        if not isinstance(doc, dict) or doc.get("version") != FORMAT_VERSION:
            return None
        if doc.get("format", FORMAT) != FORMAT:
            return None
        days = doc.get("days", {})
        try:
            if not isinstance(days, dict) or doc.get("digest") != digest(days, body):
                return None
        except (TypeError, ValueError):
            return None
        doc[LAZY_BODY] = body
        return doc

    def _journal_header(self) -> dict[str, Any] | None:
        """The journal's header (None if missing or damaged); ProgressError for a journal
        that cannot be read or that a newer version wrote."""
        try:
            header = journal.read_header(self.journal_path)
        except UnusableFile as exc:
            raise _unusable(exc) from None
        if header is not None and header["version"] > FORMAT_VERSION:
            raise ProgressError(
                f"{self.journal_path} was written by a newer version of quiz (format "
                f"{header['version']}; this version reads up to {FORMAT_VERSION}). Update quiz "
                "to use it; the file was left untouched."
            )
        return header

    def _journal_size(self) -> int:
        try:
            return self.journal_path.stat().st_size
        except FileNotFoundError:
            return 0

    def _read_journal(self, start: int) -> journal.Chunk:
        try:
            return journal.read_from(self.journal_path, start)
        except FileNotFoundError:
            return journal.Chunk(end=start)
        except UnusableFile as exc:
            raise _unusable(exc) from None

    # -- opening -------------------------------------------------------------------------------

    def _load(self) -> None:
        """Read snapshot + journal from disk (under the lock), recovering what can be."""
        answers = self._answer_ids
        self._reset()
        self._answer_ids = answers  # a retried answer is still recognised after a reload
        told = len(self.notices)
        if self._may_write:
            self._clean_litter()
        doc: dict[str, Any] | None = None
        verified = False
        damage: str | None = None
        try:
            doc, verified = self._read_snapshot(self.path)
        except FileNotFoundError:
            pass
        except Damaged as exc:
            damage = str(exc)
        header = self._journal_header()  # before anything is written
        if doc is not None and doc["version"] < FORMAT_VERSION:
            old = doc["version"]
            try:
                self._migrate(doc, header)
            except BAD_DATA as exc:
                self._reset()
                doc, damage = None, f"is a version-{old} file that cannot be read ({exc})"
            else:
                self._write_snapshot()  # else the old-format file would be upgraded every time
                return
        if header is not None and header["version"] < FORMAT_VERSION:
            # An older journal without its snapshot (or beside a current one): number it.
            header = self._upgrade_journal(header)
        from_start = False
        restored = ""
        if damage is not None:
            restored, from_start = self._recover(damage), True
        elif doc is not None:
            try:
                self._from_snapshot(doc)
            except (*BAD_DATA, Damaged) as exc:
                self._reset()
                restored, from_start = self._recover(f"has the wrong shape ({exc})"), True
            else:
                if not verified:
                    # Replays the whole journal itself: attaching it below adds nothing.
                    self._rebuild(doc)
                    header = self._journal_header()
        replayed = self._open_journal(header, from_start=from_start)
        if restored:
            self.notices.append(restored.replace("{replayed}", str(replayed)))
        if len(self.notices) > told:
            # Recorded now, the learner is told once (in a read-only folder: until a save).
            self._checkpoint_if_possible()
        elif replayed:
            self._checkpoint_due = True

    def _checkpoint_if_possible(self) -> None:
        if not self._may_write:
            self._checkpoint_due = True
            return
        try:
            self._write_snapshot()
        except ProgressError:
            self._checkpoint_due = True

    def _must_write(self, why: str) -> None:
        """Refuse a repair while reading a folder without its lock."""
        if not self._may_write:
            raise ProgressError(
                f"{why}, but {self.data_dir} is read-only, so it cannot be repaired or upgraded "
                "here; open it where it can be written. Nothing was changed."
            )

    def _clean_litter(self) -> None:
        """Remove what an interrupted write left: temp files (only ever written under the
        lock we hold) and extra copies of one pre-migration file."""
        with contextlib.suppress(OSError):
            for tmp in self.data_dir.glob(".progress*.tmp"):
                with contextlib.suppress(OSError):
                    tmp.unlink()
            for kept in self.data_dir.glob("progress*.v[0-9]"):
                for extra in self.data_dir.glob(f"{kept.name}-*"):
                    with contextlib.suppress(OSError):
                        if extra.read_bytes() == kept.read_bytes():
                            extra.unlink()

    def _keep_copy(self, path: Path, suffix: str) -> Path | None:
        """One pre-migration copy of ``path``: the first one made is kept, never a second."""
        if not path.exists():
            return None
        copy = path.with_name(f"{path.name}.{suffix}")
        if not copy.exists():
            write_atomic(copy, path.read_bytes())
        return copy

    # -- upgrades and rebuilds -----------------------------------------------------------------

    def _migrate(self, doc: dict[str, Any], header: dict[str, Any] | None) -> None:
        """Upgrade an older snapshot to the current format: number the journal's events
        (version 1's history first becomes journal events), write them as a current
        journal, and rebuild the state from it."""
        old = doc["version"]
        if old < SNAPSHOT_ONLY_VERSION:
            # No journal existed in version 1; one left here is from an upgrade interrupted
            # before the snapshot was written, so it is made again whole.
            new_doc, entries = upgrade(doc)  # raises on a malformed file before any write
            header = None
            merge_from = None
        else:
            new_doc, merge_from = doc, doc
            Settings.from_dict(doc.get("settings", {}))  # a bad file fails before any write
            # With a damaged first line, every intact event line is still kept.
            start = 0 if header is None else journal.header_size(self.journal_path)
            chunk = self._read_journal(start)
            entries = [e for e in chunk.entries if e.get("type") in _EVENT_TYPES]
        self._must_write(f"{self.path} is in the older format {old}")
        copy = self._keep_copy(self.path, f"v{old}")
        if header is None or header["version"] < FORMAT_VERSION:
            if old >= SNAPSHOT_ONLY_VERSION:
                self._keep_copy(self.journal_path, f"v{old}")
            new_header = journal.new_header(FORMAT_VERSION)
            if header is not None:
                new_header["id"] = header["id"]  # same writer: the same ids every time
            entries = _numbered(entries, new_header["id"])
            journal.create(self.journal_path, new_header, entries)
            header = new_header
        self._reset()
        with contextlib.suppress(*BAD_DATA):
            self._use_settings(Settings.from_dict(new_doc.get("settings", {})))
        self._journal_id = header["id"]
        for entry in entries:
            with contextlib.suppress(*BAD_DATA):
                self._apply_event(entry)
        if merge_from is not None:
            self._merge_snapshot(merge_from)
        self._offset = self._journal_size()
        self.notices.append(
            f"Upgraded {self.path} from format {old} to {FORMAT_VERSION}; "
            f"the old file was kept as {copy}."
        )

    def _upgrade_journal(self, header: dict[str, Any]) -> dict[str, Any]:
        """Give an older journal's events their identities, as ``_migrate`` does (the same
        ids for the same lines), keeping one copy of the old file."""
        old = header["version"]
        self._must_write(f"{self.journal_path} is in the older format {old}")
        chunk = self._read_journal(journal.header_size(self.journal_path))
        entries = [e for e in chunk.entries if e.get("type") in _EVENT_TYPES]
        copy = self._keep_copy(self.journal_path, f"v{old}")
        new_header = {**journal.new_header(FORMAT_VERSION), "id": header["id"]}
        journal.create(self.journal_path, new_header, _numbered(entries, header["id"]))
        self.notices.append(
            f"Upgraded {self.journal_path} from format {old} to {FORMAT_VERSION}; "
            f"the old file was kept as {copy}."
        )
        return new_header

    def _rebuild(self, doc: dict[str, Any]) -> None:
        """The snapshot does not match its digest (changed by something other than quiz):
        start from its settings, replay the whole journal, and keep what only the snapshot
        knows (``Ledger._merge_snapshot``)."""
        settings = self.settings
        self._reset()
        self._use_settings(settings)
        header = self._journal_header()
        if header is not None:
            self._journal_id = header["id"]
            self._offset = journal.header_size(self.journal_path)
            self._replay()
        taken = self._merge_snapshot(doc)
        self.notices.append(
            f"{self.path.name} did not match its own check (changed outside quiz?): your "
            f"progress was rebuilt from {self.journal_path.name}"
            + (f", keeping {taken} card(s) only {self.path.name} knew." if taken else ".")
        )

    def _recover(self, damage: str) -> str:
        """Move the damaged snapshot aside and restore the newest good backup; the caller
        replays the whole journal on top of it.

        Returns the notice to show, with ``{replayed}`` for the answers the journal adds.
        """
        self._must_write(f"{self.path} {damage}")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = unique_aside(self.path, f"damaged-{stamp}")
        os.replace(self.path, aside)
        fsync_dir(self.data_dir)
        message = f"{self.path.name} {damage}; it was moved to {aside}. "
        for n in range(1, BACKUPS + 1):
            backup = self.path.with_name(f"{self.path.name}.bak{n}")
            try:
                doc, verified = self._read_snapshot(backup)
                if not verified:
                    continue
                self._from_snapshot(doc)
            except FileNotFoundError:
                continue
            except (Damaged, ProgressError, *BAD_DATA):
                self._reset()
                continue
            write_atomic(self.path, backup.read_bytes())
            when = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            return message + (
                f"Restored the backup {backup.name} from {when} and {{replayed}} later "
                f"answer(s) from {self.journal_path.name}."
            )
        self._reset()
        return message + (
            f"No usable backup; rebuilt your progress from the {{replayed}} event(s) in "
            f"{self.journal_path.name}."
        )

    # -- the journal ---------------------------------------------------------------------------

    def _open_journal(self, header: dict[str, Any] | None, *, from_start: bool) -> int:
        """Attach the journal and apply what the state has not seen; returns the count."""
        if header is None:
            if self._journal_size() > 0:
                return self._salvage_journal()
            if self._journal_id is not None:
                self.notices.append(
                    f"{self.journal_path.name} is missing: your cards' schedules are kept, but "
                    "the review history before now is not."
                )
                self._journal_id, self._offset = None, 0
            return 0
        start = journal.header_size(self.journal_path)
        if self._journal_id is None:
            self._journal_id = header["id"]
            from_start = True
        elif header["id"] != self._journal_id:
            # Another progress file's journal (copied in, or ours restored after a new one was
            # started): its events are merged by identity, and it is the journal from now on.
            self._journal_id = header["id"]
            before = len(self.notices)
            self._offset = start
            applied = self._replay()
            self.notices.insert(
                before,
                f"{self.journal_path.name} belongs to another progress file; its "
                f"{applied} answer(s) and other event(s) not yet in {self.path.name} were "
                "added, and it is kept as your journal.",
            )
            return applied
        elif not from_start and not self._at_line_start(self._offset):
            self.notices.append(
                f"{self.journal_path.name} is not the one {self.path.name} last saw (restored "
                "from an older copy?): every answer in it was checked, and none is counted "
                "twice."
            )
            from_start = True
        if from_start:
            self._offset = start
        return self._replay()

    def _at_line_start(self, offset: int) -> bool:
        """Whether ``offset`` is where a line of the journal begins (as a snapshot expects)."""
        if offset > self._journal_size():
            return False
        if offset <= 0:
            return True
        try:
            before = read_regular(
                self.journal_path, limit=journal.MAX_BYTES, start=offset - 1, end=offset
            )
        except (OSError, UnusableFile):
            return False
        return before == b"\n"

    def _salvage_journal(self) -> int:
        """The journal's first line is damaged: keep every intact event line under a new
        first line (the original is kept beside it) and apply those not yet applied."""
        chunk = self._read_journal(0)
        entries = [e for e in chunk.entries if e.get("type") in _EVENT_TYPES]
        bad = chunk.bad_lines + len(chunk.entries) - len(entries)
        header = journal.new_header(FORMAT_VERSION)
        if self._journal_id is not None:
            header["id"] = self._journal_id
        entries = _numbered(entries, header["id"])
        if self._may_write:
            aside = unique_aside(self.journal_path, "damaged")
            write_atomic(aside, read_regular(self.journal_path, limit=journal.MAX_BYTES))
            journal.create(self.journal_path, header, entries)
            where = f"the damaged file was kept as {aside}"
        else:
            where = "it is repaired when the folder can be written"
        self._journal_id = header["id"]
        applied = 0
        if self._may_write and any(self._foreign(e) for e in entries):
            # Other devices' events merged in (quiz.study.sync): applied as any replay of
            # them is, their cards recomputed from the merged history.
            self._offset = journal.header_size(self.journal_path)
            applied = self._replay()
        else:
            for entry in entries:
                with contextlib.suppress(*BAD_DATA):
                    applied += self._apply_event(entry)
        self._offset = self._journal_size() if self._may_write else 0
        if not self._may_write:
            self._checkpoint_due = True
        self.notices.append(
            f"{self.journal_path.name} had a damaged first line: its {len(entries)} intact "
            f"event(s) were kept ({applied} not yet in {self.path.name}"
            + (f", {bad} unreadable line(s) skipped" if bad else "")
            + f"); {where}."
        )
        return applied

    def _replay(self) -> int:
        """Apply journal events after our offset that were not applied yet (another copy's,
        a crash's leftovers, or a whole journal checked again); returns how many."""
        chunk = self._read_journal(self._offset)
        if chunk.torn and self._may_write:
            # Without the lock the partial line may be another copy's answer being written.
            # Cut now if the folder allows; the store cuts it before its next append anyway.
            with contextlib.suppress(OSError):
                journal.cut_torn_tail(self.journal_path, chunk.end)
        applied = 0
        bad = chunk.bad_lines
        merged = self._merged_keys(chunk.entries)
        for entry in chunk.entries:
            if merged and set(merge.keys_of(entry)) & merged:
                continue  # recomputed below, with the card's whole history
            if entry.get("type") == "settings" and self._foreign(entry):
                # Settings are the device's own (its day start, its limits): another
                # device's change is kept in the journal and not applied here.
                self._mark_seen(entry)
                continue
            try:
                applied += self._apply_event(entry)
            except BAD_DATA:
                bad += 1
        if merged:
            count, wrong = self._merge_cards(merged, chunk.end)
            applied, bad = applied + count, bad + wrong
        self._offset = chunk.end
        if bad:
            self.notices.append(
                f"{self.journal_path.name}: skipped {bad} unreadable line(s) before byte "
                f"{chunk.end}; the other answers are kept."
            )
        return applied

    def _foreign(self, entry: dict[str, Any]) -> bool:
        writer = merge.writer_of(entry)
        return writer is not None and writer != self._journal_id

    def _mark_seen(self, entry: dict[str, Any]) -> None:
        ident = parse_id(entry.get("id"))
        if ident is not None:
            self._seen[ident[0]] = max(self._seen.get(ident[0], 0), ident[1])

    def _merged_keys(self, entries: list[dict[str, Any]]) -> set[str]:
        """The cards that events of other devices (merged in by ``quiz.study.sync``) change
        among ``entries`` not applied yet: their state is recomputed from their history
        rather than taken from the events one by one (see ``quiz.study.merge``)."""
        keys: set[str] = set()
        for entry in entries:
            if self._foreign(entry) and not self._applied(entry):
                keys.update(merge.keys_of(entry))
        if keys:
            # An import names many cards: all of them are handled together or none.
            for entry in entries:
                if entry.get("type") == "import" and set(merge.keys_of(entry)) & keys:
                    keys.update(merge.keys_of(entry))
        return keys

    def _merge_cards(self, keys: set[str], end: int) -> tuple[int, int]:
        """Recompute ``keys`` from every event of theirs in the journal up to ``end``: the
        state now reflects the ones applied already, and will reflect all. Returns the
        events newly applied and those that could not be read."""
        start = journal.header_size(self.journal_path)
        chunk = journal.read_from(self.journal_path, start, end)
        before: dict[str, list[dict[str, Any]]] = {}
        after: dict[str, list[dict[str, Any]]] = {}
        fresh: list[dict[str, Any]] = []
        bad = 0
        for entry in chunk.entries:
            touched = [k for k in merge.keys_of(entry) if k in keys]
            if not touched:
                continue
            known = self._applied(entry) or parse_id(entry.get("id")) is None
            if not known:
                try:
                    merge.check_event(entry)
                except BAD_DATA:
                    bad += 1
                    continue
                fresh.append(entry)
            for key in touched:
                part = merge.for_key(entry, key)
                after.setdefault(key, []).append(part)
                if known:
                    before.setdefault(key, []).append(part)
        merge.merge_keys(self, before, after)
        applied = 0
        for entry in fresh:
            if not self._applied(entry):
                applied += 1
                self._mark_seen(entry)
        return applied, bad

    def _catch_up(self) -> None:
        """Under the lock: take in what another copy of the app saved since we last looked."""
        if not os.path.lexists(self.journal_path):
            if self._journal_id is not None:
                self._load()
            return
        size = self._journal_size()
        if size == self._offset:
            return
        header = self._journal_header()
        if header is None or header["id"] != self._journal_id or size < self._offset:
            self._load()
        else:
            self._replay()

    # -- writing -------------------------------------------------------------------------------

    def _checkpoint(self) -> None:
        """Write the snapshot; a failure is a warning, never a lost answer: the journal
        already holds everything, and the checkpoint is tried again a little later."""
        try:
            self._write_snapshot()
        except ProgressError as exc:
            self._checkpoint_due = True
            if self._checkpoint_retry_at is None:
                self.notices.append(str(exc))
            self._checkpoint_retry_at = time.monotonic() + CHECKPOINT_RETRY_SECONDS
            return
        if self._checkpoint_retry_at is not None:
            self._checkpoint_retry_at = None
            self.notices.append(f"{self.path.name} is saved again.")

    def _write_snapshot(self) -> None:
        today = self._day_key(_now())
        previous = self._backup_day
        try:
            if previous != today and self.path.exists() and not self._rotated_on(today):
                self._rotate_backups()
            self._backup_day = today
            write_atomic(self.path, self._encode())
        except OSError as exc:
            self._backup_day = previous
            raise ProgressError(
                f"Could not write {self.path}: {describe(exc)}. Your answers are safe in "
                f"{self.journal_path.name} and will be replayed next time."
            ) from None
        self._pending, self._checkpointed = 0, time.monotonic()
        self._checkpoint_due = False

    def _rotated_on(self, today: str) -> bool:
        """Whether a copy of the app sharing this folder rotated the backups today already:
        rotation is once per study day per folder, however many copies run."""
        try:
            mtime = self.path.with_name(f"{self.path.name}.bak1").stat().st_mtime
        except OSError:
            return False
        return self._day_key(datetime.fromtimestamp(mtime, UTC)) == today

    def _rotate_backups(self) -> None:
        names = [self.path.with_name(f"{self.path.name}.bak{n}") for n in range(1, BACKUPS + 1)]
        for older, newer in zip(reversed(names[1:]), reversed(names[:-1]), strict=True):
            if newer.exists():
                os.replace(newer, older)
        write_atomic(names[0], self.path.read_bytes())


_EVENT_TYPES = frozenset({"review", "amend", "undo", "mark", "session", "settings", "import"})


def _numbered(entries: list[dict[str, Any]], writer: str) -> list[dict[str, Any]]:
    """Give each event without an identity the next number of ``writer``, in order; events
    that have one keep it. The same entries always get the same ids."""
    top = 0
    for entry in entries:
        ident = parse_id(entry.get("id"))
        if ident is not None and ident[0] == writer:
            top = max(top, ident[1])
    out = []
    for entry in entries:
        if parse_id(entry.get("id")) is None:
            top += 1
            rest = {k: v for k, v in entry.items() if k != "id"}
            entry = {"id": journal.event_id(writer, top), **rest}
        out.append(entry)
    return out


__all__ = ["READ_ONLY_ERRNOS", "DiskLedger", "ProgressError"]
