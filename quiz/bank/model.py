"""The question-bank model: small frozen dataclasses, one per question type.

The loader (``quiz.bank.loader``) is the only producer of these objects from files; everything
else (grading, sessions, the UI, exporters) reads them. Every text field holds the text exactly
as the teacher wrote it: it is data, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path

from quiz.records import Record, record

# A blank in a cloze prompt: ``{{answer}}`` or ``{{answer|alternative|...}}``.
CLOZE_BLANK = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)

QUESTION_TYPES: tuple[str, ...] = (
    "choice",
    "multi",
    "true_false",
    "short",
    "numeric",
    "cloze",
    "match",
    "order",
    "flashcard",
)


@record
class Choice(Record):
    """One option of a ``choice`` or ``multi`` question, with optional per-choice feedback."""

    text: str
    feedback: str | None = None


@record(kw_only=True)
class Question(Record):
    """Fields every question type has. ``line`` and ``column`` are where the question starts
    in its file.

    ``sources`` holds each quote from the source document that backs the question (a match
    built from three sentences cites all three); ``source`` is the same quotes as one text,
    one per line, for the places that show it. Give either one: the other is filled in."""

    # The type's name in bank files: a class attribute, not a field (not annotated ClassVar
    # so that loading a cached bank needs no typing, 5% of its time).
    type = ""

    id: str
    prompt: str
    explanation: str | None = None
    source: str | None = None
    sources: tuple[str, ...] = ()
    hint: str | None = None
    tags: tuple[str, ...] = ()
    points: float = 1.0
    line: int = 0
    column: int = field(default=0, compare=False)  # only for messages that point at it

    def __post_init__(self) -> None:
        if self.sources and self.source is None:
            object.__setattr__(self, "source", "\n".join(self.sources))
        elif self.source is not None and not self.sources:
            object.__setattr__(self, "sources", (self.source,))


@record(kw_only=True)
class ChoiceQuestion(Question):
    """One right answer among ``choices``."""

    type = "choice"

    choices: tuple[Choice, ...]
    answer: int  # index into ``choices``

    @property
    def answer_text(self) -> str:
        return self.choices[self.answer].text


@record(kw_only=True)
class MultiQuestion(Question):
    """Every right answer among ``choices``, and none of the others."""

    type = "multi"

    choices: tuple[Choice, ...]
    answers: frozenset[int]  # indexes into ``choices``

    @property
    def answer_texts(self) -> tuple[str, ...]:
        return tuple(c.text for i, c in enumerate(self.choices) if i in self.answers)


@record(kw_only=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false."""

    type = "true_false"

    answer: bool


@record(kw_only=True)
class ShortQuestion(Question):
    """A short text answer, or one of the ``accept``-ed others."""

    type = "short"

    answer: str
    accept: tuple[str, ...] = ()
    case_sensitive: bool = False


@record(kw_only=True)
class NumericQuestion(Question):
    """A number, within ``tolerance`` of ``answer``."""

    type = "numeric"

    answer: float
    tolerance: float = 0.0
    unit: str | None = None  # e.g. "km" or "%": the learner may type it after the number


@record(kw_only=True)
class ClozeQuestion(Question):
    """``prompt`` keeps the ``{{...}}`` markers; ``blanks`` holds each blank's accepted answers
    (the first is the canonical one), in order of appearance."""

    type = "cloze"

    blanks: tuple[tuple[str, ...], ...]
    case_sensitive: bool = False
    any_order: bool = False  # the blanks are interchangeable: each answer fills any one blank

    def segments(self) -> Iterator[str | int]:
        """The prompt as text pieces and blank numbers (0-based), in reading order."""
        pos = 0
        for n, m in enumerate(CLOZE_BLANK.finditer(self.prompt)):
            if m.start() > pos:
                yield self.prompt[pos : m.start()]
            yield n
            pos = m.end()
        if pos < len(self.prompt):
            yield self.prompt[pos:]

    def display_prompt(self, blank: str = "_____") -> str:
        """The prompt with every blank shown as ``[1] _____``, ``[2] _____`` ..."""
        return "".join(s if isinstance(s, str) else f"[{s + 1}] {blank}" for s in self.segments())

    @property
    def answer_text(self) -> str:
        return "".join(s if isinstance(s, str) else self.blanks[s][0] for s in self.segments())


@record(kw_only=True)
class MatchQuestion(Question):
    """Each left side matched with its right side."""

    type = "match"

    pairs: tuple[tuple[str, str], ...]  # (left, right) in the order written

    @property
    def lefts(self) -> tuple[str, ...]:
        return tuple(left for left, _ in self.pairs)

    @property
    def rights(self) -> tuple[str, ...]:
        return tuple(right for _, right in self.pairs)


@record(kw_only=True)
class OrderQuestion(Question):
    """``items`` to put in order (a bank writes them in the right one)."""

    type = "order"

    items: tuple[str, ...]  # in the correct order


@record(kw_only=True)
class FlashcardQuestion(Question):
    """A card: ``prompt`` on the front, ``answer`` on the back."""

    type = "flashcard"

    answer: str  # the back of the card


QUESTION_CLASSES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (
        ChoiceQuestion,
        MultiQuestion,
        TrueFalseQuestion,
        ShortQuestion,
        NumericQuestion,
        ClozeQuestion,
        MatchQuestion,
        OrderQuestion,
        FlashcardQuestion,
    )
}


@record(kw_only=True)
class Bank(Record):
    """A loaded, valid question bank. ``id`` keys the learner's progress."""

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    author: str | None = None
    language: str | None = None
    version: str | None = None
    license: str | None = None
    source: str | None = None  # path of the source document, relative to the bank file
    path: Path | None = None
    _by_id: dict[str, Question] = field(default_factory=dict, repr=False, compare=False)
    # Filled the first time ``tags`` is asked: home asks it on every redraw, and a big bank's
    # tags take a pass over all its questions.
    _tags: list[tuple[str, ...]] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((q.id, q) for q in self.questions)

    @property
    def question_ids(self) -> tuple[str, ...]:
        """The questions' ids, in order (what ``quiz.bank.outline.BankOutline`` has too)."""
        return tuple(q.id for q in self.questions)

    @property
    def has_unique_ids(self) -> bool:
        """Whether no two questions share an id (a loaded bank's never do)."""
        return len(self._by_id) == len(self.questions)

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def key(self, question: Question) -> str:
        """The progress key of a question: ``bank-id/question-id``."""
        return f"{self.id}/{question.id}"

    @property
    def tags(self) -> tuple[str, ...]:
        if not self._tags:
            self._tags.append(tuple(sorted({t for q in self.questions for t in q.tags})))
        return self._tags[0]
