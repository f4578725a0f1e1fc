"""A cache of loaded banks, so that a bank that has not changed loads without parsing YAML.

A 10,000-question bank takes over a second to parse and check; the app, ``quiz stats`` and
``quiz validate`` load the same banks again and again. After a bank loads, its ``Bank`` and
its warnings are written as JSON (never pickle: the cache is data, read back by this module
alone) to the user's cache folder (``quiz.paths.cache_dir``), one file per bank path. An entry
is used only when everything the load depended on is the same: the bank's bytes, its path,
this version of the app and of the cache format, the size limit it was loaded with, and the
bytes of its source document (the quotes are checked against it). Each file carries a digest
of its own content, so a damaged or truncated entry is never trusted: it is a miss, removed,
and the bank is parsed again.
Writing is best effort: a cache folder that cannot be written only means parsing every time.

Set ``QUIZ_NO_CACHE=1`` to load every bank from its YAML.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from quiz import __version__
from quiz.bank.errors import Problem
from quiz.bank.model import QUESTION_CLASSES, Bank, Choice, Question

FORMAT = "quiz-bank-cache"
VERSION = 1
NO_CACHE_ENV = "QUIZ_NO_CACHE"
# An entry larger than this is not read (a 100,000-question bank is ~50 MB of JSON).
MAX_BYTES = 512 * 1024 * 1024
_BANK_FIELDS = ("id", "title", "description", "author", "language", "version", "license")


def _folder() -> Path:
    from quiz import paths

    return paths.cache_dir() / "banks"


def _enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def _hash(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _entry_path(path: Path) -> Path:
    return _folder() / f"{_hash(str(path.resolve()).encode('utf-8', 'surrogateescape'))}.json"


def _key(path: Path, data: bytes, max_bytes: int) -> str:
    where = str(path.resolve()).encode("utf-8", "surrogateescape")
    return _hash(f"{FORMAT}/{VERSION}/{__version__}/{max_bytes}".encode(), where, data)


def _document_hash(bank_path: Path, source: str | None) -> str | None:
    """What the bank's source document hashes to now; "" when it cannot be read."""
    if source is None:
        return None
    from quiz.bank.yamlsafe import NotARegularFile, TooLarge, read_limited

    try:
        return _hash(read_limited(bank_path.parent / source, MAX_BYTES))
    except (OSError, NotARegularFile, TooLarge):
        return ""


# -- the model as JSON --------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Choice):
        return {"choice": [value.text, value.feedback]}
    if isinstance(value, frozenset):
        return {"set": sorted(value)}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    # Every sequence in the model is a tuple; sets and choices are tagged.
    if isinstance(value, list):
        if all(type(v) is str for v in value):  # most lists (tags, items): no walk needed
            return tuple(value)
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"choice"}:
            text, feedback = value["choice"]
            if not isinstance(text, str) or not isinstance(feedback, str | None):
                raise ValueError("a cached choice must be text")
            return Choice(text, feedback)
        if set(value) == {"set"}:
            return frozenset(value["set"])
        raise ValueError("unknown object in a cached bank")
    return value


def _question_to_json(q: Question) -> dict[str, Any]:
    return {"type": q.type, **{f.name: _encode(getattr(q, f.name)) for f in fields(q)}}


_FIELDS = {kind: tuple(f.name for f in fields(cls)) for kind, cls in QUESTION_CLASSES.items()}


def _question_from_json(data: dict[str, Any]) -> Question:
    kind = data["type"]
    values = {}
    for name in _FIELDS[kind]:
        value = data[name]
        values[name] = _decode(value) if type(value) in (list, dict) else value
    return QUESTION_CLASSES[kind](**values)


def _to_json(bank: Bank, warnings: list[Problem]) -> dict[str, Any]:
    return {
        **{name: getattr(bank, name) for name in _BANK_FIELDS},
        "source": bank.source,
        "path": None if bank.path is None else str(bank.path),
        "questions": [_question_to_json(q) for q in bank.questions],
        "warnings": [[w.file, w.line, w.column, w.message, w.severity] for w in warnings],
    }


def _from_json(data: dict[str, Any]) -> tuple[Bank, list[Problem]]:
    bank = Bank(
        **{name: data[name] for name in _BANK_FIELDS},
        source=data["source"],
        path=None if data["path"] is None else Path(data["path"]),
        questions=tuple(_question_from_json(q) for q in data["questions"]),
    )
    warnings = [
        Problem(file, int(line), int(column), message, severity)
        for file, line, column, message, severity in data["warnings"]
    ]
    return bank, warnings


# -- reading and writing ------------------------------------------------------------------------


def get(path: Path, data: bytes, max_bytes: int) -> tuple[Bank, list[Problem]] | None:
    """The cached load of the bank at ``path`` whose bytes are ``data``, loaded with the size
    limit ``max_bytes``; None on a miss."""
    if not _enabled():
        return None
    entry = _entry_path(path)
    try:
        if entry.stat().st_size > MAX_BYTES:
            return None
        raw = entry.read_bytes()
    except OSError:
        return None
    try:
        digest, newline, payload = raw.partition(b"\n")
        if not newline or digest.decode("ascii") != _hash(payload):
            raise ValueError("the entry does not match its digest")
        doc = json.loads(payload)
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            return None  # another version of the cache: rewritten at the next put
        if doc["key"] != _key(path, data, max_bytes):
            return None  # the bank changed since
        if doc["document"] != _document_hash(path, doc["bank"]["source"]):
            return None  # its source document changed
        return _from_json(doc["bank"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        # Damaged: never trusted, and out of the way of the next load.
        with contextlib.suppress(OSError):
            entry.unlink()
        return None


def put(path: Path, data: bytes, max_bytes: int, bank: Bank, warnings: list[Problem]) -> None:
    """Keep a load for next time; never raises (a cache that cannot be written is no cache)."""
    if not _enabled():
        return
    try:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "key": _key(path, data, max_bytes),
            "document": _document_hash(path, bank.source),
            "bank": _to_json(bank, warnings),
        }
        payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        entry = _entry_path(path)
        entry.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(entry, _hash(payload).encode("ascii") + b"\n" + payload)
    except (OSError, ValueError, TypeError):
        return


def _write_atomic(path: Path, data: bytes) -> None:
    """Whole or not at all (two copies of the app may load the same bank at once); no fsync:
    an entry lost in a power cut is only a miss."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
