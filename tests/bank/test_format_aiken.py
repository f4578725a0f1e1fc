"""Aiken: import of Moodle's documented examples, its mistakes, and export of choice questions."""

from __future__ import annotations

from pathlib import Path

from quiz.bank.export import question_to_dict
from quiz.bank.formats import aiken
from quiz.bank.formats.yamlout import dump
from quiz.bank.loader import load_bank, loads_bank

FIXTURE = Path(__file__).parent / "fixtures" / "formats" / "aiken_docs.txt"


def read(text: str):
    return aiken.read(text.encode("utf-8"), Path("q.txt"))


def test_the_documented_examples():
    imported = aiken.read(FIXTURE.read_bytes(), FIXTURE)
    assert imported.problems == []
    dumped = dump(imported, source=str(FIXTURE), format_label="Aiken")
    assert dumped.problems == []
    first, second, third = (question_to_dict(q) for q in loads_bank(dumped.text).questions)
    assert first["choices"] == [
        "Is it this one?", "Maybe this answer?", "Possibly this one?", "Must be this one!",
    ]  # fmt: skip
    assert first["answer"] == "Must be this one!"
    # "A)" labels as well as "A.".
    assert second["answer"] == "Moodle" and len(second["choices"]) == 6
    # A question text of several lines keeps them.
    assert third["prompt"].splitlines()[1] == '"The quick brown fox jumps over the lazy dog."'


def test_mistakes_are_named_at_their_line():
    imported = read(
        "Q1?\nA. a\nB. b\nANSWER: C\n\n"
        "Q2?\nA. a\nthis is not a choice\n\n"
        "Q3?\nA. only one\nANSWER: A\n\n"
        "Q4?\nA. x\nC. y\nANSWER: C\n\n"
        "Q5 never answered\nA. a\nB. b\n"
    )
    assert [str(n) for n in imported.problems] == [
        'q.txt:1: error: the question "Q1?" left out: ANSWER: C names no choice (write one of '
        "A, B)",
        'q.txt:8: error: "this is not a choice" is neither a choice (A. text) nor the answer '
        "line (ANSWER: A): the question above it is left out",
        'q.txt:10: error: the question "Q3?" left out: it needs at least 2 choices (A. ..., '
        "B. ...)",
        'q.txt:14: warning: the question "Q4?": its choices are labelled AC, not in order',
        'q.txt:19: error: the question "Q5 never answered" has no ANSWER: line',
    ]
    assert [q["answer"] for q in imported.questions] == ["y"]


def test_nothing_importable():
    assert [str(n) for n in read("Just some text.\n").problems] == [
        'q.txt:1: error: the question "Just some text." has no ANSWER: line'
    ]
    assert [str(n) for n in read("").problems] == [
        "q.txt: error: the file holds no question quiz can import"
    ]


def test_export_keeps_choice_questions_and_round_trips(write_bank):
    text = (
        "title: T\nquestions:\n"
        "  - {id: c, type: choice, prompt: 'Capital?', choices: [Paris, {text: Lyon, "
        "feedback: No}], answer: Paris, explanation: E}\n"
        "  - {id: t, type: true_false, prompt: 'T?', answer: true}\n"
    )
    exported = aiken.write(load_bank(write_bank(text, "t.yaml")))
    assert exported.data.decode() == "Capital?\nA. Paris\nB. Lyon\nANSWER: A\n"
    problems = [str(n) for n in exported.problems]
    assert problems[0].endswith(
        "t.yaml:4: warning: question 't' skipped: Aiken holds only single-answer "
        "multiple-choice questions, not true_false"
    )
    assert "Aiken has no place for explanations: left out of 1 question (c)" in problems[1]
    [q] = aiken.read(exported.data, Path("x.txt")).questions
    assert (q["prompt"], q["choices"], q["answer"]) == ("Capital?", ["Paris", "Lyon"], "Paris")
