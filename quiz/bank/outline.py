"""A bank's outline (its id, title and question ids) read off the bank cache's first line.

Counting a learner's progress (``quiz stats``) needs no more of a bank than that, and
building a 10,000-question ``Bank`` from the cache takes ~70 ms. So an entry of the cache
(``quiz.bank.cache``) is one JSON document laid out with its head on the first line, which
holds the outline; reading the outline parses that line only, and imports none of the model.
The outline is used on the same terms as the whole entry: the entry matches its digest, and
the bank's bytes and path, this version of the app and of the cache, the size limit and the
source document are the same as when it was written (the model's field layout is not part
of its key: the outline holds none of the questions' fields).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from quiz import __version__, cachefile
from quiz.bank.errors import Problem

FORMAT = "quiz-bank-cache"
VERSION = 3
NO_CACHE_ENV = "QUIZ_NO_CACHE"
# An entry larger than this is not read (a 100,000-question bank is ~25 MB of JSON).
MAX_BYTES = 512 * 1024 * 1024
# How an entry's first line ends: the questions follow on the next.
HEAD_END = b',"questions":'


class BankOutline:
    """What counting progress needs of a bank (``Bank`` has the same three attributes)."""

    __slots__ = ("id", "title", "question_ids")

    def __init__(self, id: str, title: str, question_ids: tuple[str, ...]) -> None:  # noqa: A002
        self.id = id
        self.title = title
        self.question_ids = question_ids

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BankOutline) and (
            (self.id, self.title, self.question_ids) == (other.id, other.title, other.question_ids)
        )

    def __repr__(self) -> str:
        return f"BankOutline({self.id!r}, {self.title!r}, {len(self.question_ids)} questions)"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def folder() -> Path:
    """Where the bank cache's entries are."""
    from quiz import paths

    return paths.cache_dir() / "banks"


def entry_path(path: Path) -> Path:
    return folder() / f"{cachefile.name_for(path)}.json"


def entry_payload(path: Path) -> tuple[Path, bytes] | None:
    """The cache entry of the bank at ``path`` and its payload, when the cache is on and the
    entry matches its digest."""
    if not enabled():
        return None
    entry = entry_path(path)
    payload = cachefile.read(entry, MAX_BYTES)
    return None if payload is None else (entry, payload)


def outline_key(path: Path, data: bytes, max_bytes: int) -> str:
    where = str(path.resolve()).encode("utf-8", "surrogateescape")
    return cachefile.digest(f"{FORMAT}/{VERSION}/{__version__}/{max_bytes}".encode(), where, data)


def document_hash(bank_path: Path, source: str | None) -> str | None:
    """What the bank's source document hashes to now; "" when it cannot be read."""
    if source is None:
        return None
    from quiz.bank.reading import NotARegularFile, TooLarge, read_limited

    try:
        return cachefile.digest(read_limited(bank_path.parent / source, MAX_BYTES))
    except (OSError, NotARegularFile, TooLarge):
        return ""


def problems_from(rows: list[list[Any]]) -> list[Problem]:
    """The warnings of a load, from the rows an entry keeps them as."""
    return [
        Problem(file, int(line), int(column), message, severity)
        for file, line, column, message, severity in rows
    ]


def get(path: Path, data: bytes, max_bytes: int) -> BankOutline | None:
    """The outline of the bank at ``path`` whose bytes are ``data``, from its cache entry;
    None on a miss (the whole load then writes the entry)."""
    found = get_with_warnings(path, data, max_bytes)
    return None if found is None else found[0]


def get_with_warnings(
    path: Path, data: bytes, max_bytes: int
) -> tuple[BankOutline, list[Problem]] | None:
    """``get``, with the warnings the bank's load gave."""
    found = entry_payload(path)
    if found is None:
        return None
    entry, payload = found
    first, newline, _ = payload.partition(b"\n")
    if not newline or not first.endswith(HEAD_END):
        return None  # not laid out as this version writes entries
    try:
        doc = json.loads(first[: -len(HEAD_END)] + b"}")
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            return None
        outline = doc["outline"]
        if outline["key"] != outline_key(path, data, max_bytes):
            return None
        if doc["document"] != document_hash(path, doc["bank"]["source"]):
            return None
        ids = outline["ids"]
        bank = doc["bank"]
        if not isinstance(ids, list) or not set(map(type, ids)) <= {str}:
            raise ValueError("question ids")
        if not isinstance(bank["id"], str) or not isinstance(bank["title"], str):
            raise ValueError("id, title")
        warnings = problems_from(doc["warnings"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        cachefile.forget(entry)
        return None
    return BankOutline(bank["id"], bank["title"], tuple(ids)), warnings
