"""Answer inputs, one per question type, and the function that picks one for an item."""

from __future__ import annotations

from quiz.study.session import Item
from quiz.tui.widgets.arrange import MatchInput, OrderInput
from quiz.tui.widgets.base import AnswerInput
from quiz.tui.widgets.choice import ChoiceInput, MultiInput, TrueFalseInput
from quiz.tui.widgets.flashcard import FlashcardInput
from quiz.tui.widgets.typed import ClozeInput, TypedInput

INPUTS: dict[str, type[AnswerInput]] = {
    "choice": ChoiceInput,
    "multi": MultiInput,
    "true_false": TrueFalseInput,
    "short": TypedInput,
    "numeric": TypedInput,
    "cloze": ClozeInput,
    "match": MatchInput,
    "order": OrderInput,
    "flashcard": FlashcardInput,
}


def input_for(item: Item) -> AnswerInput:
    return INPUTS[item.question.type](item, id="answer")


__all__ = [
    "INPUTS",
    "AnswerInput",
    "ChoiceInput",
    "ClozeInput",
    "FlashcardInput",
    "MatchInput",
    "MultiInput",
    "OrderInput",
    "TrueFalseInput",
    "TypedInput",
    "input_for",
]
