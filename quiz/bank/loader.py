"""Loading question banks: the public entry points, and finding bank files.

``load_bank`` and ``loads_bank`` return a valid ``Bank`` or raise ``BankError`` carrying every
problem of the file (errors and warnings, each with line and column). Warnings do not stop a
bank from loading; callers that want to show them use ``load_bank_with_warnings`` or
``loads_bank_with_warnings``, which return ``(bank, warnings)``.

The steps, cheapest guard first: size (checked with stat, before reading), the cache of banks
loaded before (``cache``), UTF-8, control characters, YAML syntax (composed into nodes, see
``yamlparse``), then the format itself (``build``, ``questions``), then the ``source`` quotes
against the source document (``quotes``). A bank found in the cache imports none of the
parsing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from quiz.bank.errors import BankError, Problem
from quiz.bank.gcpause import gc_paused
from quiz.bank.reading import decode, read_bytes
from quiz.bank.report import Report

# Not typing.TYPE_CHECKING: see quiz/cli/validate.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.bank.outline import BankOutline

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
BANK_SUFFIXES = (".yaml", ".yml")

__all__ = [
    "BankError",
    "find_bank_files",
    "load_bank",
    "load_bank_outline",
    "load_bank_outline_with_warnings",
    "load_bank_with_warnings",
    "loads_bank",
    "loads_bank_with_warnings",
]


def load_bank(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Bank:
    """Load and check the bank file at ``path``; raise ``BankError`` with every problem."""
    return load_bank_with_warnings(path, max_bytes=max_bytes)[0]


def load_bank_with_warnings(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Bank, list[Problem]]:
    """Like ``load_bank``, also returning the warnings of a bank that loaded."""
    from quiz.bank import cache

    path = Path(path)
    report = Report(str(path))
    with gc_paused():  # (a cached bank is as many objects as a parsed one)
        data = read_bytes(path, max_bytes, report)
        if data is not None and (cached := cache.get(path, data, max_bytes)) is not None:
            return cached
        text = decode(data, report) if data is not None else None
        if text is None:
            raise report.fail()
        bank, warnings = _load_text(
            text, report, path=path, base_dir=path.parent, max_bytes=max_bytes
        )
        assert data is not None
        cache.put(path, data, max_bytes, bank, warnings)
    return bank, warnings


def load_bank_outline(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> BankOutline:
    """The id, title and question ids of the bank file at ``path``, as ``load_bank`` would
    give them (and with its errors): read off the bank cache when the bank is in it, which
    spares building every question."""
    return load_bank_outline_with_warnings(path, max_bytes=max_bytes)[0]


def load_bank_outline_with_warnings(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[BankOutline, list[Problem]]:
    """``load_bank_outline``, with the warnings ``load_bank_with_warnings`` would give."""
    from quiz.bank import outline

    path = Path(path)
    data = read_bytes(path, max_bytes, Report(str(path)))
    if data is not None:
        found = outline.get_with_warnings(path, data, max_bytes)
        if found is not None:
            return found
    bank, warnings = load_bank_with_warnings(path, max_bytes=max_bytes)
    return outline.BankOutline(bank.id, bank.title, bank.question_ids), warnings


def loads_bank(text: str, filename: str = "<string>", base_dir: Path | None = None) -> Bank:
    """Load a bank from YAML text. ``filename`` names it in messages and gives the default
    bank id (its stem; ``bank`` for a name in angle brackets such as ``<string>``);
    ``base_dir`` is where a relative ``source`` document is looked up (default: the
    directory of ``filename``)."""
    return loads_bank_with_warnings(text, filename, base_dir)[0]


def loads_bank_with_warnings(
    text: str, filename: str = "<string>", base_dir: Path | None = None
) -> tuple[Bank, list[Problem]]:
    """Like ``loads_bank``, also returning the warnings of a bank that loaded."""
    report = Report(filename)
    # A file's byte-order mark is dropped when it is decoded; text handed over may still
    # start with one, and a BOM anywhere else is refused as an invisible character.
    text = text.removeprefix("\ufeff")
    if base_dir is None:
        base_dir = Path(filename).parent
    return _load_text(text, report, path=None, base_dir=Path(base_dir))


def find_bank_files(paths: Iterable[Path | str]) -> list[Path]:
    """Bank files under ``paths``: a path that is not a folder is taken as given; a folder gives
    its ``*.yaml`` and ``*.yml`` files, searched recursively in sorted order, skipping
    ``sources/`` folders and hidden ones. Paths that do not exist are skipped; each file is
    listed once. Nothing is opened: a named pipe or a symlink loop is listed like a file, and
    ``load_bank`` refuses it with a message instead of blocking on it."""
    found: list[Path] = []
    seen: set[Path] = set()

    def add(file: Path) -> None:
        try:
            key = file.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
            key = file.absolute()
        if key not in seen:
            seen.add(key)
            found.append(file)

    for path in map(Path, paths):
        if path.is_dir():
            in_folder: list[Path] = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d != "sources" and not d.startswith(".")]
                in_folder.extend(
                    Path(folder, f)
                    for f in files
                    if f.endswith(BANK_SUFFIXES) and not f.startswith(".")
                )
            for file in sorted(in_folder):
                add(file)
        elif path.exists():
            add(path)
    return found


def _load_text(
    text: str,
    report: Report,
    *,
    path: Path | None,
    base_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Bank, list[Problem]]:
    from quiz.bank.build import load_text

    return load_text(text, report, path=path, base_dir=base_dir, max_bytes=max_bytes)
