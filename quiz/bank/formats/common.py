"""Small helpers the format modules share: collecting notes, cloze blanks, numbers, weights."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from quiz.bank.formats import Note, Severity
from quiz.bank.model import CLOZE_BLANK

# Two weights closer than this (in percent) are the same: Moodle writes 100/3 as 33.33333.
WEIGHT_EPSILON = 0.01


class Notes(list[Note]):
    """The problems of one file, added with the file name filled in."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def warn(self, line: int, message: str) -> None:
        self.append(Note(self.file, line, message, "warning"))

    def error(self, line: int, message: str) -> None:
        self.append(Note(self.file, line, message, "error"))

    def add(self, line: int, message: str, severity: Severity) -> None:
        self.append(Note(self.file, line, message, severity))


def cloze_blank(alternatives: list[str]) -> tuple[str | None, list[str]]:
    """``{{a|b}}`` for the answers of a blank, and the answers it cannot hold (a ``|``, ``{{``
    or ``}}``, or a ``}`` at the end, would read as the blank's own syntax). None when no answer
    is left."""
    kept, dropped = [], []
    for a in alternatives:
        a = " ".join(a.split())
        if not a:
            continue
        if "|" in a or "{{" in a or "}}" in a or a.endswith("}"):
            dropped.append(a)
        elif a not in kept:
            kept.append(a)
    return ("{{" + "|".join(kept) + "}}" if kept else None), dropped


def cloze_text(text: str) -> str:
    """Text between blanks with anything that would read as a blank taken apart."""
    return text.replace("{{", "{ {").replace("}}", "} }")


def cloze_join(parts: list[str]) -> str:
    """A cloze prompt from text and blanks alternating (text first, ``{{...}}`` markers at odd
    places): the text is made safe, and a brace next to a blank is kept apart from it by a
    space, as ``{{{a}}`` or ``{{a}}}`` would read as another blank."""
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        text = cloze_text(part)
        if i > 0 and text.startswith("}"):
            text = " " + text
        if i < len(parts) - 1 and text.endswith("{"):
            text += " "
        out.append(text)
    return "".join(out)


def number(text: str) -> float | None:
    """A finite number written as text (``3.14``, ``-2``, ``1e3``, ``3,14``), else None."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    result = float(value)
    return result if math.isfinite(result) else None


def decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plain_number(value: float) -> str:
    """A number as a person writes it, never with an exponent: ``1991``, ``0.00001``."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def weight_text(percent: float) -> str:
    """A weight as Moodle writes one: ``100``, ``50``, ``33.33333``, ``-25``."""
    text = f"{percent:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def near(a: float, b: float) -> bool:
    return abs(a - b) < WEIGHT_EPSILON


def show(text: Any, limit: int = 40) -> str:
    """``text`` quoted for a message, cut short when long."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def has_blank(text: str) -> bool:
    return CLOZE_BLANK.search(text) is not None


class LeftOut:
    """What an export could not carry, per kind of field, summed up in one warning each
    instead of one per question."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.ids: dict[str, list[str]] = {}

    def add(self, what: str, question_id: str) -> None:
        self.ids.setdefault(what, []).append(question_id)

    def notes(self, file: str) -> list[Note]:
        out = []
        for what, ids in self.ids.items():
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            n = len(ids)
            out.append(
                Note(
                    file,
                    0,
                    f"{self.label} has no place for {what}: left out of "
                    f"{n} question{'s' if n > 1 else ''} ({shown})",
                )
            )
        return out


def bank_file(bank: Any) -> str:
    """The name to give a bank in export messages."""
    return str(bank.path) if getattr(bank, "path", None) else str(bank.id)


# Category path segments that are Moodle's context, not a topic.
_CONTEXTS = re.compile(r"\$(course|system|module|cat[0-9]*|coursecategory)\$|top|Default for .*")


def category_tags(path: str) -> list[str]:
    """The topics of a Moodle category path (``$course$/top/History/Dates`` -> History,
    Dates), which become tags."""
    # Moodle writes a "/" inside a category name as "//".
    segments = [s.replace("\0", "/").strip() for s in path.replace("//", "\0").split("/")]
    return [s for s in segments if s and not _CONTEXTS.fullmatch(s)]


def category_path(tags: list[str]) -> str:
    """The Moodle category path for a question's tags, the inverse of ``category_tags``."""
    return "/".join(t.replace("/", "//") for t in tags) if tags else "$course$/top"


def weighted_choices(
    answers: list[tuple[float, str, str]], *, single: bool
) -> tuple[dict[str, Any] | None, list[str], str | None]:
    """A ``choice`` (``single``) or ``multi`` question from Moodle's weighted answers
    (percent, text, feedback): (its keys or None, warnings, the error that stopped it).

    quiz grades a choice all or nothing and a multi as (right picks - wrong picks) / right
    answers, so weights that say otherwise are named in a warning."""
    warnings: list[str] = []
    if len(answers) < 2:
        return None, warnings, "a multiple-choice question needs at least 2 answers"
    choices: list[Any] = [{"text": t, "feedback": f} if f else t for _, t, f in answers]
    if single:
        best = max(w for w, *_ in answers)
        if best <= 0:
            return None, warnings, "no answer is worth any marks"
        right = [a for a in answers if near(a[0], best)]
        if len(right) > 1:
            warnings.append(
                f"{len(right)} answers are worth {best:g}%; a quiz choice has one right "
                f"answer: {show(right[0][1])} is kept as it"
            )
        if not near(best, 100):
            warnings.append(f"its best answer is worth {best:g}%; here it counts as fully right")
        others = [a for a in answers if a is not right[0] and not near(a[0], 0)]
        if others:
            shown = ", ".join(f"{show(t)} ({w:g}%)" for w, t, _ in others)
            warnings.append(f"weights on its other answers are not kept: {shown}")
        return {"type": "choice", "choices": choices, "answer": right[0][1]}, warnings, None
    right = [a for a in answers if a[0] > 0]
    if not right:
        return None, warnings, "no answer is worth any marks"
    share = 100 / len(right)
    if not all(near(a[0], share) for a in right):
        shown = ", ".join(f"{show(t)} ({w:g}%)" for w, t, _ in right)
        warnings.append(
            f"its right answers have different weights ({shown}); here each counts the same"
        )
    wrong = [a for a in answers if a[0] <= 0]
    if any(not near(a[0], -share) for a in wrong):
        weights = ", ".join(sorted({weight_text(a[0]) + "%" for a in wrong}))
        cost = f"1/{len(right)} of the marks" if len(right) > 1 else "all the marks"
        warnings.append(f"its wrong answers weigh {weights}; here each wrong pick takes off {cost}")
    body = {"type": "multi", "choices": choices, "answers": [a[1] for a in right]}
    return body, warnings, None


def choice_text(choice: Any) -> tuple[str, str]:
    """A choice as ``question_to_dict`` writes it (text, or text with feedback): both parts."""
    if isinstance(choice, dict):
        return choice["text"], choice.get("feedback") or ""
    return choice, ""
