"""Progress on several devices through one synced folder (Syncthing, Dropbox, a git work tree).

Layout of the folder, ``DIR/quiz-sync/<device id>.jsonl``: one file per device, each a
journal (the format of ``quiz.study.journal``) holding only that device's own events, and
written only by that device. A device's id is its journal's writer id, so an event's identity
says which file it belongs in; the header also names the device (its host name) for people.
With one writer per file, a file-syncing tool never sees two devices change one file, so it
never makes a conflict copy, and nothing one device writes can damage another's file.

This device's side lives next to its progress files, never in the folder: ``sync.json`` (the
folder, the device's name, how far each file was read) and the snapshot, which is per device.

Syncing is: append our events that the folder does not have yet to our file, then read every
other file and hand the events not applied yet to ``ProgressStore.merge_events``, which puts
them in the local journal and applies them by identity, as a crash replay does (the cards they
change are recomputed from their merged history, see ``quiz.study.merge``). A torn last line
(a file still arriving) is left for the next time; a file that cannot be trusted (too large,
not a journal, claiming to be this device, events of another writer or of the wrong shape) is
skipped, or its bad lines are, with a notice naming it.

``quiz.study.sync_git`` commits this device's file and pulls and pushes, for a folder that is a
git work tree.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.study import journal, merge
from quiz.study.atomic import (
    UnusableFile,
    append_durable,
    describe,
    read_regular,
    write_atomic,
)
from quiz.study.disk import SYNC_CONFIG, ProgressError
from quiz.study.ledger import BAD_DATA, FORMAT_VERSION
from quiz.study.scheduler import parse_time

if TYPE_CHECKING:
    # The store opens a sync at start (quiz.study.store imports this module when it does).
    from quiz.study.store import ProgressStore

SYNC_SUBDIR = "quiz-sync"
# A device's file is its whole history (~250 bytes an answer): larger than this is not one
# quiz wrote, and is not read into memory.
FILE_MAX = 256 * 1024 * 1024
# One event line; a session's result is the largest, a few kilobytes.
LINE_MAX = 1024 * 1024
# An event this far past our clock means the device's clock is wrong.
FUTURE_SLACK = timedelta(days=1)
# A device's events going back in time by more than this: its clock was changed.
BACKWARDS_SLACK = timedelta(minutes=10)
_DEVICE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_NAME_MAX = 64


class SyncError(Exception):
    """Syncing could not be done; ``str(error)`` says why, for the learner."""


@dataclass
class Config:
    folder: Path
    device: str  # this device's name, for people (the id is the journal's writer id)
    # file name -> {"size": bytes when last read}; "": our own file's {"size", "n"}.
    read: dict[str, dict[str, int]] = field(default_factory=dict)
    place: str | None = None  # where these progress files were when last synced (``place``)

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "device": self.device,
            "place": self.place,
            "read": self.read,
        }


def place(data_dir: Path) -> str:
    """A fingerprint of this machine and progress folder. A progress folder copied to another
    machine (or another folder) carries its journal's writer id along: seeing another place
    than the one recorded, the copy takes a new writer id before it writes anything, so two
    devices never number their answers under one id (which would merge them as one)."""
    machine = ""
    with contextlib.suppress(OSError):
        machine = Path("/etc/machine-id").read_text(encoding="ascii", errors="replace").strip()
    text = f"{socket.gethostname()}\n{machine}\n{Path(data_dir).resolve()}"
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class Report:
    exported: int = 0  # our events written to our file
    merged: int = 0  # other devices' events applied here
    notices: list[str] = field(default_factory=list)


@dataclass
class Device:
    """What ``status`` says of one device's file."""

    id: str
    name: str
    this: bool
    events: int = 0
    last: datetime | None = None  # the latest time among its events
    applied: int = 0  # its events this device has applied
    clock: str | None = None  # why its clock looks wrong, if it does
    problem: str | None = None  # why the file was not read, if it was not


def default_name() -> str:
    return _clean_name(socket.gethostname()) or "device"


