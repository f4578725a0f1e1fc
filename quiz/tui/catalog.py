"""The banks the app offers: loaded ones and the ones that failed, with their first problem.

An invalid or unreadable bank never stops the app: it is listed with the validator's first
error and cannot be started, and the others still work.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quiz.bank.errors import BankError, Problem
from quiz.bank.model import Bank
from quiz.records import Record, record


@record
class BankEntry(Record):
    """One row of the home screen: a loaded ``bank`` or the ``problem`` that stopped it.
    ``named``: given on the command line (rather than found in the usual folders)."""

    bank: Bank | None = None
    problem: Problem | None = None
    path: Path | None = None
    named: bool = False

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
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return path


def _load(file: Path, named: bool) -> BankEntry:
    from quiz.bank.loader import load_bank

    try:
        return BankEntry(bank=load_bank(file), path=file, named=named)
    except BankError as error:
        return BankEntry(problem=error.first, path=file, named=named)
    except OSError as error:
        problem = Problem(str(file), 0, 0, error.strerror or str(error))
        return BankEntry(problem=problem, path=file, named=named)


def load_entries(paths: Iterable[Path] = (), search_dirs: Iterable[Path] = ()) -> list[BankEntry]:
    """Load every bank named in ``paths`` (a missing one is an entry with a problem) and every
    bank found in ``search_dirs`` (missing folders are skipped: they are only places to look).
    Each file is loaded once. A second bank with an id already taken is refused: the id keys
    the learner's progress. Order: named banks, the others, then the ones that failed."""
    from quiz.bank.loader import find_bank_files

    entries: list[BankEntry] = []
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if not path.exists():
            problem = Problem(str(path), 0, 0, "no such file or folder")
            entries.append(BankEntry(problem=problem, path=path, named=True))
        files += [(file, True) for file in find_bank_files([path])]
    files += [(file, False) for file in find_bank_files(d for d in search_dirs if d.is_dir())]

    seen: set[Path] = set()
    owners: dict[str, Path] = {}
    for file, named in files:
        key = _resolved(file)
        if key in seen:
            continue
        seen.add(key)
        entry = _load(file, named)
        if entry.bank is not None:
            owner = owners.setdefault(entry.bank.id, file)
            if owner != file:
                message = (
                    f'bank id "{entry.bank.id}" is already used by {owner}; '
                    "give each bank its own id"
                )
                entry = BankEntry(problem=Problem(str(file), 0, 0, message), path=file)
        entries.append(entry)
    return sorted(entries, key=lambda e: (not e.ok, not e.named))
