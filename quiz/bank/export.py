"""A loaded bank as plain JSON-able data, in the bank format itself.

The result uses the same keys as the YAML format, with every default written out and every
answer as loaded (text stays text: "1991" is a string, a numeric answer a number). So the JSON
validates against ``bank.schema.json`` and loads back into the same bank, which makes it a
convenient interchange format for tooling.
"""

from __future__ import annotations

from typing import Any

from quiz.bank.model import (
    Bank,
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
    TrueFalseQuestion,
)

_BANK_TEXT_FIELDS = ("description", "author", "language", "version", "license", "source")


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _choice(choice: Choice) -> str | dict[str, str]:
    if choice.feedback is None:
        return choice.text
    return {"text": choice.text, "feedback": choice.feedback}


def question_to_dict(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "type": q.type, "prompt": q.prompt}
    if isinstance(q, ChoiceQuestion):
        out["choices"] = [_choice(c) for c in q.choices]
        out["answer"] = q.answer_text
    elif isinstance(q, MultiQuestion):
        out["choices"] = [_choice(c) for c in q.choices]
        out["answers"] = list(q.answer_texts)
    elif isinstance(q, TrueFalseQuestion | FlashcardQuestion):
        out["answer"] = q.answer
    elif isinstance(q, ShortQuestion):
        out["answer"] = q.answer
        out["accept"] = list(q.accept)
        out["case_sensitive"] = q.case_sensitive
    elif isinstance(q, NumericQuestion):
        out["answer"] = _number(q.answer)
        out["tolerance"] = _number(q.tolerance)
        if q.unit is not None:
            out["unit"] = q.unit
    elif isinstance(q, ClozeQuestion):
        out["case_sensitive"] = q.case_sensitive
        out["any_order"] = q.any_order
    elif isinstance(q, MatchQuestion):
        out["pairs"] = dict(q.pairs)
    elif isinstance(q, OrderQuestion):
        out["items"] = list(q.items)
    if q.explanation is not None:
        out["explanation"] = q.explanation
    if len(q.sources) > 1:
        out["source"] = list(q.sources)
    elif q.sources:
        out["source"] = q.sources[0]
    if q.hint is not None:
        out["hint"] = q.hint
    out["tags"] = list(q.tags)
    out["points"] = _number(q.points)
    return out


def bank_to_dict(bank: Bank) -> dict[str, Any]:
    """``bank`` in the bank format, ready for ``json.dumps``."""
    out: dict[str, Any] = {"title": bank.title, "id": bank.id}
    for key in _BANK_TEXT_FIELDS:
        value = getattr(bank, key)
        if value is not None:
            out[key] = value
    out["questions"] = [question_to_dict(q) for q in bank.questions]
    return out
