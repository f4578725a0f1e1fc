"""Grading: one function that turns a learner's response into a ``Grade`` the UI shows as is.

CONTRACT (stub to be implemented): responses per question type are
- choice: ``int`` (index into ``question.choices``)
- multi: ``frozenset[int]`` (indexes into ``question.choices``)
- true_false: ``bool``
- short, numeric: ``str`` (exactly as typed; numeric accepts "3,14")
- cloze: ``tuple[str, ...]`` (one string per blank)
- match: ``tuple[str | None, ...]`` (for each left item, in ``question.pairs`` order, the right
  text picked, or None)
- order: ``tuple[int, ...]`` (the learner's order, as indexes into ``question.items``)
- flashcard: ``Rating`` (self-graded; Again is wrong, Hard/Good/Easy are right)
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank.model import Question

Response = object


@dataclass(frozen=True, slots=True)
class Grade:
    correct: bool  # full marks
    score: float  # 0 ..= points
    points: float
    given: str  # the learner's answer, as text
    correct_answer: str  # the right answer, as text
    note: str | None = None  # what was accepted, e.g. "typo accepted — correct spelling: X"
    feedback: tuple[str, ...] = ()  # per-choice feedback of the options the learner picked
    explanation: str | None = None
    source: str | None = None  # the quote from the source document

    @property
    def fraction(self) -> float:
        return self.score / self.points if self.points else 0.0


def grade(question: Question, response: Response) -> Grade:
    raise NotImplementedError
