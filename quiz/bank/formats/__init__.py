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
  format cannot express is skipped with a warning naming it. ``BINARY = True`` marks a format
  that is not text (``quiz export`` then refuses to write it to a terminal).
- Either may define ``LABEL``, the format's name for people (``Moodle XML``), used in messages
  and in the header of an imported bank.

The CLI (``quiz import``, ``quiz export``) is driven by ``IMPORTERS`` and ``EXPORTERS`` below:
registering a module there is all a new format needs.

Imported questions are plain dicts in the bank format itself (the keys ``quiz.bank.export.
question_to_dict`` writes and ``docs/bank-format.md`` describes), so one writer
(``quiz.bank.formats.yamlout``) turns any import into a YAML bank that ``quiz validate``
accepts, and exporters can start from ``question_to_dict``. In an imported dict, ``id`` may be
the source's own name for the question, any text (the writer turns it into a valid id, made
unique; without one it slugs the prompt), and ``_line`` the line the question starts on in the
source: the writer names it in messages and does not write it (keys starting with ``_`` are
never written). The writer checks its output with the loader and leaves out, with an error
naming its line, any question the loader refuses, so an import always validates.

``quiz.bank.formats.htmltext`` turns HTML (Moodle's, Anki's) into plain text and plain text
into HTML, for every format that carries HTML.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Not ``typing.TYPE_CHECKING``: importing typing would cost the command line's help 3 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from quiz.bank.formats.base import Exported, Imported, Note, Severity

__all__ = ["EXPORTERS", "IMPORTERS", "Exported", "Imported", "Note", "Severity"]


def __getattr__(name: str) -> Any:
    # The data classes load on first use (see quiz.bank.formats.base).
    if name in ("Exported", "Imported", "Note", "Severity"):
        from quiz.bank.formats import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --format name -> module under quiz.bank.formats, in the order formats are sniffed when a file's
# name does not settle its format (the stricter sniffers first). Adding a format is one line here.
IMPORTERS: dict[str, str] = {
    "apkg": "apkg",
    "moodle-xml": "moodle_xml",
    "anki": "anki_text",
    "gift": "gift",
    "aiken": "aiken",
    "csv": "csv_format",
}
EXPORTERS: dict[str, str] = {
    "json": "jsonout",
    "moodle-xml": "moodle_xml",
    "gift": "gift",
    "aiken": "aiken",
    "anki": "anki_text",
    "apkg": "apkg",
    "csv": "csv_format",
    "markdown": "markdown",
}


def importer(name: str) -> ModuleType:
    """The importer module registered as ``name`` (a key of ``IMPORTERS``)."""
    return importlib.import_module(f"{__name__}.{IMPORTERS[name]}")


def exporter(name: str) -> ModuleType:
    """The exporter module registered as ``name`` (a key of ``EXPORTERS``)."""
    return importlib.import_module(f"{__name__}.{EXPORTERS[name]}")


def label(module: ModuleType) -> str:
    """A format's name for people (``Moodle XML``), its ``--format`` name when it has none."""
    return getattr(module, "LABEL", None) or module.NAME


def guess_format(path: Path, data: bytes) -> str | None:
    """The importer for a file: the one whose file name ending fits best (``x.gift.txt`` is
    GIFT), or, when several fit as well (``.txt`` is GIFT, Aiken or Anki text) or none does, the
    first whose ``sniff`` recognises the content, those that fit first. None when nothing
    recognises it."""
    name = path.name.lower()
    modules = {fmt: importer(fmt) for fmt in IMPORTERS}
    fit = {
        fmt: max((len(s) for s in m.SUFFIXES if name.endswith(s)), default=0)
        for fmt, m in modules.items()
    }
    best = max(fit.values(), default=0)
    claimants = [fmt for fmt in modules if best and fit[fmt] == best]
    if len(claimants) == 1:
        return claimants[0]
    others = [fmt for fmt in modules if fmt not in claimants]
    for fmt in (*claimants, *others):
        try:
            if modules[fmt].sniff(data):
                return fmt
        except Exception:  # a sniffer is a guess; one that trips on odd bytes just says no
            continue
    return None
