"""Every bundled bank grades its own answers as right and a plainly wrong one as wrong.

A bank can pass the validator and still be unanswerable (an accepted variant the grader
normalises away, a cloze alternative that never matches); this walks every question."""

from __future__ import annotations

import pytest

from quiz import paths
from quiz.bank.loader import find_bank_files, load_bank
from quiz.bank.model import (
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
from quiz.study.grading import grade
from quiz.study.scheduler import Rating

QUESTIONS = [
    pytest.param(q, id=f"{bank.id}/{q.id}")
    for path in find_bank_files([paths.bundled_banks_dir()])
    for bank in [load_bank(path)]
    for q in bank.questions
]


def right_answers(q: Question) -> list[object]:
    match q:
        case ChoiceQuestion():
            return [q.answer]
        case MultiQuestion():
            return [frozenset(q.answers)]
        case TrueFalseQuestion():
            return [q.answer]
        case ShortQuestion():
            return [q.answer, *q.accept]
        case NumericQuestion():
            return [f"{q.answer:g}"]
        case ClozeQuestion():
            width = max(len(b) for b in q.blanks)
            return [tuple(b[min(i, len(b) - 1)] for b in q.blanks) for i in range(width)]
        case MatchQuestion():
            return [q.rights]
        case OrderQuestion():
            return [tuple(range(len(q.items)))]
        case FlashcardQuestion():
            return [Rating.GOOD]
    raise AssertionError(q)


def wrong_answer(q: Question) -> object:
    match q:
        case ChoiceQuestion():
            return (q.answer + 1) % len(q.choices)
        case MultiQuestion():
            return frozenset(range(len(q.choices))) - q.answers
        case TrueFalseQuestion():
            return not q.answer
        case ShortQuestion():
            return "zzzz qqqq"
        case NumericQuestion():
            return f"{q.answer + q.tolerance + 1000:g}"
        case ClozeQuestion():
            return tuple("zzzz" for _ in q.blanks)
        case MatchQuestion():
            return tuple(reversed(q.rights))
        case OrderQuestion():
            return tuple(reversed(range(len(q.items))))
        case FlashcardQuestion():
            return Rating.AGAIN
    raise AssertionError(q)


def test_there_is_a_bundled_bank():
    assert QUESTIONS


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_right_answer_is_right(question):
    for response in right_answers(question):
        result = grade(question, response)
        assert result.correct and result.score == question.points, response


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_wrong_answer_is_not_full_marks(question):
    result = grade(question, wrong_answer(question))
    assert not result.correct and result.score < question.points
