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
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quiz.study import journal
from quiz.study.atomic import fsync_dir, unique_aside, write_atomic
from quiz.study.ledger import (
    BAD_DATA,
    FORMAT,
    FORMAT_VERSION,
    JOURNAL_FILE,
    Damaged,
    Ledger,
    Settings,
)
from quiz.study.migrate import upgrade

PROGRESS_FILE = "progress.json"
BACKUPS = 3


class ProgressError(Exception):
    """The progress file cannot be used (e.g. written by a newer version, or locked by another
    copy of the app). ``str(error)`` is a message for the learner, naming the file."""


def _now() -> datetime:
    """The wall clock, for backup rotation only (tests replace it)."""
    return datetime.now(UTC)


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
        # False while reading without the lock (a read-only folder): nothing may be changed.
        self._may_write = True
        super().__init__(defaults=defaults, tz=tz)

    def _needs_snapshot(self) -> bool:
        """True at the first save of a study day (which rotates the backups)."""
        return self._backup_day != self._day_key(_now())

    def _read_snapshot(self, path: Path) -> dict[str, Any]:
        """The parsed snapshot at ``path``, upgraded if older; Damaged if unusable."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise Damaged(f"cannot be read ({exc.strerror})") from None
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
        return doc

    def _check_journal_version(self) -> None:
        header = journal.read_header(self.journal_path)
        if header is not None and header["version"] > FORMAT_VERSION:
            raise ProgressError(
                f"{self.journal_path} was written by a newer version of quiz (format "
                f"{header['version']}; this version reads up to {FORMAT_VERSION}). Update quiz "
                "to use it; the file was left untouched."
            )

    def _load(self) -> None:
        """Read snapshot + journal from disk (under the lock), recovering what can be."""
        self._reset()
        told = len(self.notices)
        doc: dict[str, Any] | None = None
        damage: str | None = None
        migrated = False
        if self.path.exists():
            try:
                doc = self._read_snapshot(self.path)
            except Damaged as exc:
                damage = str(exc)
        self._check_journal_version()  # before anything is written
        if doc is not None and doc["version"] < FORMAT_VERSION:
            try:
                doc, migrated = self._migrate(doc), True
            except BAD_DATA as exc:
                old = doc["version"]
                doc, damage = None, f"is a version-{old} file that cannot be read ({exc})"
        if doc is not None:
            try:
                self._from_snapshot(doc)
            except (*BAD_DATA, Damaged) as exc:
                self._reset()
                damage = f"has the wrong shape ({exc})"
        restored = ""
        if damage is not None:
            restored = self._recover(damage)
        replayed = self._open_journal()
        if restored:
            self.notices.append(restored.replace("{replayed}", str(replayed)))
        if migrated:
            self._write_snapshot()  # else the old-format file would be upgraded at every open
        elif len(self.notices) > told:
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

    def _migrate(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Upgrade an older snapshot: its history goes to a new journal, replayed by _load."""
        old = doc["version"]
        new_doc, entries = upgrade(doc)  # raises on a malformed file before anything is written
        self._must_write(f"{self.path} is in the older format {old}")
        copy = unique_aside(self.path, f"v{old}")
        write_atomic(copy, self.path.read_bytes())
        header = journal.new_header(FORMAT_VERSION)
        # No journal existed in older formats; one left here is from an upgrade that was
        # interrupted before the snapshot was written, so it is rewritten whole.
        journal.create(self.journal_path, header, entries)
        new_doc["journal"] = {"id": header["id"], "offset": len(journal.encode(header))}
        self.notices.append(
            f"Upgraded {self.path} from format {old} to {FORMAT_VERSION}; "
            f"the old file was kept as {copy}."
        )
        return new_doc

    def _recover(self, damage: str) -> str:
        """Move the damaged snapshot aside and restore the newest good backup.

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
            if not backup.exists():
                continue
            try:
                doc = self._read_snapshot(backup)
                if doc["version"] != FORMAT_VERSION:
                    continue
                self._from_snapshot(doc)
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

    def _open_journal(self) -> int:
        """Attach the journal and replay what the snapshot has not seen; returns the count."""
        header = journal.read_header(self.journal_path)
        if header is None:
            if self.journal_path.exists() and self.journal_path.stat().st_size > 0:
                self._must_write(f"{self.journal_path} has no valid first line")
                aside = unique_aside(self.journal_path, "damaged")
                os.replace(self.journal_path, aside)
                self.notices.append(
                    f"{self.journal_path.name} has no valid first line; it was moved to {aside}."
                )
            if self._journal_id is not None:
                self.notices.append(
                    f"{self.journal_path.name} is missing: your cards' schedules are kept, but "
                    "the review history before now is not."
                )
                self._journal_id, self._offset = None, 0
            return 0
        if self._journal_id is None:
            self._journal_id = header["id"]
            self._offset = journal.header_size(self.journal_path)
        elif header["id"] != self._journal_id:
            self._must_write(f"{self.journal_path} belongs to another progress file")
            aside = unique_aside(self.journal_path, "orphan")
            os.replace(self.journal_path, aside)
            self.notices.append(
                f"{self.journal_path.name} belongs to another progress file; it was moved to "
                f"{aside} and a new one is started."
            )
            self._journal_id, self._offset = None, 0
            return 0
        size = self.journal_path.stat().st_size
        if size < self._offset:
            self.notices.append(
                f"{self.journal_path.name} is shorter than {self.path.name} expects (restored "
                "from an older copy?): schedules are kept, some review history may be missing."
            )
            self._offset = journal.header_size(self.journal_path)
            return 0
        return self._replay()

    def _replay(self) -> int:
        """Apply journal events after our offset (another copy's, or a crash's leftovers)."""
        chunk = journal.read_from(self.journal_path, self._offset)
        if chunk.torn and self._may_write:
            # Without the lock the partial line may be another copy's answer being written.
            # Cut now if the folder allows; the store cuts it before its next append anyway.
            with contextlib.suppress(OSError):
                journal.cut_torn_tail(self.journal_path, chunk.end)
        applied = 0
        bad = chunk.bad_lines
        for entry in chunk.entries:
            try:
                self._apply(entry)
                applied += 1
            except BAD_DATA:
                bad += 1
        self._offset = chunk.end
        if bad:
            self.notices.append(
                f"{self.journal_path.name}: skipped {bad} unreadable line(s) after byte "
                f"{chunk.end}; the other answers are kept."
            )
        return applied

    def _catch_up(self) -> None:
        """Under the lock: take in what another copy of the app saved since we last looked."""
        try:
            size = self.journal_path.stat().st_size
        except FileNotFoundError:
            if self._journal_id is not None:
                self._load()
            return
        if size == self._offset:
            return
        header = journal.read_header(self.journal_path)
        if header is None or header["id"] != self._journal_id or size < self._offset:
            self._load()
        else:
            self._replay()

    def _write_snapshot(self) -> None:
        today = self._day_key(_now())
        previous = self._backup_day
        try:
            if previous != today and self.path.exists():
                self._rotate_backups()
            self._backup_day = today
            write_atomic(self.path, self._encode())
        except OSError as exc:
            self._backup_day = previous
            raise ProgressError(
                f"Could not write {self.path}: {exc.strerror or exc}. Your answers are safe in "
                f"{self.journal_path.name} and will be replayed next time."
            ) from None
        self._pending, self._checkpointed = 0, time.monotonic()
        self._checkpoint_due = False

    def _rotate_backups(self) -> None:
        names = [self.path.with_name(f"{self.path.name}.bak{n}") for n in range(1, BACKUPS + 1)]
        for older, newer in zip(reversed(names[1:]), reversed(names[:-1]), strict=True):
            if newer.exists():
                os.replace(newer, older)
        write_atomic(names[0], self.path.read_bytes())
