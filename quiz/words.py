"""Numbers and counts in plain words, shared by the bank checker, the engine and the app."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``1 card``, ``3 cards``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_number(value: float) -> str:
    """A number as a teacher would write it: ``1991``, ``3.14``, ``-0.5`` (not ``1991.0``)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def score_text(value: float) -> str:
    """A score as people write it: ``3``, ``2.5``, ``0.33``."""
    return f"{round(value, 2):g}"
