"""Grading: one function that turns a learner's response into a ``Grade`` the UI shows as is.

Responses per question type are
- choice: ``int`` (index into ``question.choices``)
- multi: ``frozenset[int]`` (indexes into ``question.choices``)
- true_false: ``bool``
- short, numeric: ``str`` (exactly as typed; numeric accepts "3,14")
- cloze: ``tuple[str, ...]`` (one string per blank)
- match: ``tuple[str | None, ...]`` (for each left item, in ``question.pairs`` order, the right
  text picked, or None)
- order: ``tuple[int, ...]`` (the learner's order, as indexes into ``question.items``)
- flashcard: ``Rating`` (self-graded; Again is wrong, Hard/Good/Easy are right)

A response of the wrong shape (an index out of range, a cloze with too few blanks) is a bug in
the caller and raises ``ValueError``; a wrong answer never does.

Scoring rules (``score`` is out of the question's ``points``; ``correct`` means full marks):
- choice, true_false, short, numeric, flashcard: all or nothing.
- short and cloze: text is compared as ``quiz.study.textmatch`` describes (NFKC, case, spaces,
  surrounding punctuation, any ``accept`` / ``|`` alternative, a small typo on longer answers,
  which the grade's ``note`` mentions with the correct spelling).
- numeric: right when within ``tolerance`` of the answer; see ``textmatch.parse_number`` for what
  is read as a number, after a trailing ``%`` or the question's ``unit``. Text that is no
  number scores 0 with the note "not a number".
- multi: full marks only for the exact set; otherwise
  ``max(0, right picks - wrong picks) / number of right answers x points``.
- cloze: each blank is worth an equal share (with ``any_order``, an answer may fill any blank,
  each blank once); match: each pair; order: each item in its place.

Questions of several parts (cloze blanks, match pairs, order positions, multi options) also
list each ``Part`` in the grade, so a learner sees which one was wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

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
from quiz.records import Record, record
from quiz.study.scheduler import Rating
from quiz.study.textmatch import match_text, parse_number
from quiz.words import format_number

Response = object

TYPO_NOTE = "typo accepted — correct spelling: {}"
NOT_A_NUMBER = "not a number"
# Floating-point slack so that 3.15 is within 0.01 of 3.14, as a teacher means it.
_EPSILON = 1e-9


@record
class Part(Record):
    """One part of an answer: a cloze blank ("[2]"), a match pair (the left item), an order
    position ("3.") or a multi option (its text, given/expected "ticked" or "not ticked")."""

    label: str
    given: str  # "" when left empty
    expected: str
    ok: bool


TICKED, NOT_TICKED = "ticked", "not ticked"


@record
class Grade(Record):
    correct: bool  # full marks
    score: float  # 0 ..= points
    points: float
    given: str  # the learner's answer, as text
    correct_answer: str  # the right answer, as text
    note: str | None = None  # what was accepted, e.g. "typo accepted — correct spelling: X"
    feedback: tuple[str, ...] = ()  # per-choice feedback of the options the learner picked
    explanation: str | None = None
    source: str | None = None  # the quote from the source document
    typo: bool = False  # right only thanks to typo tolerance (never rated Easy)
    parts: tuple[Part, ...] = ()  # per blank, pair, position or option; () for one-part types

    @property
    def fraction(self) -> float:
        return self.score / self.points if self.points else 0.0


def grade(question: Question, response: Response) -> Grade:
    """Grade ``response`` (shaped as the module docstring says) to ``question``."""
    grader = _GRADERS.get(type(question))
    if grader is None:
        raise ValueError(f"cannot grade a question of type {type(question).__name__}")
    return grader(question, response)


def unanswered(question: Question, note: str = "not answered") -> Grade:
    """The grade of a question left unanswered (an exam that ran out of time): 0 points, with
    the correct answer and explanation so the results can still teach it."""
    return _make(question, fraction=0.0, given="", note=note)


def correct_answer_text(question: Question) -> str:
    """The right answer as one line of text, as the results screen shows it."""
    match question:
        case ChoiceQuestion():
            return question.answer_text
        case MultiQuestion():
            return ", ".join(question.answer_texts)
        case TrueFalseQuestion():
            return _bool_text(question.answer)
        case ShortQuestion() | FlashcardQuestion():
            return question.answer
        case NumericQuestion():
            text = format_number(question.answer)
            if question.unit:
                text += question.unit if question.unit == "%" else f" {question.unit}"
            if question.tolerance:
                text += f" (± {format_number(question.tolerance)})"
            return text
        case ClozeQuestion():
            return question.answer_text
        case MatchQuestion():
            return "; ".join(f"{left} → {right}" for left, right in question.pairs)
        case OrderQuestion():
            return " → ".join(question.items)
    raise ValueError(f"no answer text for a question of type {type(question).__name__}")


def _make(
    question: Question,
    *,
    fraction: float,
    given: str,
    correct: bool | None = None,
    note: str | None = None,
    feedback: tuple[str, ...] = (),
    typo: bool = False,
    parts: tuple[Part, ...] = (),
) -> Grade:
    return Grade(
        correct=fraction >= 1.0 if correct is None else correct,
        score=question.points * max(0.0, min(1.0, fraction)),
        points=question.points,
        given=given,
        correct_answer=correct_answer_text(question),
        note=note,
        feedback=feedback,
        explanation=question.explanation,
        source=question.source,
        typo=typo,
        parts=parts,
    )


def _bool_text(value: bool) -> str:
    return "True" if value else "False"


def _check_index(question: ChoiceQuestion | MultiQuestion, index: object) -> int:
    if isinstance(index, bool) or not isinstance(index, int):
        raise ValueError(f"a choice index must be an int, not {index!r}")
    if not 0 <= index < len(question.choices):
        raise ValueError(f"choice {index} is out of range for question {question.id!r}")
    return index


def _grade_choice(question: ChoiceQuestion, response: Response) -> Grade:
    picked = _check_index(question, response)
    choice = question.choices[picked]
    feedback = (choice.feedback,) if choice.feedback else ()
    return _make(
        question, fraction=float(picked == question.answer), given=choice.text, feedback=feedback
    )


def _grade_multi(question: MultiQuestion, response: Response) -> Grade:
    if not isinstance(response, set | frozenset | list | tuple):
        raise ValueError(f"a multi response must be a set of choice indexes, not {response!r}")
    picked = sorted({_check_index(question, i) for i in response})
    right = sum(1 for i in picked if i in question.answers)
    wrong = len(picked) - right
    exact = set(picked) == question.answers
    fraction = 1.0 if exact else max(0, right - wrong) / max(1, len(question.answers))
    chosen = [question.choices[i] for i in picked]
    parts = tuple(
        Part(
            label=choice.text,
            given=TICKED if n in picked else NOT_TICKED,
            expected=TICKED if n in question.answers else NOT_TICKED,
            ok=(n in picked) == (n in question.answers),
        )
        for n, choice in enumerate(question.choices)
        if n in picked or n in question.answers
    )
    return _make(
        question,
        fraction=fraction,
        correct=exact,
        given=", ".join(c.text for c in chosen),
        feedback=tuple(c.feedback for c in chosen if c.feedback),
        parts=parts,
    )


def _grade_true_false(question: TrueFalseQuestion, response: Response) -> Grade:
    if not isinstance(response, bool):
        raise ValueError(f"a true/false response must be a bool, not {response!r}")
    return _make(question, fraction=float(response == question.answer), given=_bool_text(response))


def _check_text(response: Response) -> str:
    if not isinstance(response, str):
        raise ValueError(f"a typed response must be a str, not {response!r}")
    return response


def _grade_short(question: ShortQuestion, response: Response) -> Grade:
    text = _check_text(response)
    found = match_text(
        text, (question.answer, *question.accept), case_sensitive=question.case_sensitive
    )
    return _make(
        question,
        fraction=float(found.matched),
        given=text.strip(),
        note=TYPO_NOTE.format(found.alternative) if found.typo else None,
        typo=found.typo,
    )


def numeric_values(question: NumericQuestion, text: str) -> tuple[float, ...]:
    """The values a typed numeric answer can be read as: ``parse_number``'s, after the unit
    the question declares ("8849 m", "8849m") or, when it declares none, a ``%`` ("45 %").
    Empty when it is no number, or when it ends in another unit: "8849 ft" is not "8849 m"."""
    text = text.strip()
    for unit in (question.unit or "%",):
        if text.casefold().endswith(unit.casefold()):
            head = text[: len(text) - len(unit)]
            # "12 km" but not "12km" inside a longer word: the unit follows a digit or a space.
            if head[-1:].isdigit() or head[-1:].isspace():
                text = head.strip()
                break
    return parse_number(text)


def _grade_numeric(question: NumericQuestion, response: Response) -> Grade:
    text = _check_text(response)
    values = numeric_values(question, text)
    if not values:
        return _make(question, fraction=0.0, given=text.strip(), note=NOT_A_NUMBER)
    slack = question.tolerance + _EPSILON * max(1.0, abs(question.answer))
    right = any(abs(v - question.answer) <= slack for v in values)
    return _make(question, fraction=float(right), given=text.strip())


def _grade_cloze(question: ClozeQuestion, response: Response) -> Grade:
    if not isinstance(response, Sequence) or isinstance(response, str):
        raise ValueError(f"a cloze response must be a tuple of strings, not {response!r}")
    if len(response) != len(question.blanks):
        raise ValueError(
            f"question {question.id!r} has {len(question.blanks)} blanks, "
            f"got {len(response)} answers"
        )
    blanks = question.blanks
    if question.any_order:
        blanks = _assign_blanks(question, [_check_text(t) for t in response])
    right = 0
    notes: list[str] = []
    parts: list[Part] = []
    for n, (typed, alternatives) in enumerate(zip(response, blanks, strict=True)):
        # Another blank's answer is a known wrong answer here, never a typo of this one.
        rivals = [alt for m, blank in enumerate(blanks) if m != n for alt in blank]
        found = match_text(
            _check_text(typed),
            alternatives,
            case_sensitive=question.case_sensitive,
            rivals=rivals,
        )
        right += found.matched
        parts.append(Part(f"[{n + 1}]", str(typed).strip(), alternatives[0], found.matched))
        if found.typo:
            note = TYPO_NOTE.format(found.alternative)
            notes.append(note if len(question.blanks) == 1 else f"blank {n + 1}: {note}")
    given = "; ".join(str(t).strip() for t in response)
    return _make(
        question,
        fraction=right / max(1, len(question.blanks)),
        given=given,
        note="; ".join(notes) or None,
        typo=bool(notes),
        parts=tuple(parts),
    )


def _assign_blanks(question: ClozeQuestion, typed: list[str]) -> tuple[tuple[str, ...], ...]:
    """For interchangeable blanks: which blank each answer is graded against. As many answers
    as possible are matched to a blank of their own (exact matches first, then typos); the
    blanks left over go to the unmatched answers in order, and grade them wrong."""
    count = len(question.blanks)
    owner: list[int | None] = [None] * count  # blank -> answer

    def fits(answer: int, blank: int, typo_ok: bool) -> bool:
        found = match_text(
            typed[answer], question.blanks[blank], case_sensitive=question.case_sensitive
        )
        return found.matched and (typo_ok or not found.typo)

    def place(answer: int, seen: set[int], typo_ok: bool) -> bool:
        # Kuhn's augmenting paths: a handful of blanks, so the simple algorithm is plenty.
        for blank in range(count):
            if blank in seen or not fits(answer, blank, typo_ok):
                continue
            seen.add(blank)
            holder = owner[blank]
            if holder is None or place(holder, seen, typo_ok):
                owner[blank] = answer
                return True
        return False

    for typo_ok in (False, True):
        for answer in range(count):
            if answer not in owner:
                place(answer, set(), typo_ok)
    assigned: dict[int, int] = {a: b for b, a in enumerate(owner) if a is not None}
    free = iter(b for b in range(count) if owner[b] is None)
    return tuple(
        question.blanks[assigned[a] if a in assigned else next(free)] for a in range(count)
    )


def _grade_match(question: MatchQuestion, response: Response) -> Grade:
    if not isinstance(response, Sequence) or isinstance(response, str):
        raise ValueError(f"a match response must be a tuple of texts, not {response!r}")
    if len(response) != len(question.pairs):
        raise ValueError(
            f"question {question.id!r} has {len(question.pairs)} pairs, got {len(response)} answers"
        )
    parts = tuple(
        Part(left, picked if picked is not None else "", want, picked == want)
        for (left, want), picked in zip(question.pairs, response, strict=True)
    )
    right = sum(part.ok for part in parts)
    given = "; ".join(f"{part.label} → {part.given or '—'}" for part in parts)
    return _make(question, fraction=right / max(1, len(question.pairs)), given=given, parts=parts)


def _grade_order(question: OrderQuestion, response: Response) -> Grade:
    valid = (
        isinstance(response, Sequence)
        and all(isinstance(i, int) and not isinstance(i, bool) for i in response)
        and sorted(response) == list(range(len(question.items)))
    )
    if not valid or not isinstance(response, Sequence):  # (the second: for the type checker)
        raise ValueError(
            f"an order response must list each of the {len(question.items)} item indexes "
            f"once, not {response!r}"
        )
    parts = tuple(
        Part(f"{position + 1}.", question.items[index], question.items[position], position == index)
        for position, index in enumerate(response)
    )
    in_place = sum(part.ok for part in parts)
    return _make(
        question,
        fraction=in_place / max(1, len(question.items)),
        given=" → ".join(question.items[i] for i in response),
        parts=parts,
    )


def _grade_flashcard(question: FlashcardQuestion, response: Response) -> Grade:
    try:
        if isinstance(response, bool):
            raise ValueError
        rating = Rating(cast("int", response))  # anything else: Rating raises ValueError
    except ValueError:
        raise ValueError(f"a flashcard response must be a Rating, not {response!r}") from None
    return _make(question, fraction=float(rating != Rating.AGAIN), given=rating.name.capitalize())


_GRADERS: dict[type[Question], Callable[[Any, Response], Grade]] = {
    ChoiceQuestion: _grade_choice,
    MultiQuestion: _grade_multi,
    TrueFalseQuestion: _grade_true_false,
    ShortQuestion: _grade_short,
    NumericQuestion: _grade_numeric,
    ClozeQuestion: _grade_cloze,
    MatchQuestion: _grade_match,
    OrderQuestion: _grade_order,
    FlashcardQuestion: _grade_flashcard,
}
