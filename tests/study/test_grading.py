"""Grading of every question type: right, wrong, partial credit, typos, punctuation, case,
accepted alternatives, Unicode forms, numbers in the ways people type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank.model import (
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from quiz.study.grading import grade, unanswered
from quiz.study.scheduler import Rating
from quiz.study.textmatch import match_text, osa_distance, parse_number


def short(answer: str = "Heydar Aliyev", **kw) -> ShortQuestion:
    return ShortQuestion(id="q", prompt="Who?", answer=answer, **kw)


# --- choice / true_false ------------------------------------------------------------------


def choice_q() -> ChoiceQuestion:
    return ChoiceQuestion(
        id="cap",
        prompt="Capital of Azerbaijan?",
        choices=(Choice("Baku", "Yes, on the Caspian."), Choice("Ganja", "Second city.")),
        answer=0,
        explanation="Baku has been the capital since 1918.",
        source="Constitution, art. 9",
        points=2,
    )


def test_choice_right_carries_feedback_explanation_and_source():
    g = grade(choice_q(), 0)
    assert (g.correct, g.score, g.points) == (True, 2, 2)
    assert g.given == "Baku" and g.correct_answer == "Baku"
    assert g.feedback == ("Yes, on the Caspian.",)
    assert g.explanation == "Baku has been the capital since 1918."
    assert g.source == "Constitution, art. 9"


def test_choice_wrong_shows_feedback_of_the_pick():
    g = grade(choice_q(), 1)
    assert (g.correct, g.score, g.fraction) == (False, 0, 0)
    assert g.given == "Ganja" and g.correct_answer == "Baku"
    assert g.feedback == ("Second city.",)


@pytest.mark.parametrize("bad", [2, -1, "0", True, None])
def test_choice_bad_response_is_a_value_error(bad):
    with pytest.raises(ValueError):
        grade(choice_q(), bad)


def test_true_false():
    q = TrueFalseQuestion(id="tf", prompt="Baku is on the Caspian.", answer=True)
    assert grade(q, True).correct
    g = grade(q, False)
    assert not g.correct and g.given == "False" and g.correct_answer == "True"
    with pytest.raises(ValueError):
        grade(q, 1)


# --- short --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Heydar Aliyev",
        "heydar aliyev",
        "  HEYDAR   ALIYEV ",
        "Heydar Aliyev.",
        '"Heydar Aliyev"',
        "(Heydar Aliyev)!",
        "Ｈｅｙｄａｒ Ａｌｉｙｅｖ",  # full-width forms, NFKC
        "Heydar\u00a0Aliyev",  # no-break space
    ],
)
def test_short_normalisation_is_exact_not_a_typo(typed):
    g = grade(short(), typed)
    assert g.correct and g.note is None and not g.typo


def test_short_case_sensitive():
    q = short("CO", case_sensitive=True)
    assert grade(q, "CO").correct
    assert not grade(q, "Co").correct
    assert not grade(q, "co").correct


def test_case_sensitive_tolerates_no_typo():
    q = short("Mendeleev", case_sensitive=True)
    assert not grade(q, "Mendeleyev").correct
    assert not grade(q, "mendeleev").correct


def test_short_accept_alternatives():
    q = short(accept=("Aliyev", "Heydər Əliyev"))
    assert grade(q, "aliyev").correct
    assert grade(q, "Heydər Əliyev").correct
    assert not grade(q, "Ilham").correct


def test_nfkc_and_casefold_of_non_ascii():
    assert grade(short("Straße"), "STRASSE").correct  # casefold, not lower()
    assert grade(short("ﬁne tuning"), "fine tuning").correct  # ligature, NFKC


def test_typo_on_a_long_answer_is_accepted_and_said():
    g = grade(short(), "Heydar Aliev")
    assert g.correct and g.typo
    assert g.note == "typo accepted — correct spelling: Heydar Aliyev"


def test_typo_note_names_the_alternative_that_was_meant():
    q = short("Heydar Aliyev", accept=("Aliyev Heydar Alirza oglu",))
    g = grade(q, "Aliyev Heydar Alirza olgu")
    assert g.correct and g.note == "typo accepted — correct spelling: Aliyev Heydar Alirza oglu"


def test_swap_of_neighbours_is_one_edit():
    assert osa_distance("Pairs", "Paris") == 1
    assert grade(short("Paris"), "Pairs").correct


@pytest.mark.parametrize(
    ("answer", "typed", "right"),
    [
        ("Baku", "Bak", False),  # under 5 characters: exact only
        ("Baku", "Bauk", False),
        ("Paris", "Pari", True),  # 5-9: one edit
        ("Paris", "Pars.", True),
        ("Paris", "Prs", False),  # two edits
        ("Caspian Sea", "Caspan Se", True),  # 10+: two edits
        ("Caspian Sea", "Cspan Se", False),  # three edits
    ],
)
def test_typo_allowance_grows_with_length(answer, typed, right):
    assert grade(short(answer), typed).correct is right


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("1991", "1993"),
        ("1991", "1919"),
        ("18 October 1991", "18 October 1992"),
        ("World War 1", "World War 2"),
        ("Apollo 11", "Apollo 12"),
    ],
)
def test_digits_are_never_a_typo(answer, typed):
    assert not grade(short(answer), typed).correct


def test_surrounding_but_not_meaningful_punctuation_is_ignored():
    assert not grade(short("C#"), "C").correct
    assert grade(short("C#"), "c#").correct
    assert not grade(short("-5"), "5").correct
    assert grade(short("Washington, D.C."), "washington, d.c").correct


def test_empty_short_answer_is_wrong_not_an_error():
    g = grade(short(), "   ")
    assert not g.correct and g.score == 0 and g.given == ""


def test_short_requires_text():
    with pytest.raises(ValueError):
        grade(short(), 5)


# --- numeric ------------------------------------------------------------------------------


def numeric(answer: float, tolerance: float = 0.0) -> NumericQuestion:
    return NumericQuestion(id="n", prompt="How much?", answer=answer, tolerance=tolerance)


@pytest.mark.parametrize("typed", ["3.14", "3,14", " 3.14 ", "+3.14", "3.15", "3.13"])
def test_numeric_within_tolerance(typed):
    assert grade(numeric(3.14, 0.01), typed).correct


@pytest.mark.parametrize("typed", ["3.16", "-3.14", "3.12"])
def test_numeric_outside_tolerance(typed):
    g = grade(numeric(3.14, 0.01), typed)
    assert not g.correct and g.score == 0 and g.note is None


def test_numeric_exact_without_tolerance_and_negative():
    assert grade(numeric(-40), "-40").correct
    assert grade(numeric(-40), "−40").correct  # Unicode minus
    assert not grade(numeric(-40), "40").correct


@pytest.mark.parametrize("typed", ["1 000 000", "1,000,000", "1.000.000", "1'000'000", "1e6"])
def test_numeric_thousands_separators(typed):
    assert grade(numeric(1_000_000), typed).correct


def test_numeric_ambiguous_group_is_read_both_ways():
    assert parse_number("1,000") == (1.0, 1000.0)
    assert grade(numeric(1000), "1,000").correct
    assert grade(numeric(1.5), "1,500").correct
    assert not grade(numeric(1000), "1,001").correct
    assert parse_number("0,500") == (0.5,)  # a leading 0 is never a thousands group
    assert parse_number("1,000.5") == (1000.5,)
    assert parse_number("1.000,5") == (1000.5,)


@pytest.mark.parametrize("typed", ["abc", "", "12 km", "1,00,0", "inf", "nan", "3..1", "--3"])
def test_numeric_not_a_number(typed):
    g = grade(numeric(12), typed)
    assert not g.correct and g.score == 0 and g.note == "not a number"


def test_numeric_correct_answer_text():
    assert grade(numeric(1991), "1990").correct_answer == "1991"
    assert grade(numeric(3.14, 0.01), "3").correct_answer == "3.14 (± 0.01)"


# --- multi --------------------------------------------------------------------------------


def multi_q() -> MultiQuestion:
    return MultiQuestion(
        id="m",
        prompt="Which are international organisations?",
        choices=(
            Choice("UN"),
            Choice("OSCE", "Yes, since 1992."),
            Choice("NATO"),
            Choice("Baku", "A city."),
        ),
        answers=frozenset({0, 1, 2}),
        points=3,
    )


@pytest.mark.parametrize(
    ("picked", "score", "correct"),
    [
        ({0, 1, 2}, 3, True),
        ({0, 1}, 2, False),
        ({0, 1, 3}, 1, False),  # two right minus one wrong, over three
        ({0, 3}, 0, False),
        ({3}, 0, False),  # floored at 0
        (set(), 0, False),
        ({0, 1, 2, 3}, 2, False),  # every option is not the exact set
    ],
)
def test_multi_partial_credit(picked, score, correct):
    g = grade(multi_q(), frozenset(picked))
    assert g.score == pytest.approx(score) and g.correct is correct
    assert (not g.correct and g.score > 0) is (0 < score < 3)


def test_multi_given_and_feedback():
    g = grade(multi_q(), frozenset({3, 1}))
    assert g.given == "OSCE, Baku"
    assert g.correct_answer == "UN, OSCE, NATO"
    assert g.feedback == ("Yes, since 1992.", "A city.")


# --- cloze --------------------------------------------------------------------------------


def cloze_q(**kw) -> ClozeQuestion:
    return ClozeQuestion(
        id="c",
        prompt="Independence was restored in {{1991}} and {{Heydar Aliyev|Aliyev}} led from 1993.",
        blanks=(("1991",), ("Heydar Aliyev", "Aliyev")),
        points=2,
        **kw,
    )


def test_cloze_all_right():
    g = grade(cloze_q(), ("1991", "aliyev"))
    assert g.correct and g.score == 2
    assert g.correct_answer == "Independence was restored in 1991 and Heydar Aliyev led from 1993."
    assert g.given == "1991; aliyev"


def test_cloze_partial_credit_per_blank():
    g = grade(cloze_q(), ("1993", "Heydar Aliyev"))
    assert not g.correct and g.score == 1


def test_cloze_typo_note_names_the_blank():
    g = grade(cloze_q(), ("1991", "Heydar Aliev"))
    assert g.correct and g.typo
    assert g.note == "blank 2: typo accepted — correct spelling: Heydar Aliyev"


def test_cloze_case_sensitive():
    q = ClozeQuestion(id="c", prompt="{{NaCl}} is salt.", blanks=(("NaCl",),), case_sensitive=True)
    assert grade(q, ("NaCl",)).correct
    assert not grade(q, ("nacl",)).correct


def test_cloze_needs_one_answer_per_blank():
    with pytest.raises(ValueError):
        grade(cloze_q(), ("1991",))


# --- match / order / flashcard ------------------------------------------------------------


def test_match_per_pair():
    q = MatchQuestion(
        id="mt",
        prompt="Match",
        pairs=(
            ("Baku", "Azerbaijan"),
            ("Tbilisi", "Georgia"),
            ("Yerevan", "Armenia"),
            ("Ankara", "Turkey"),
        ),
        points=4,
    )
    assert grade(q, ("Azerbaijan", "Georgia", "Armenia", "Turkey")).correct
    g = grade(q, ("Azerbaijan", "Armenia", "Georgia", None))
    assert not g.correct and g.score == 1
    assert g.given.startswith("Baku → Azerbaijan; Tbilisi → Armenia")
    assert g.given.endswith("Ankara → —")
    assert g.correct_answer.startswith("Baku → Azerbaijan; Tbilisi → Georgia")


def test_order_per_item_in_place():
    q = OrderQuestion(id="o", prompt="Oldest first", items=("A", "B", "C", "D"), points=4)
    assert grade(q, (0, 1, 2, 3)).correct
    g = grade(q, (0, 2, 1, 3))
    assert g.score == 2 and not g.correct and g.given == "A → C → B → D"
    assert g.correct_answer == "A → B → C → D"
    assert grade(q, (3, 2, 1, 0)).score == 0
    for bad in [(0, 1, 2), (0, 0, 1, 2), (0, 1, 2, 4), ("a", 1, 2, 3)]:
        with pytest.raises(ValueError):
            grade(q, bad)


@pytest.mark.parametrize(
    ("rating", "correct"),
    [(Rating.AGAIN, False), (Rating.HARD, True), (Rating.GOOD, True), (Rating.EASY, True)],
)
def test_flashcard_is_self_graded(rating, correct):
    q = FlashcardQuestion(id="f", prompt="Front", answer="Back")
    g = grade(q, rating)
    assert g.correct is correct and g.score == (1 if correct else 0)
    assert g.correct_answer == "Back" and g.given == rating.name.capitalize()


def test_flashcard_needs_a_rating():
    with pytest.raises(ValueError):
        grade(FlashcardQuestion(id="f", prompt="F", answer="B"), "good")


def test_unanswered_grade_teaches_the_answer():
    g = unanswered(choice_q())
    assert not g.correct and g.score == 0 and g.points == 2
    assert g.correct_answer == "Baku" and g.explanation and g.note == "not answered"


def test_match_text_prefers_exact_over_typo():
    # "Aliev" is an exact alternative: no typo note even though "Aliyev" is one edit away.
    found = match_text("Aliev", ["Aliyev", "Aliev"])
    assert found.alternative == "Aliev" and not found.typo


# --- whatever is typed ----------------------------------------------------------------------


@given(st.text(max_size=40))
def test_any_typed_text_grades_without_error(typed):
    for question in (short(), numeric(3.14, 0.01), cloze_q()):
        response = (typed, typed) if isinstance(question, ClozeQuestion) else typed
        g = grade(question, response)
        assert 0 <= g.score <= g.points and isinstance(g.given, str)
    values = parse_number(typed)
    assert all(v == v and abs(v) != float("inf") for v in values)


@given(st.text(min_size=5, max_size=30))
def test_a_typo_is_never_accepted_for_a_different_digit(word):
    answer = f"{word} 1991"
    assert not grade(short(answer), f"{word} 1981").correct


# --- per-part detail -----------------------------------------------------------------------


def test_cloze_parts_say_which_blank_was_wrong():
    q = ClozeQuestion(
        id="c",
        prompt="Respect for {{sovereignty}} and {{territorial integrity|integrity}}.",
        blanks=(("sovereignty",), ("territorial integrity", "integrity")),
    )
    g = grade(q, ("Sovereignty", "integraty x"))
    assert [(p.label, p.given, p.expected, p.ok) for p in g.parts] == [
        ("[1]", "Sovereignty", "sovereignty", True),
        ("[2]", "integraty x", "territorial integrity", False),
    ]
    assert g.correct_answer == q.answer_text  # the existing fields stay as they were


def test_match_order_and_multi_parts():
    match = MatchQuestion(id="m", prompt="Match", pairs=(("France", "Paris"), ("Italy", "Rome")))
    g = grade(match, ("Rome", "Rome"))
    assert [(p.label, p.given, p.expected, p.ok) for p in g.parts] == [
        ("France", "Rome", "Paris", False),
        ("Italy", "Rome", "Rome", True),
    ]
    order = OrderQuestion(id="o", prompt="Order", items=("a", "b", "c"))
    g = grade(order, (0, 2, 1))
    assert [(p.label, p.given, p.expected, p.ok) for p in g.parts] == [
        ("1.", "a", "a", True),
        ("2.", "c", "b", False),
        ("3.", "b", "c", False),
    ]
    multi = MultiQuestion(
        id="mu",
        prompt="Primes?",
        choices=(Choice("2"), Choice("3"), Choice("4"), Choice("9")),
        answers=frozenset({0, 1}),
    )
    g = grade(multi, frozenset({0, 2}))
    # Every option picked or meant to be picked; an option rightly left alone says nothing.
    assert [(p.label, p.given, p.expected, p.ok) for p in g.parts] == [
        ("2", "ticked", "ticked", True),
        ("3", "not ticked", "ticked", False),
        ("4", "ticked", "not ticked", False),
    ]
    assert grade(short(), "Heydar Aliyev").parts == ()
