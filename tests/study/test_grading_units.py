"""Numeric answers with a unit or a percent sign, and cloze blanks in any order."""

from __future__ import annotations

import pytest

from quiz.bank.model import ClozeQuestion, NumericQuestion
from quiz.study.grading import correct_answer_text, grade, numeric_values

HEIGHT = NumericQuestion(id="h", prompt="Height?", answer=8849, unit="m")
SHARE = NumericQuestion(id="s", prompt="Share?", answer=45)


@pytest.mark.parametrize("typed", ["8849", "8849 m", "8849m", " 8 849 M "])
def test_the_declared_unit_may_follow_the_number(typed):
    assert grade(HEIGHT, typed).correct


@pytest.mark.parametrize("typed", ["8849 ft", "8849 mm", "m", "8849 m m", "8849 %"])
def test_another_unit_is_not_a_number(typed):
    assert numeric_values(HEIGHT, typed) == ()
    assert not grade(HEIGHT, typed).correct


def test_percent_without_a_declared_unit():
    assert grade(SHARE, "45%").correct
    assert grade(SHARE, "45 %").correct
    assert not grade(SHARE, "45 km").correct


def test_the_correct_answer_shows_the_unit():
    assert correct_answer_text(HEIGHT) == "8849 m"
    percent = NumericQuestion(id="p", prompt="?", answer=45, unit="%", tolerance=1)
    assert correct_answer_text(percent) == "45% (± 1)"


CAPITALS = ClozeQuestion(
    id="c",
    prompt="Two capitals: {{Paris}} and {{Berlin|Berlín}}.",
    blanks=(("Paris",), ("Berlin", "Berlín")),
    any_order=True,
)


@pytest.mark.parametrize(
    ("typed", "score"),
    [
        (("Paris", "Berlin"), 1.0),
        (("Berlin", "Paris"), 1.0),
        (("berlín", "paris"), 1.0),
        (("Paris", "Paris"), 0.5),  # one answer cannot fill two blanks
        (("Rome", "Paris"), 0.5),
        (("Rome", "Madrid"), 0.0),
    ],
)
def test_any_order_cloze(typed, score):
    assert grade(CAPITALS, typed).score == score


def test_any_order_shows_each_answer_against_the_blank_it_filled():
    parts = grade(CAPITALS, ("Berlin", "Rome")).parts
    assert [(p.given, p.expected, p.ok) for p in parts] == [
        ("Berlin", "Berlin", True),
        ("Rome", "Paris", False),
    ]


def test_in_order_cloze_still_needs_the_order():
    ordered = ClozeQuestion(id="c", prompt=CAPITALS.prompt, blanks=CAPITALS.blanks)
    assert grade(ordered, ("Berlin", "Paris")).score == 0.0
