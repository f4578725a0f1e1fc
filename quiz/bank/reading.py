"""Reading a bank file defensively: a size limit checked before reading, never blocking on a
named pipe or a device, and UTF-8 decoding with the line of the first bad byte.

Apart from the YAML layer (``yamlsafe``) so that a bank loaded from the cache imports no YAML.
"""

from __future__ import annotations

import errno
import os

from quiz.bank.report import Report, text_position
from quiz.files import file_kind
from quiz.words import plural

# Not typing.TYPE_CHECKING: see quiz/cli/validate.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return plural(n, "byte")


class NotARegularFile(Exception):
    """The path is a folder, a named pipe, a device or a socket: nothing a bank can be read from."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file is over the size limit; ``size`` is its size when stat could tell."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def os_reason(exc: OSError) -> str:
    """Why a file could not be used, in words for a message: the OS's own text, lower case,
    except where it is unclear ("too many levels of symbolic links" is a symlink loop)."""
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, never blocking and never reading more than
    ``max_bytes + 1`` bytes. Raises ``NotARegularFile``, ``TooLarge`` or ``OSError``.

    A named pipe would block ``open`` until a writer comes and ``/dev/zero`` never ends, so the
    path is checked with stat before it is opened (opening some devices has effects), opened
    non-blocking, and checked again on the open descriptor: the path may have been replaced in
    between. The second check is the one that counts."""
    info = path.stat()
    kind = file_kind(info.st_mode)
    if kind is not None:
        raise NotARegularFile(kind)
    if info.st_size > max_bytes:
        raise TooLarge(info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotARegularFile(kind)
        # One byte past the limit: stat can under-report (a file still growing).
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(None)
    return data


def read_bytes(path: Path, max_bytes: int, report: Report) -> bytes | None:
    """The bank file's bytes, or None after reporting why they cannot be read."""
    limit = f"the limit is {format_size(max_bytes)}"
    try:
        return read_limited(path, max_bytes)
    except NotARegularFile as exc:
        if exc.kind == "a folder":
            report.error(None, "this is a folder, not a bank file")
        else:
            report.error(None, f"this is {exc.kind}, not a bank file (a bank is a regular file)")
    except TooLarge as exc:
        size = f"{format_size(exc.size)}; " if exc.size is not None else ""
        report.error(None, f"the file is too large ({size}{limit})")
    except FileNotFoundError:
        report.error(None, "file not found")
    except OSError as exc:
        report.error(None, f"cannot read the file ({os_reason(exc)})")
    return None


def decode(data: bytes, report: Report) -> str | None:
    """The bytes as text, or None after reporting the line of the first byte that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error((1, 1), "the file is UTF-16 text; save it as UTF-8")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        where = text_position(data[:nul].decode("utf-8", "replace"), nul)
        report.error(where, "the file contains NUL bytes: it is a binary file, not a YAML bank")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[: exc.start].decode("utf-8-sig", "replace")
        report.error(
            text_position(head, len(head)),
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} here cannot be read); "
            "save it with the UTF-8 encoding",
        )
        return None
