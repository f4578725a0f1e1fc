"""The keys of the bank format: which keys a bank and each question type has.

These tables are the format's single source of truth: the loader checks against them, the JSON
Schema is generated from them (``quiz.bank.schema``), and a test checks that
docs/bank-format.md describes every key.
"""

from __future__ import annotations

from quiz.bank.model import QUESTION_TYPES

BANK_KEYS: tuple[str, ...] = (
    "title",
    "id",
    "description",
    "author",
    "language",
    "version",
    "license",
    "source",
    "questions",
)
COMMON_KEYS: tuple[str, ...] = (
    "id",
    "type",
    "prompt",
    "explanation",
    "source",
    "hint",
    "tags",
    "points",
)
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "choice": ("choices", "answer"),
    "multi": ("choices", "answers"),
    "true_false": ("answer",),
    "short": ("answer", "accept", "case_sensitive"),
    "numeric": ("answer", "tolerance", "unit"),
    "cloze": ("case_sensitive", "any_order"),
    "match": ("pairs",),
    "order": ("items",),
    "flashcard": ("answer",),
}
CHOICE_KEYS: tuple[str, ...] = ("text", "feedback")
KEYS_BY_TYPE: dict[str, frozenset[str]] = {
    t: frozenset(COMMON_KEYS + extra) for t, extra in TYPE_KEYS.items()
}
ALL_QUESTION_KEYS: frozenset[str] = frozenset().union(*KEYS_BY_TYPE.values())

# Names teachers reach for that mean one of the format's types.
TYPE_ALIASES = {
    "mcq": "choice",
    "single": "choice",
    "multiple_choice": "choice",
    "multiple-choice": "choice",
    "radio": "choice",
    "checkbox": "multi",
    "multiple": "multi",
    "multiple_answer": "multi",
    "tf": "true_false",
    "truefalse": "true_false",
    "true-false": "true_false",
    "bool": "true_false",
    "boolean": "true_false",
    "yes_no": "true_false",
    "text": "short",
    "short_answer": "short",
    "number": "numeric",
    "fill": "cloze",
    "gap": "cloze",
    "blank": "cloze",
    "blanks": "cloze",
    "fill_in_the_blank": "cloze",
    "matching": "match",
    "pairs": "match",
    "ordering": "order",
    "sequence": "order",
    "sort": "order",
    "card": "flashcard",
}

# By key, or by (question type, key) for a hint that only fits one type.
MISSING_HINTS: dict[str | tuple[str | None, str], str] = {
    "id": "a unique id such as capital-of-france",
    "type": "one of " + ", ".join(QUESTION_TYPES),
    "prompt": "the question text",
    "choices": "a list of at least 2 choices",
    "answers": "a list of the right choices",
    "pairs": "a mapping of at least 2 'left: right' pairs",
    "items": "a list of at least 2 items in the right order",
    ("choice", "answer"): "the text of the right choice",
    ("true_false", "answer"): "true or false",
    ("short", "answer"): "the expected answer",
    ("numeric", "answer"): "a number",
    ("flashcard", "answer"): "the back of the card",
}
