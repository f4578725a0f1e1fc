"""Crash-safe file writes: whole files replaced atomically, and durable appends.

``write_atomic`` never opens the target for writing: it writes a temporary file in the same
folder (so ``os.replace`` is a rename within one file system), flushes and fsyncs it, renames
it over the target and fsyncs the folder so the rename itself survives a power cut. Killed at
any moment, the target holds the old bytes or the new ones, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


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
    """Append ``data`` to ``path`` and fsync before returning.

    A crash mid-append can leave a partial last line; readers of the journal treat a last line
    without its newline as never written.
    """
    existed = path.exists()
    with open(path, "ab") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if not existed:
        fsync_dir(path.parent)


def unique_aside(path: Path, suffix: str) -> Path:
    """A name beside ``path`` that does not exist yet: ``progress.json.<suffix>[-N]``."""
    candidate = path.with_name(f"{path.name}.{suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{suffix}-{n}")
    return candidate
