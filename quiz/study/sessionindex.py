"""The finished sessions of a journal up to some point, kept in the cache folder.

``quiz results`` lists every finished session; their results are a few hundred lines among
a hundred thousand reviews in a year's journal (~40 MB), which takes ~100 ms to read and
search each time. The index keeps the results found up to a byte of the journal (``end``),
so only the journal after it is read. The journal only grows, so the index holds for it as
long as it is the same journal (its id), at least ``end`` bytes long, and with the same bytes
just before ``end`` (their CRC): a journal restored from an older copy, cut short, or another
one put in its place fails that, and the whole journal is read again. Like every file in the
cache folder, the index is never the record and is never trusted when damaged.
"""

from __future__ import annotations

from binascii import crc32
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quiz import cachefile

FORMAT = "quiz-session-index"
VERSION = 1
MAX_BYTES = 256 * 1024 * 1024
CHECK_BYTES = 4096  # the bytes before ``end`` whose CRC the index keeps


@dataclass
class Index:
    journal: str  # the journal's id
    end: int  # where the journal was read to
    check: int  # CRC-32 of the CHECK_BYTES before end (fewer at the start of the journal)
    ids: list[str | None]  # each session event's identity, in order (None: an old one had none)
    results: list[dict[str, Any]]


def check_of(data: bytes) -> int:
    """The check of a journal whose bytes up to the index's end end with ``data``."""
    return crc32(data[-CHECK_BYTES:])


def index_path(cache_dir: Path, data_dir: Path) -> Path:
    return cache_dir / "progress" / f"{cachefile.name_for(data_dir)}.sessions.json"


def read(path: Path) -> Index | None:
    """The index at ``path``; None when missing, damaged (removed then), of another version of
    the app or not one ``write`` makes."""
    return cachefile.read_document(path, MAX_BYTES, FORMAT, VERSION, _index_from)


def _index_from(doc: dict[str, Any]) -> Index:
    index = Index(doc["journal"], doc["end"], doc["check"], doc["ids"], doc["results"])
    if not isinstance(index.journal, str) or not isinstance(index.ids, list):
        raise ValueError("journal, ids")
    for number in (index.end, index.check):
        if number.__class__ is not int or number < 0:
            raise ValueError("end, check")
    if not isinstance(index.results, list) or len(index.results) != len(index.ids):
        raise ValueError("results")
    if not set(map(type, index.ids)) <= {str, type(None)}:
        raise ValueError("an id that is not a string")
    if not set(map(type, index.results)) <= {dict}:
        raise ValueError("a result that is not an object")
    return index


def write(path: Path, index: Index) -> None:
    """Keep ``index`` for next time; never raises (a cache that cannot be written is none)."""
    fields = {
        "journal": index.journal,
        "end": index.end,
        "check": index.check,
        "ids": index.ids,
        "results": index.results,
    }
    cachefile.write_document(path, FORMAT, VERSION, fields)
