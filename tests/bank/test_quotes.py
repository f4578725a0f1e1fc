"""Finding a quote in its source document: the index of three-word runs finds exactly what a
search of the whole normalised text finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.bank import quotes
from quiz.bank.quotes import _ELLIPSIS, SourceDocument, normalise

WORDS = st.sampled_from(["the", "state", "The", "treaty,", "don't", "…", "...", "x", "—", "Ünion"])


def searched(document: SourceDocument, quote: str) -> bool:
    """What ``contains`` answers, by searching the text (how it was done before the index)."""
    parts = [p for p in (normalise(p) for p in _ELLIPSIS.split(quote)) if p]
    pos = 0
    for part in parts:
        found = document.text.find(f" {part} ", pos)
        if found < 0:
            return False
        pos = found + len(part) + 1
    return bool(parts)


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=40), st.lists(WORDS, max_size=8), st.booleans())
def test_the_index_finds_what_a_search_finds(text, quote, unindexed):
    document = SourceDocument(" ".join(text))
    if unindexed:
        document._runs = None
    assert document.contains(" ".join(quote)) == searched(document, " ".join(quote))


def test_a_quote_in_the_document_is_found_and_one_that_is_not_is_not(monkeypatch):
    text = "The treaty was signed in 1991. Then the council met, and the treaty held."
    for limit in (10**6, 0):  # indexed, and too long for the index
        monkeypatch.setattr(quotes, "_MAX_WORDS_FOR_INDEX", limit)
        document = SourceDocument(text)
        assert document.contains("the treaty was signed")
        assert document.contains("“The council met” … the treaty held")
        assert document.contains("treaty")
        assert not document.contains("the treaty held … the council met")
        assert not document.contains("the treaty was not signed")
