"""How a grade reads: the verdict, the answer given part by part, the correct answer, the
explanation and source. The feedback screen shows them after each answer and the results screen
under each mistake; neither screen imports the other.
"""

from __future__ import annotations

import re

from textual.content import Content

from quiz.study.grading import Grade, Part
from quiz.tui.widgets.base import literal
from quiz.words import score_text


def verdict(grade: Grade) -> Content:
    if grade.correct:
        return Content.styled("✓ Correct", "bold $success")
    if grade.score > 0:
        return Content.styled(
            f"◐ Partly right: {score_text(grade.score)} of {score_text(grade.points)}"
            f" point{'' if grade.points == 1 else 's'}",
            "bold $warning",
        )
    return Content.styled("✗ Wrong", "bold $error")


def part_line(part: Part) -> Content:
    """ "[2] integraty ✗ (right: territorial integrity)", "France: Rome ✗ (right: Paris)"."""
    numbered = re.fullmatch(r"\[\d+\]|\d+\.", part.label)
    label = literal(part.label, "bold") + (" " if numbered else ": ")
    given = literal(part.given or "—")
    if part.ok:
        return Content.assemble(label, given, (" ✓", "$success"))
    return Content.assemble(
        label, given, (" ✗", "$error"), " (right: ", literal(part.expected), ")"
    )


def answer_lines(grade: Grade, *, show_given: bool = True) -> list[Content]:
    """What was accepted (the note), the answer given (part by part when some part of it was
    wrong), the correct answer and per-choice feedback: what the learner looks for first."""
    lines: list[Content] = []
    if grade.note:
        lines.append(literal(grade.note, "italic"))
    by_part = bool(grade.parts) and not grade.correct
    if show_given and by_part:
        lines.append(Content.styled("Your answer:", "bold"))
        lines += [Content("  ") + part_line(part) for part in grade.parts]
    elif show_given:
        lines.append(Content.assemble(("Your answer: ", "bold"), literal(grade.given or "—")))
    # The parts name each right answer; a cloze's whole sentence would repeat the prompt.
    if (not grade.correct or grade.note) and not (show_given and by_part):
        lines.append(Content.assemble(("Correct answer: ", "bold"), literal(grade.correct_answer)))
    for feedback in grade.feedback:
        lines.append(Content.assemble("• ", literal(feedback)))
    return lines


def explain_lines(grade: Grade) -> list[Content]:
    """The explanation and the source quote, blank lines between them."""
    lines: list[Content] = []
    if grade.explanation:
        lines.append(literal(grade.explanation))
    if grade.source:
        if lines:
            lines.append(Content(""))
        lines.append(
            Content.assemble(("Source: ", "dim bold"), literal(grade.source, "dim italic"))
        )
    return lines


def grade_details(grade: Grade, *, show_given: bool = True) -> list[Content]:
    """The lines that explain a grade; the results screen lists its mistakes with them."""
    explained = explain_lines(grade)
    return answer_lines(grade, show_given=show_given) + (
        [Content(""), *explained] if explained else []
    )
