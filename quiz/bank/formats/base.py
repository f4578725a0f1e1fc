"""The data an importer or exporter hands back: ``Note``, ``Imported``, ``Exported``.

Kept apart from the registry in ``quiz.bank.formats`` so that the command line, which lists
the formats in its help, does not pay for dataclasses it does not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from quiz.records import Record, record

Severity = Literal["error", "warning"]


@record
class Note(Record):
    """One problem found while importing or exporting; ``line`` 0 when it has none."""

    file: str
    line: int
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        where = self.file if self.line <= 0 else f"{self.file}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(slots=True)
class Imported:
    """What an importer found: the bank's title (when the source names one), its questions
    as bank-format dicts (ids made unique by the writer if the importer did not), and every
    problem with its line."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    problems: list[Note] = field(default_factory=list)

    @property
    def errors(self) -> list[Note]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(slots=True)
class Exported:
    """An exporter's output (bytes, as some formats are binary) and its warnings."""

    data: bytes
    problems: list[Note] = field(default_factory=list)
