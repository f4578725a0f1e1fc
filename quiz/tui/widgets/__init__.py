"""Answer inputs, one per question type, and the function that picks one for an item.

An input's module is imported when a question of its type is first shown (and, after the first
screen, by the app's warm-up): the first question waits for its own input alone."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.study.session import Item
    from quiz.tui.widgets.base import AnswerInput

# Each question type's input, as (module in this package, class).
INPUTS: dict[str, tuple[str, str]] = {
    "choice": ("choice", "ChoiceInput"),
    "multi": ("choice", "MultiInput"),
    "true_false": ("choice", "TrueFalseInput"),
    "short": ("typed", "TypedInput"),
    "numeric": ("typed", "TypedInput"),
    "cloze": ("typed", "ClozeInput"),
    "match": ("arrange", "MatchInput"),
    "order": ("arrange", "OrderInput"),
    "flashcard": ("flashcard", "FlashcardInput"),
}


def input_class(kind: str) -> type[AnswerInput]:
    """The class of the answer input for questions of type ``kind``."""
    module, name = INPUTS[kind]
    cls: type[AnswerInput] = getattr(import_module(f"{__name__}.{module}"), name)
    return cls


def input_for(item: Item) -> AnswerInput:
    return input_class(item.question.type)(item, id="answer")


def import_all() -> None:
    """Import every input's module (see the module's docstring)."""
    for module in sorted({module for module, _ in INPUTS.values()}):
        import_module(f"{__name__}.{module}")
