"""The loader's shortcuts for ASCII text answer exactly what the general code answers: quotes
are normalised as the regular expression does, a file is refused for the same control
characters, and a value cut short by " #" is still found (through a set of positions instead of
a look at the text)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.bank.loader import loads_bank_with_warnings
from quiz.bank.quotes import SourceDocument, normalise
from quiz.bank.report import Report
from quiz.bank.yamlsafe import RAW_BAD_CHARS, check_characters

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)
_NOT_WORD = re.compile(r"[\W_]+")


def normalised_by_regex(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


@settings(max_examples=500, deadline=None)
@given(ASCII)
def test_an_ascii_quote_is_normalised_as_the_regular_expression_does(text):
    assert text.isascii()
    assert normalise(text) == normalised_by_regex(text)


@settings(max_examples=500, deadline=None)
@given(ASCII)
def test_ascii_text_is_refused_for_the_characters_the_search_finds(text):
    report = Report("bank.yaml")
    assert check_characters(text, report) == (RAW_BAD_CHARS.search(text) is None)
    assert bool(report.problems) == (RAW_BAD_CHARS.search(text) is not None)


def test_a_quote_without_an_ellipsis_is_one_part_and_one_with_is_several():
    document = SourceDocument("The treaty was signed in 1991. Then came the union of states.")
    assert document.contains("the treaty was signed")
    assert document.contains("The treaty ... the union")
    assert document.contains("The treaty … the union")
    assert not document.contains("the union ... The treaty")


def test_a_value_cut_by_a_comment_is_still_warned_of():
    text = (
        "title: T\nquestions:\n"
        "  - id: q1\n    type: short\n    prompt: Who was president #16?\n    answer: Lincoln\n"
        "  - id: q2\n    type: short\n    prompt: Plain # a comment on purpose\n"
        "    answer: x   # spaced out\n"
    )
    _, warnings = loads_bank_with_warnings(text, "bank.yaml")
    cut = [w for w in warnings if "stops before" in w.message]
    assert [(w.line, w.column) for w in cut] == [(5, 31)]  # the "#"
