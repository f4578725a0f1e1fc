"""The answer journal: ``progress.journal.jsonl``, an append-only JSON-lines file.

Line 1 is a header (format, version, a random id that ties the journal to its
``progress.json``); every later line is one event: a review, an amended review, a finished
session or a change of settings. Appends are fsynced before the caller is told an answer is
saved. A crash mid-append leaves at most one partial last line without its newline: readers
treat it as never written (the answer was never confirmed) and the store cuts it off under the
lock before the next append, so it cannot glue itself to the next line.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.study.atomic import append_durable, write_atomic

JOURNAL_FORMAT = "quiz-progress-journal"


def encode(entry: dict[str, Any]) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def new_header(version: int) -> dict[str, Any]:
    return {"type": "header", "format": JOURNAL_FORMAT, "version": version, "id": uuid.uuid4().hex}


@dataclass
class Chunk:
    """What a read from some offset found: the parsed events, where the complete lines end,
    how many complete lines were unreadable, and whether a partial last line was seen."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    end: int = 0
    bad_lines: int = 0
    torn: bool = False


def read_header(path: Path) -> dict[str, Any] | None:
    """The journal's header, or None when the file is missing, empty or starts with garbage."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
    except FileNotFoundError:
        return None
    if not first.endswith(b"\n"):
        return None
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or header.get("type") != "header":
        return None
    if not isinstance(header.get("id"), str) or not isinstance(header.get("version"), int):
        return None
    return header


def header_size(path: Path) -> int:
    with open(path, "rb") as handle:
        return len(handle.readline())


def read_from(path: Path, start: int, end: int | None = None) -> Chunk:
    """Every complete event line from byte ``start`` to ``end`` (default: the end of file)."""
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read() if end is None else handle.read(max(0, end - start))
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
        if isinstance(entry, dict) and entry.get("type") != "header":
            chunk.entries.append(entry)
        elif not isinstance(entry, dict):
            chunk.bad_lines += 1
    return chunk


def cut_torn_tail(path: Path, end: int) -> None:
    """Drop a partial last line (an answer whose save never completed)."""
    if path.stat().st_size > end:
        with open(path, "r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())


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
