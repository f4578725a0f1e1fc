"""What the bank loader and the progress store share about files on disk."""

from __future__ import annotations

import stat


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, for messages ("a named pipe (FIFO)"); None for a regular
    file. Banks and progress files are read from regular files only: a FIFO would block the
    reader and ``/dev/zero`` never ends."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"
