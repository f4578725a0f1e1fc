"""Typo tolerance keeps real typos and refuses different words: initials, one-letter words,
short words changed inside, word endings, and answers closer to another known answer.
Checked by hand-picked pairs and against every answer of the bundled bank."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank.loader import load_bank
from quiz.bank.model import (
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
)
from quiz.study.grading import grade
from quiz.study.textmatch import comparable, match_text, osa_distance, typo_distance

BANK = Path(__file__).parents[2] / "question_banks" / "azerbaijan_foreign_policy.yaml"


def short(answer: str, *accept: str) -> ShortQuestion:
    return ShortQuestion(id="q", prompt="?", answer=answer, accept=accept)


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("Heydar Aliyev", "Heydar Aliev"),  # a missing letter
        ("Heydar Aliyev", "Heydar Alliyev"),  # a doubled letter
        ("Azerbaijan", "Azerbaijna"),  # neighbours swapped, even at the end
        ("Azerbaijan", "Azerbaija"),  # the last letter missing
        ("Organization", "Organisation"),  # a letter changed inside a long word
        ("Ireland", "Irelnd"),
        ("Paris", "Pairs"),
        ("long-term interests", "long term interests"),  # a space for a hyphen
        ("Heydar Aliyev", "HeydarAliyev"),  # a missing space
        ("Non-Aligned Movement", "Non-Alligned Movment"),
    ],
)
def test_real_typos_are_accepted(answer, typed):
    g = grade(short(answer), typed)
    assert g.correct and g.typo, typed


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("H. Aliyev", "I. Aliyev"),  # an initial is a different person
        ("I Aliyev", "H Aliyev"),
        ("H. Aliyev", "Hx. Aliyev"),
        ("Ireland", "Iceland"),  # a letter changed inside a short word
        ("Gambia", "Zambia"),  # a changed initial
        ("Austria", "Vustria"),
        ("Latvia", "Latvian"),  # a letter added at the end: another word
        ("Sweden", "Swedes"),  # the last letter changed
        ("independent", "Independence"),
        ("Slovenia", "Slovakia"),
    ],
)
def test_different_words_are_not_typos(answer, typed):
    assert not grade(short(answer), typed).correct, typed


def test_no_typo_when_the_text_is_as_close_to_another_answer_of_the_question():
    q = ClozeQuestion(
        id="c",
        prompt="{{conventional}} weapons and the Geneva {{Conventions}}",
        blanks=(("conventional",), ("Conventions",)),
    )
    # "conventiona" is one edit from both blanks' answers: a typo of neither.
    assert match_text("conventiona", ["conventional"]).typo
    assert not match_text("conventiona", ["conventional"], rivals=["Conventions"]).matched
    assert grade(q, ("conventiona", "")).score == 0
    assert grade(q, ("conventinal", "")).typo  # closer to its own blank: a typo
    # The other blank's answer typed here is wrong, never a typo.
    assert grade(q, ("conventions", "conventions")).score == q.points / 2


def _answer_texts(question: Question) -> set[str]:
    """Every text a question holds as an answer or an option."""
    match question:
        case ShortQuestion():
            return {question.answer, *question.accept}
        case ClozeQuestion():
            return {alt for blank in question.blanks for alt in blank}
        case ChoiceQuestion() | MultiQuestion():
            return {choice.text for choice in question.choices}
        case MatchQuestion():
            return {text for pair in question.pairs for text in pair}
        case OrderQuestion():
            return set(question.items)
        case FlashcardQuestion():
            return {question.answer}
    return set()


def test_no_answer_of_another_question_is_accepted_in_the_bundled_bank():
    bank = load_bank(BANK)
    texts = {q.id: _answer_texts(q) for q in bank.questions}
    accepted: list[str] = []
    for q in bank.questions:
        if isinstance(q, ShortQuestion):
            own = {comparable(t) for t in (q.answer, *q.accept)}
            for other, candidates in texts.items():
                if other == q.id:
                    continue
                for text in candidates:
                    if comparable(text) not in own and grade(q, text).correct:
                        accepted.append(f"{q.id} <- {other}: {text!r}")
        elif isinstance(q, ClozeQuestion):
            for n, blank in enumerate(q.blanks):
                own = {comparable(t) for t in blank}
                for other, candidates in texts.items():
                    if other == q.id:
                        candidates = {t for m, b in enumerate(q.blanks) if m != n for t in b}
                    for text in candidates:
                        response = tuple(text if m == n else "" for m in range(len(q.blanks)))
                        if comparable(text) not in own and grade(q, response).score > 0:
                            accepted.append(f"{q.id} blank {n + 1} <- {other}: {text!r}")
    assert accepted == []


def test_the_two_aliyevs_never_cross():
    bank = load_bank(BANK)
    heydar = bank.question("heydar-national-leader")
    ilham = bank.question("ilham-leadership")
    assert isinstance(heydar, ShortQuestion) and isinstance(ilham, ShortQuestion)
    for text in (ilham.answer, *ilham.accept):
        assert not grade(heydar, text).correct, text
    for text in (heydar.answer, *heydar.accept):
        assert not grade(ilham, text).correct, text
    assert grade(heydar, "Heydar Aliev").correct and grade(ilham, "Ilham Aliev").correct


@given(st.text("abc -", max_size=8), st.text("abc -", max_size=8), st.integers(0, 3))
def test_a_typo_is_never_fewer_edits_than_the_plain_distance(typed, expected, limit):
    plain = min(osa_distance(typed, expected, limit), limit + 1)
    assert typo_distance(typed, expected, limit) >= plain
    if typed == expected:
        assert typo_distance(typed, expected, limit) == 0
