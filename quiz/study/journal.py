"""The answer journal: ``progress.journal.jsonl``, an append-only JSON-lines file.

Line 1 is a header (format, version, a random id); every later line is one event: a review,
an amended review, a finished session or a change of settings. Appends are fsynced before the
caller is told an answer is saved. A crash mid-append leaves at most one partial last line
without its newline: readers treat it as never written (the answer was never confirmed) and
the store cuts it off under the lock before the next append, so it cannot glue itself to the
next line.

Every event has an identity, ``"id": "<writer>:<n>"``: the writer is the id of the journal
that first recorded it (one per device's journal) and ``n`` counts that writer's events from 1,
with no gaps. The state is the result of applying each identity once, in order, so applying a
journal twice, a restored older copy of it, a retried append or another copy's lines changes
nothing that was already applied (see ``quiz.study.ledger.Ledger.seen``). Journals written by
several devices can be merged by the same rule: one writer per file, events told apart by id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.study.atomic import append_durable, read_regular, truncate, write_atomic

JOURNAL_FORMAT = "quiz-progress-journal"
# A journal this large is not one quiz wrote (100,000 reviews take ~25 MB): refuse to read it
# whole into memory rather than stall the app.
MAX_BYTES = 1 << 30
# The first line is small; a "header" longer than this is garbage.
_HEADER_MAX = 4096


def encode(entry: dict[str, Any]) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def new_header(version: int) -> dict[str, Any]:
    return {"type": "header", "format": JOURNAL_FORMAT, "version": version, "id": uuid.uuid4().hex}


def event_id(writer: str, n: int) -> str:
    return f"{writer}:{n}"


def parse_id(value: Any) -> tuple[str, int] | None:
    """``(writer, n)`` of an event id, or None when it has none that can be used."""
    if not isinstance(value, str):
        return None
    writer, sep, number = value.rpartition(":")
    if not sep or not writer or not number.isdigit() or not number.isascii():
        return None
    n = int(number)
    return (writer, n) if n > 0 else None


@dataclass
class Chunk:
    """What a read from some offset found: the parsed events, where the complete lines end,
    how many complete lines were unreadable, and whether a partial last line was seen."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    end: int = 0
    bad_lines: int = 0
    torn: bool = False


def _header_from(first: bytes) -> dict[str, Any] | None:
    if not first.endswith(b"\n"):
        return None
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or header.get("type") != "header":
        return None
    if not isinstance(header.get("id"), str) or not header["id"]:
        return None
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return None
    return header


def read_header(path: Path) -> dict[str, Any] | None:
    """The journal's header, or None when the file is missing, empty or starts with garbage.
    A file that cannot be read raises ``UnusableFile``."""
    try:
        head = read_regular(path, limit=MAX_BYTES, end=_HEADER_MAX)
    except FileNotFoundError:
        return None
    first, newline, _ = head.partition(b"\n")
    return _header_from(first + newline)


def header_size(path: Path) -> int:
    head = read_regular(path, limit=MAX_BYTES, end=_HEADER_MAX)
    first, newline, _ = head.partition(b"\n")
    return len(first) + len(newline) if _header_from(first + newline) else 0


def parse(data: bytes, start: int = 0) -> Chunk:
    """Every complete event line in ``data`` (which begins at byte ``start`` of the file)."""
    chunk = Chunk(end=start)
    if not data:
        return chunk
    complete, newline, rest = data.rpartition(b"\n")
    if rest:
        chunk.torn = True
    if not newline:
        # No newline at all: the only line there is a partial one.
        return chunk
    chunk.end = start + len(complete) + 1
    for line in complete.split(b"\n"):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except (ValueError, RecursionError):
            chunk.bad_lines += 1
            continue
        if not isinstance(entry, dict):
            chunk.bad_lines += 1
        elif entry.get("type") != "header":
            chunk.entries.append(entry)
    return chunk


def read_from(path: Path, start: int, end: int | None = None) -> Chunk:
    """Every complete event line from byte ``start`` to ``end`` (default: the end of file)."""
    return parse(read_regular(path, limit=MAX_BYTES, start=start, end=end), start)


def cut_torn_tail(path: Path, end: int) -> None:
    """Drop a partial last line (an answer whose save never completed)."""
    truncate(path, end)


def create(path: Path, header: dict[str, Any], entries: Iterable[dict[str, Any]] = ()) -> int:
    """Write a fresh journal atomically; returns its size."""
    data = encode(header) + b"".join(encode(e) for e in entries)
    write_atomic(path, data)
    return len(data)


def append(path: Path, entry: dict[str, Any]) -> int:
    """Append one event durably; returns the number of bytes written."""
    data = encode(entry)
    append_durable(path, data)
    return len(data)
