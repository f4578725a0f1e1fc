"""Helpers for the format tests: an import written as YAML by the bank writer and loaded back,
and the bundled bank."""

from __future__ import annotations

from pathlib import Path

from quiz.bank.export import question_to_dict
from quiz.bank.formats import Imported
from quiz.bank.loader import load_bank, loads_bank_with_warnings
from quiz.bank.model import Bank

BUNDLED = Path(__file__).parents[2] / "question_banks" / "azerbaijan_foreign_policy.yaml"
FORMATS = Path(__file__).parent / "fixtures" / "formats"


def bundled() -> Bank:
    return load_bank(BUNDLED)


def as_bank(imported: Imported, source: str = "import.txt") -> Bank:
    """The bank ``quiz import`` would write for ``imported``; it must load without errors."""
    from quiz.bank.formats import yamlout

    dumped = yamlout.dump(imported, source=source, format_label="test")
    assert not [n for n in dumped.problems if n.severity == "error"], dumped.problems
    bank, _ = loads_bank_with_warnings(dumped.text, "imported.yaml")
    assert len(bank.questions) == len(imported.questions)
    return bank


def dicts(bank: Bank, *, source: bool = True) -> dict[str, dict]:
    """Each question as bank-format data, by id; ``source=False`` leaves out the source quote,
    for formats with no place for it."""
    out = {}
    for q in bank.questions:
        d = question_to_dict(q)
        if not source:
            d.pop("source", None)
        out[q.id] = d
    return out
