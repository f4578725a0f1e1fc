"""A question with its answer, as styled text: used by the browse screen and the results screen.

Every piece of bank text goes into ``Content`` as plain data (never parsed as markup), so a
prompt like ``[bold]x[/]`` or ``[@click=app.quit]`` is shown exactly as written and does nothing.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quiz.bank.model import (
    Bank,
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
from quiz.study.grading import correct_answer_text
from quiz.words import format_number

TYPE_NAMES: dict[str, str] = {
    "choice": "Single choice",
    "multi": "Multiple choice",
    "true_false": "True / false",
    "short": "Short answer",
    "numeric": "Numeric",
    "cloze": "Fill in the blanks",
    "match": "Matching",
    "order": "Ordering",
    "flashcard": "Flashcard",
}

# Styles are theme variables so the text follows the app's theme (light or dark).
HEADING = "bold $text-primary"
RIGHT = "bold $text-success"
MUTED = "$text-muted"
MARK_RIGHT = "✔ "
MARK_NONE = "  "


def points_text(points: float) -> str:
    return f"{format_number(points)} point" + ("" if points == 1 else "s")


def searchable_text(question: Question) -> str:
    """Everything a search in the browse screen matches against, case-folded: the prompt,
    the choices, every accepted answer, the tags, the explanation, the hint, the source quote
    and the id (all the detail pane shows)."""
    parts = [question.id, question.prompt, question.explanation or "", *question.tags]
    parts += [question.hint or "", question.source or ""]
    match question:
        case ChoiceQuestion() | MultiQuestion():
            parts.extend(c.text for c in question.choices)
        case ShortQuestion():
            parts.extend((question.answer, *question.accept))
        case ClozeQuestion():
            parts.extend(a for blank in question.blanks for a in blank)
        case MatchQuestion():
            parts.extend(t for pair in question.pairs for t in pair)
        case OrderQuestion():
            parts.extend(question.items)
        case _:
            parts.append(correct_answer_text(question))
    return "\n".join(parts).casefold()


def _section(title: str, body: str | Content) -> list[Content | str]:
    return [Content.styled(title, HEADING), "\n", body, "\n"]


def _choice_lines(choices: tuple, right: set[int] | frozenset[int]) -> list[Content | str]:
    lines: list[Content | str] = []
    for i, choice in enumerate(choices):
        label = f"{i + 1}. "
        if i in right:
            lines.append(Content.assemble((MARK_RIGHT + label, RIGHT), (choice.text, RIGHT)))
        else:
            lines.append(Content.assemble(MARK_NONE + label, choice.text))
        if choice.feedback:
            lines.append(Content.assemble("     ↳ ", (choice.feedback, MUTED)))
    return lines


def _answer_lines(question: Question) -> list[Content | str]:
    """The type-specific part: the options and the right answer, one entry per line."""
    match question:
        case ChoiceQuestion():
            return _choice_lines(question.choices, {question.answer})
        case MultiQuestion():
            lines = _choice_lines(question.choices, question.answers)
            n = len(question.answers)
            lines.append(Content.styled(f"{n} right answer{'' if n == 1 else 's'}", MUTED))
            return lines
        case TrueFalseQuestion():
            return [Content.assemble("Answer: ", (correct_answer_text(question), RIGHT))]
        case ShortQuestion():
            lines = [Content.assemble("Answer: ", (question.answer, RIGHT))]
            if question.accept:
                lines.append(Content.assemble("Also accepted: ", "; ".join(question.accept)))
            if question.case_sensitive:
                lines.append(Content.styled("Case sensitive", MUTED))
            return lines
        case NumericQuestion():
            return [Content.assemble("Answer: ", (correct_answer_text(question), RIGHT))]
        case ClozeQuestion():
            lines = []
            for n, blank in enumerate(question.blanks, start=1):
                line = Content.assemble(f"[{n}] ", (blank[0], RIGHT))
                if len(blank) > 1:
                    line = line + Content.styled("  also: " + "; ".join(blank[1:]), MUTED)
                lines.append(line)
            lines.append(Content.assemble("Full text: ", question.answer_text))
            if question.case_sensitive:
                lines.append(Content.styled("Case sensitive", MUTED))
            return lines
        case MatchQuestion():
            return [
                Content.assemble("  ", left, " → ", (right, RIGHT))
                for left, right in question.pairs
            ]
        case OrderQuestion():
            return [
                Content.assemble(f"  {n}. ", (item, RIGHT))
                for n, item in enumerate(question.items, start=1)
            ]
        case FlashcardQuestion():
            return [Content.assemble("Back: ", (question.answer, RIGHT))]
    return []


def question_detail(
    question: Question, *, bank: Bank | None = None, meta: bool = True, number: int | None = None
) -> Content:
    """The whole question with its answer, explanation, source quote and hint.

    ``meta`` adds a first line with the type, id, points, file line and tags (for a teacher
    checking a bank); the results screen may leave it out. ``number`` is shown as "Q3".
    """
    parts: list[Content | str] = []
    if meta:
        head = [TYPE_NAMES.get(question.type, question.type)]
        if number is not None:
            head.insert(0, f"Q{number}")
        head.append(f"id {question.id}")
        head.append(points_text(question.points))
        if question.line:
            if bank is not None and bank.path is not None:
                head.append(f"{bank.path.name}:{question.line}")
            else:
                head.append(f"line {question.line}")
        parts += [Content.styled(" · ".join(head), MUTED), "\n"]
        if question.tags:
            parts += [Content.assemble(("Tags: ", MUTED), ", ".join(question.tags)), "\n"]
        parts.append("\n")

    prompt = question.display_prompt() if isinstance(question, ClozeQuestion) else question.prompt
    parts += [prompt, "\n\n"]

    for line in _answer_lines(question):
        parts += [line, "\n"]

    if question.explanation:
        parts += ["\n", *_section("Explanation", question.explanation)]
    if question.source:
        parts += ["\n", *_section("Source", Content.styled(f"“{question.source}”", "italic"))]
    if question.hint:
        parts += ["\n", Content.assemble(("Hint: ", HEADING), question.hint), "\n"]
    return Content.assemble(*parts).rstrip()


class QuestionDetail(Static):
    """A Static that shows one question with its answer (or a plain message)."""

    def show_question(
        self, question: Question, *, bank: Bank | None = None, number: int | None = None
    ) -> None:
        self.update(question_detail(question, bank=bank, number=number))

    def show_message(self, message: str) -> None:
        # Messages may quote the learner's search text: keep it literal too.
        self.update(Content(message))