def _clean_name(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return "".join(c for c in text if c.isprintable())[:_NAME_MAX].strip()


def sync_dir(folder: Path) -> Path:
    return Path(folder) / SYNC_SUBDIR


# -- this device's settings --------------------------------------------------------------------


def load_config(data_dir: Path) -> Config | None:
    """The sync settings of the progress in ``data_dir``; None if syncing is not set up."""
    path = Path(data_dir) / SYNC_CONFIG
    try:
        raw = read_regular(path, limit=1 << 20)
    except FileNotFoundError:
        return None
    except UnusableFile as exc:
        raise SyncError(str(exc)) from None
    try:
        data = json.loads(raw)
        folder, device = data["folder"], data["device"]
        read = data.get("read", {})
        if not isinstance(folder, str) or not folder or not isinstance(read, dict):
            raise ValueError
        read = {
            str(name): {k: v for k, v in info.items() if isinstance(v, int)}
            for name, info in read.items()
            if isinstance(info, dict)
        }
    except (*BAD_DATA, json.JSONDecodeError):
        raise SyncError(
            f"{path} is damaged; run `quiz sync init DIR` again to say where to sync"
        ) from None
    where = data.get("place")
    return Config(
        Path(folder),
        _clean_name(device) or default_name(),
        read,
        where if isinstance(where, str) else None,
    )


def save_config(data_dir: Path, config: Config) -> None:
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    text = json.dumps(config.to_dict(), ensure_ascii=False, indent=1) + "\n"
    write_atomic(Path(data_dir) / SYNC_CONFIG, text.encode("utf-8"))


def init(data_dir: Path, folder: Path, *, device: str | None = None) -> Config:
    """Remember ``folder`` as the sync folder of the progress in ``data_dir``."""
    folder = Path(folder).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise SyncError(f"{folder} is not a folder")
    data = Path(data_dir).resolve()
    if folder == data or data in folder.parents or folder in data.parents:
        # The snapshot is per device: it must never be synced, nor the folder be inside it.
        raise SyncError(f"{folder} overlaps the progress folder {data}; choose a separate one")
    try:
        sync_dir(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SyncError(f"cannot create {sync_dir(folder)}: {exc.strerror or exc}") from None
    old = load_config(data_dir)
    config = Config(folder, _clean_name(device) or (old.device if old else default_name()))
    # The place it was set up in: a copy of this folder elsewhere is then told apart.
    config.place = (old.place if old is not None else None) or place(data_dir)
    save_config(data_dir, config)
    return config


# -- syncing -----------------------------------------------------------------------------------


def sync_on_open(store: ProgressStore) -> None:
    """What opening the store does: sync, with every problem a notice, never an error."""
    try:
        config = load_config(store.data_dir)
        if config is not None:
            report = sync(store, config)
            store.notices.extend(report.notices)
    except (SyncError, ProgressError) as exc:
        store.notices.append(f"sync: {exc}")
    except OSError as exc:
        store.notices.append(f"sync: {describe(exc)} ({exc.filename or 'sync folder'})")


def sync(store: ProgressStore, config: Config | None = None) -> Report:
    """Write our new events to our file, then merge what other devices' files add."""
    if config is None:
        config = load_config(store.data_dir)
        if config is None:
            raise SyncError("no sync folder is set up; run `quiz sync init DIR` first")
    folder = sync_dir(config.folder)
    if not folder.is_dir():
        raise SyncError(f"the sync folder {folder} is not there (not mounted or not synced yet?)")
    report = Report()
    _check_place(store, config, report.notices)
    report.exported = export(store, config)
    events: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        if path.stem == store._journal_id:
            continue
        found = _read_device(store, config, path, report.notices)
        events.extend(found)
    if events:
        report.merged = store.merge_events(events)
        # Our own file gets nothing from them: other devices' events stay in their files.
    save_config(store.data_dir, config)
    return report


def _check_place(store: ProgressStore, config: Config, notices: list[str]) -> None:
    """Take a new writer id if these progress files were copied from elsewhere, or if our
    file in the folder was written by another device under our id."""
    here = place(store.data_dir)
    why = None
    if store._journal_id is not None:
        if config.place is not None and config.place != here:
            why = "these progress files were copied here from another device or folder"
        else:
            header = None
            with contextlib.suppress(OSError, UnusableFile):
                header = journal.read_header(sync_dir(config.folder) / f"{store._journal_id}.jsonl")
            if header is not None and header.get("place") not in (None, here):
                why = "another device writes this device's file in the sync folder"
    if why is not None:
        old = store._journal_id
        new = store.new_writer()
        config.read.pop("", None)
        notices.append(
            f"sync: {why}: this device now writes as {new} (was {old}), so that the two "
            "never mix their answers."
        )
    config.place = here


def export_quietly(store: ProgressStore) -> None:
    """Write our new events to our file after a checkpoint; a problem is told once."""
    try:
        config = load_config(store.data_dir)
        if config is None or not sync_dir(config.folder).is_dir():
            return
        if config.place not in (None, place(store.data_dir)):
            return  # a copy not yet told apart (at the next opening): it must not write as us
        if export(store, config):
            save_config(store.data_dir, config)
        store._sync_failed = False
    except (OSError, SyncError, *BAD_DATA) as exc:
        if not store._sync_failed:
            store.notices.append(f"sync: could not write this device's file: {exc}")
        store._sync_failed = True


def export(store: ProgressStore, config: Config) -> int:
    """Append to our file the events of ours it does not hold yet; returns how many."""
    own = store._journal_id
    if own is None:
        return 0  # nothing recorded on this device yet
    path = sync_dir(config.folder) / f"{own}.jsonl"
    have = _exported(path, own, config)
    if have is not None and have >= store._seen.get(own, 0):
        return 0
    mine = config.read.get("", {})
    start = mine.get("offset", 0) if have is not None and have == mine.get("n") else 0
    if start > store._offset:
        start = 0
    ours = _own_events(store, own, have or 0, start)
    if start and len(ours) != store._seen.get(own, 0) - (have or 0):
        # The journal was rewritten since (a repair): where we stopped is no longer a line.
        ours = _own_events(store, own, have or 0, 0)
    if have is None:
        header = {
            **journal.new_header(FORMAT_VERSION),
            "id": own,
            "device": config.device,
            "place": place(store.data_dir),
        }
        journal.create(path, header, ours)
    elif ours:
        append_durable(path, b"".join(journal.encode(e) for e in ours))
    # Our own events, each with a usable id (``_own_events`` took only those).
    numbers = [parsed[1] for e in ours if (parsed := journal.parse_id(e["id"])) is not None]
    top = max([have or 0, *numbers])
    config.read[""] = {"size": path.stat().st_size, "n": top, "offset": store._offset}
    return len(ours)


def _own_events(store: ProgressStore, own: str, after: int, start: int) -> list[dict[str, Any]]:
    """Our events numbered above ``after`` in the local journal from byte ``start``."""
    found: dict[int, dict[str, Any]] = {}
    for entry in journal.read_from(store.journal_path, start, store._offset).entries:
        ident = journal.parse_id(entry.get("id"))
        if ident is not None and ident[0] == own and ident[1] > after:
            found.setdefault(ident[1], entry)
    return [found[n] for n in sorted(found)]


def _exported(path: Path, own: str, config: Config) -> int | None:
    """The number of our last event in our file; None when the file must be written whole
    (missing, or not ours: only this device writes it, so anything else there is garbage)."""
    mine = config.read.get("", {})
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if mine.get("size") == size and "n" in mine:
        return mine["n"]
    try:
        data = read_regular(path, limit=FILE_MAX)
    except UnusableFile:
        return None
    first, newline, _ = data.partition(b"\n")
    header = journal._header_from(first + newline)
    if header is None or header["id"] != own:
        return None
    chunk = journal.parse(data)
    if chunk.torn:
        # Our own append cut short (a crash): that line was never confirmed anywhere.
        journal.cut_torn_tail(path, chunk.end)
    return max(
        (
            ident[1]
            for e in chunk.entries
            if (ident := journal.parse_id(e.get("id"))) is not None and ident[0] == own
        ),
        default=0,
    )


def _read_device(
    store: ProgressStore, config: Config, path: Path, notices: list[str]
) -> list[dict[str, Any]]:
    """The events of another device's file that may be merged (none if the file is not to
    be trusted); remembers its size, so an unchanged file is not read again."""
    name = path.name
    try:
        info = path.lstat()
    except OSError:
        return []
    record = config.read.get(name, {})
    if record.get("size") == info.st_size and record.get("mtime") == int(info.st_mtime):
        return []
    config.read[name] = {"size": info.st_size, "mtime": int(info.st_mtime)}
    events, problem, bad = read_device_file(path, store._journal_id)
    if problem is not None:
        notices.append(f"sync: skipped {path}: {problem}")
        return []
    if bad:
        notices.append(f"sync: {path}: skipped {bad} unreadable or invalid line(s)")
    # Settings are each device's own (its day start, its limits): another's are not merged.
    return [e for e in events if e["type"] != "settings" and not store._applied(e)]


def read_device_file(path: Path, own: str | None) -> tuple[list[dict[str, Any]], str | None, int]:
    """(events, why the file is skipped or None, lines skipped) for one device's file.
    Only complete lines count: a torn last line is still arriving."""
    if not _DEVICE_ID.fullmatch(path.stem):
        return [], "not a quiz device file (its name is not a device id)", 0
    if path.is_symlink():
        return [], "is a symbolic link", 0
    try:
        data = read_regular(path, limit=FILE_MAX)
    except FileNotFoundError:
        return [], "disappeared while being read", 0
    except UnusableFile as exc:
        return [], exc.reason, 0
    first, newline, _ = data.partition(b"\n")
    if not newline:
        return [], None, 0  # its first line is still arriving
    header = journal._header_from(first + newline)
    if header is None:
        return [], "its first line is not a quiz journal header", 0
    if header["id"] != path.stem:
        return [], f"its header names another device ({header['id'][:64]!r})", 0
    if own is not None and header["id"] == own:
        return [], "it claims to be this device", 0
    if header["version"] > FORMAT_VERSION:
        return [], f"written by a newer quiz (format {header['version']}); update quiz", 0
    chunk = journal.parse(data)
    bad = chunk.bad_lines
    events: dict[int, dict[str, Any]] = {}
    for entry in chunk.entries:
        ident = journal.parse_id(entry.get("id"))
        if ident is None or ident[0] != header["id"] or ident[1] in events:
            bad += 1  # one writer per file: another writer's event does not belong here
            continue
        try:
            if len(journal.encode(entry)) > LINE_MAX:
                raise ValueError("line too long")
            merge.check_event(entry)
        except BAD_DATA:
            bad += 1
            continue
        events[ident[1]] = entry
    return [events[n] for n in sorted(events)], None, bad


# -- status ------------------------------------------------------------------------------------


def _event_time(entry: dict[str, Any]) -> datetime | None:
    value = entry.get("time") if entry.get("type") == "review" else entry.get("at")
    if value is None:
        return None
    try:
        return parse_time(value)
    except BAD_DATA:
        return None


def status(store: ProgressStore, config: Config, *, now: datetime | None = None) -> list[Device]:
    """Every device file in the folder: who, how many events, when last, clock trouble."""
    now = now or datetime.now(UTC)
    devices = []
    folder = sync_dir(config.folder)
    if not folder.is_dir():
        raise SyncError(f"the sync folder {folder} is not there (not mounted or not synced yet?)")
    for path in sorted(folder.glob("*.jsonl")):
        this = path.stem == store._journal_id
        events, problem, _bad = read_device_file(path, None)
        name = path.stem
        with contextlib.suppress(OSError, UnusableFile, ValueError):
            header = journal.read_header(path)
            if header is not None:
                name = _clean_name(header.get("device")) or name
        device = Device(path.stem[:64], name, this, problem=problem)
        device.events = len(events)
        device.applied = store._seen.get(path.stem, 0)
        times = [t for e in events if (t := _event_time(e)) is not None]
        device.last = max(times, default=None)
        if device.last is not None and device.last > now + FUTURE_SLACK:
            device.clock = f"events dated up to {device.last:%Y-%m-%d %H:%M} UTC, in the future"
        else:
            for earlier, later in zip(times, times[1:], strict=False):
                if later < earlier - BACKWARDS_SLACK:
                    device.clock = (
                        f"its times go backwards (from {earlier:%Y-%m-%d %H:%M} "
                        f"to {later:%Y-%m-%d %H:%M} UTC)"
                    )
                    break
        devices.append(device)
    return devices
