"""Files in the cache folder: what can be thrown away and made again (parsed banks, what the
statistics need of each card, the finished sessions of a long journal).

Each file is a first line with the digest of the rest, then the rest (JSON, never pickle: the
cache is data). A file that does not match its digest (damaged, truncated, half written) is
never trusted: reading it is a miss, and it is removed out of the way of the next write.
Writing is whole or not at all (two copies of the app may write the same file at once) and
best effort: there is no fsync, as a file lost in a power cut is only a miss.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
# What reading a document that is not what it claims to be can raise.
BAD_DOCUMENT = (ValueError, KeyError, TypeError, AttributeError, RecursionError)

try:  # blake2b without importing hashlib, which starts OpenSSL (2.5 ms) for nothing here
    from _blake2 import blake2b
except ImportError:  # (another Python than CPython)
    from hashlib import blake2b

DIGEST_SIZE = 20  # bytes: a file's first line is 40 hex digits


def digest(*parts: bytes) -> str:
    """The hex digest of ``parts``, each followed by its length (so there is one way only to
    read the parts back: a file is hashed while it is written, before its length is known)."""
    h = blake2b(digest_size=DIGEST_SIZE)
    for part in parts:
        h.update(part)
        h.update(len(part).to_bytes(8, "little"))
    return h.hexdigest()


def name_for(path: Path) -> str:
    """A file name for what is cached about ``path`` (a bank file, a data folder)."""
    return digest(str(path.resolve()).encode("utf-8", "surrogateescape"))


def read(path: Path, max_bytes: int) -> bytes | None:
    """The payload of the cache file at ``path``, or None: missing, larger than ``max_bytes``
    or damaged (then removed)."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        raw = path.read_bytes()
    except OSError:
        return None
    head, newline, payload = raw.partition(b"\n")
    if newline and head == digest(payload).encode("ascii"):
        return payload
    forget(path)
    return None


def forget(path: Path) -> None:
    """Remove a cache file that turned out unusable (never raises)."""
    with contextlib.suppress(OSError):
        path.unlink()


def write(path: Path, pieces: Iterable[bytes]) -> None:
    """Write the payload made of ``pieces`` (so a large one is never all in memory) with its
    digest as the first line, replacing ``path`` whole. Raises OSError."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(b" " * (2 * DIGEST_SIZE) + b"\n")  # the digest, once it is known
            h = blake2b(digest_size=DIGEST_SIZE)
            size = 0
            for piece in pieces:
                handle.write(piece)
                h.update(piece)
                size += len(piece)
            h.update(size.to_bytes(8, "little"))  # as digest(payload) does
            handle.seek(0)
            handle.write(h.hexdigest().encode("ascii"))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_document(
    path: Path, max_bytes: int, kind: str, version: int, make: Callable[[dict[str, Any]], T]
) -> T | None:
    """``make`` of the JSON document at ``path`` that ``write_document`` wrote with ``kind``
    and ``version`` under this version of the app; None when missing, of another version, or
    damaged: not matching its digest, or ``make`` raising one of ``BAD_DOCUMENT`` (removed
    then)."""
    from quiz import __version__

    payload = read(path, max_bytes)
    if payload is None:
        return None
    try:
        doc = json.loads(payload)
        if doc.get("format") != kind or doc.get("version") != version:
            return None
        if doc.get("app") != __version__:
            return None
        return make(doc)
    except BAD_DOCUMENT:
        forget(path)
        return None


def write_document(path: Path, kind: str, version: int, fields: dict[str, Any]) -> None:
    """Keep ``fields`` as a document ``read_document`` reads back; never raises (a cache that
    cannot be written is no cache)."""
    from quiz import __version__

    doc = {"format": kind, "version": version, "app": __version__, **fields}
    try:
        write(path, [json.dumps(doc, ensure_ascii=False).encode("utf-8")])
    except (OSError, ValueError, TypeError):
        return
