"""The banks the app offers: loaded ones and the ones that failed, with their first problem.

An invalid or unreadable bank never stops the app: it is listed with the validator's first
error and cannot be started, and the others still work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quiz.bank.errors import BankError, Problem
from quiz.bank.model import Bank


@dataclass(frozen=True, slots=True)
class BankEntry:
    """One row of the home screen: a loaded ``bank`` or the ``problem`` that stopped it."""

    bank: Bank | None = None
    problem: Problem | None = None
    path: Path | None = None

    @property
    def name(self) -> str:
        if self.bank is not None:
            return self.bank.title
        return self.path.name if self.path else "(unknown bank)"

    @property
    def ok(self) -> bool:
        return self.bank is not None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def load_entries(paths: Iterable[Path] = (), search_dirs: Iterable[Path] = ()) -> list[BankEntry]:
    """Load every bank named in ``paths`` (a missing one is an entry with a problem) and every
    bank found in ``search_dirs`` (missing folders are skipped: they are only places to look).
    A second bank with an id already taken is refused: the id keys the learner's progress."""
    from quiz.bank.loader import find_bank_files, load_bank

    roots: list[Path] = []
    entries: list[BankEntry] = []
    for path in paths:
        if path.exists():
            roots.append(path)
        else:
            entries.append(
                BankEntry(problem=Problem(str(path), 0, 0, "no such file or folder"), path=path)
            )
    roots += [d for d in search_dirs if d.is_dir()]

    files: list[Path] = []
    seen: set[Path] = set()
    for file in find_bank_files(roots):
        key = _resolved(file)
        if key not in seen:
            seen.add(key)
            files.append(file)

    owners: dict[str, Path] = {}
    for file in files:
        try:
            bank = load_bank(file)
        except BankError as error:
            entries.append(BankEntry(problem=error.first, path=file))
            continue
        except OSError as error:
            message = error.strerror or str(error)
            entries.append(BankEntry(problem=Problem(str(file), 0, 0, message), path=file))
            continue
        if bank.id in owners:
            message = (
                f'bank id "{bank.id}" is already used by {owners[bank.id]}; '
                "give each bank its own id"
            )
            entries.append(BankEntry(problem=Problem(str(file), 0, 0, message), path=file))
            continue
        owners[bank.id] = file
        entries.append(BankEntry(bank=bank, path=file))
    return sorted(entries, key=lambda e: not e.ok)
