"""Other question formats: importers that turn a file into bank data, exporters that turn a
loaded ``Bank`` into another format. One module per format; Textual-free like all of
``quiz.bank``.

The contract every format module keeps (names looked up lazily, so ``quiz --help`` imports
none of them):

- An importer module defines ``NAME`` (the ``--format`` value), ``SUFFIXES`` (file name
  endings it claims, lower case, with the dot), ``sniff(data: bytes) -> bool`` (does the
  content look like this format) and ``read(data: bytes, path: Path) -> Imported``. ``read``
  never raises for bad input: every problem goes into ``Imported.problems`` with its line.
- An exporter module defines ``NAME`` and ``write(bank: Bank) -> Exported``. A question the
  format cannot express is skipped with a warning naming it.

Imported questions are plain dicts in the bank format itself (the keys ``quiz.bank.export.
question_to_dict`` writes and ``docs/bank-format.md`` describes), so one writer
(``quiz.bank.formats.yamlout``) turns any import into a YAML bank that ``quiz validate``
accepts, and exporters can start from ``question_to_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Note:
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


# --format name -> module under quiz.bank.formats. Filled in as the formats land.
IMPORTERS: dict[str, str] = {}
EXPORTERS: dict[str, str] = {}
