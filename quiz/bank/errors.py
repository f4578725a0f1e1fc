"""Problems found in a bank, and the one error type the loader raises."""

from __future__ import annotations

from quiz.records import Record, record

# Not typing.TYPE_CHECKING: see quiz/cli/validate.py (typing is 5% of a cached load).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning"]
else:
    Severity = str  # (one of the two words)


@record
class Problem(Record):
    """One thing wrong with a bank file, at a 1-based line and column (0 when unknown)."""

    file: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        # A problem of the whole file (it cannot be read, it is empty) has no position: print
        # none rather than a made-up 0:0 that editors would jump to.
        if self.line <= 0:
            where = self.file
        elif self.column <= 0:
            where = f"{self.file}:{self.line}"
        else:
            where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class BankError(Exception):
    """A bank could not be loaded. Carries every problem found in the file, errors first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.severity != "error", p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]
