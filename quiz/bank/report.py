"""Collecting the problems of one bank file while it is read, each at a line and column."""

from __future__ import annotations

from quiz.bank.errors import BankError, Problem, Severity

# Not typing.TYPE_CHECKING: see quiz/cli/validate.py. Importing yaml for a type alone would
# cost a bank loaded from the cache a fifth of its time, and typing (for the types of this
# module alone) another 5%.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol, TypeAlias

    from yaml.nodes import Node

    class Mark(Protocol):
        """A YAML mark, from the pure-Python parser or from libyaml's: 0-based line and
        column."""

        line: int
        column: int

    # Where a problem is: a node (its first character), a YAML mark, a 1-based (line, column),
    # or None for the file as a whole.
    Where: TypeAlias = "Node | Mark | tuple[int, int] | None"
else:
    Where = "Node | Mark | tuple[int, int] | None"  # (for the modules that import the name)

# A broken or hostile file can have a problem on every line; past this many errors the rest
# are not worth reading (nor the time to find them: a 1 MB file of unknown keys took seconds).
MAX_ERRORS = 100


class TooManyProblems(Exception):
    """Raised by ``Report`` at ``MAX_ERRORS`` errors, to stop reading the file there."""


def position(where: Where) -> tuple[int, int]:
    """1-based line and column of ``where``; (0, 0) for the whole file."""
    if where is None:
        return 0, 0
    if isinstance(where, tuple):
        return where
    mark: Any = getattr(where, "start_mark", where)  # a node, or a mark itself
    return mark.line + 1, mark.column + 1


def text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting line breaks as YAML does."""
    lines = text[:index].splitlines(keepends=True)
    if not lines:
        return 1, 1
    if lines[-1].endswith(("\n", "\r", "\u2028", "\u2029")):
        return len(lines) + 1, 1
    return len(lines), len(lines[-1]) + 1


class Report:
    """The problems of one file, in the order found. ``BankError`` sorts them for display."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.errors = 0

    def add(self, where: Where, message: str, severity: Severity = "error") -> None:
        line, column = position(where)
        self.problems.append(Problem(self.file, line, column, message, severity))
        if severity == "error":
            self.errors += 1
            if self.errors >= MAX_ERRORS:
                self.problems.append(
                    Problem(
                        self.file,
                        0,
                        0,
                        f"stopped after {MAX_ERRORS} errors; fix these and check the file again",
                    )
                )
                raise TooManyProblems

    def error(self, where: Where, message: str) -> None:
        self.add(where, message, "error")

    def warning(self, where: Where, message: str) -> None:
        self.add(where, message, "warning")

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def fail(self) -> BankError:
        return BankError(self.problems)
