"""Crash-safe file access: whole files replaced atomically, durable appends, bounded reads.

``write_atomic`` never opens the target for writing: it writes a temporary file in the same
folder (so ``os.replace`` is a rename within one file system), flushes and fsyncs it, renames
it over the target and fsyncs the folder so the rename itself survives a power cut. Killed at
any moment, the target holds the old bytes or the new ones, never a mix.

Progress files are read as the bank loader reads banks: regular files only (a FIFO would hang
the reader, ``/dev/zero`` would fill memory), with a size bound, and every failure is an
``UnusableFile`` whose message says what is wrong in plain words. Appends never follow a
symlink planted at the journal's path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from quiz.files import file_kind

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
# Linux reads at most just under 2 GiB at a time; a progress file is far smaller.
_READ_MAX = 1 << 30
# Errors that mean "this folder or file system cannot be written by us", not "damaged".
READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


class UnusableFile(OSError):
    """A progress file that cannot be used as it is; ``reason`` is said to the learner."""

    def __init__(self, path: Path, reason: str, code: int = 0) -> None:
        super().__init__(code, reason)
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def describe(exc: OSError) -> str:
    """An OS error in plain words (``permission denied``, ``no space left on the disk``)."""
    if isinstance(exc, UnusableFile):
        return exc.reason
    words = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "no space left on the disk",
        errno.EDQUOT: "the disk quota is used up",
        errno.EISDIR: "is a folder, not a file",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ELOOP: "is a symbolic link (or a loop of them)",
        errno.EIO: "input/output error (a failing disk?)",
    }
    return words.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def _open_regular(path: Path, flags: int) -> int:
    """Open ``path`` and make sure it is a regular file; the descriptor, or UnusableFile."""
    try:
        fd = os.open(path, flags | _CLOEXEC)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP and flags & _NOFOLLOW:
            raise UnusableFile(
                path, "is a symbolic link; quiz does not write through one", exc.errno
            ) from None
        raise UnusableFile(path, describe(exc), exc.errno or 0) from None
    kind = file_kind(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        raise UnusableFile(path, f"is {kind}, not a regular file")
    return fd


def read_regular(path: Path, *, limit: int, start: int = 0, end: int | None = None) -> bytes:
    """Bytes ``start``..``end`` of the regular file ``path``, at most ``limit`` of them in
    all. FileNotFoundError passes through; every other failure is an UnusableFile."""
    fd = _open_regular(path, os.O_RDONLY | _NONBLOCK)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise UnusableFile(
                path, f"is {size:,} bytes, larger than the {limit:,} a progress file may be"
            )
        stop = size if end is None else min(end, size)
        if start:
            os.lseek(fd, start, os.SEEK_SET)
        # All of it in one read where the system gives it (a regular file does): reading
        # in pieces and joining them copied a year's journal (~40 MB) once more, which took
        # twice as long as reading it.
        chunks, left = [], max(0, stop - start)
        while left > 0:
            chunk = os.read(fd, min(left, _READ_MAX))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except UnusableFile:
        raise
    except OSError as exc:
        raise UnusableFile(path, describe(exc), exc.errno or 0) from None
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (no-op where folders cannot be opened: Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: the old content or the new, never a torn file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def append_durable(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` and fsync before returning; never through a symlink.

    A crash mid-append can leave a partial last line; readers of the journal treat a last line
    without its newline as never written.
    """
    existed = os.path.lexists(path)
    fd = _open_regular(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    if not existed:
        fsync_dir(path.parent)


def truncate(path: Path, size: int) -> None:
    """Cut ``path`` back to ``size`` bytes (never through a symlink) and make it durable."""
    fd = _open_regular(path, os.O_WRONLY | _NOFOLLOW)
    try:
        if os.fstat(fd).st_size > size:
            os.ftruncate(fd, size)
            os.fsync(fd)
    finally:
        os.close(fd)


def unique_aside(path: Path, suffix: str) -> Path:
    """A name beside ``path`` that does not exist yet: ``progress.json.<suffix>[-N]``."""
    candidate = path.with_name(f"{path.name}.{suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{suffix}-{n}")
    return candidate
