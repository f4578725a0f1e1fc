"""Checking a question's ``source`` quote against the bank's source document.

A quote matches when, after normalising both texts, it occurs in the document as whole words.
Normalising applies Unicode NFKC, folds case, and turns every run of punctuation and whitespace
into one space, so typographic quotes, dashes, line breaks and a missing comma do not matter
while the words and their order do. An ellipsis (``...``, ``…`` or ``[...]``) in the quote
stands for omitted text: the parts around it must occur in that order.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible format characters (soft hyphen, zero-width spaces and joiners, BOM) split no words.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_NOT_WORD = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…")
# Above this many words, looking for the closest passage of a missing quote costs too much
# (rapidfuzz compares the ~12-word windows of a 20,000-word document in ~25 ms; difflib took
# 2.8 s, which is why this was 20,000 before).
_MAX_WORDS_FOR_HINT = 200_000


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


class SourceDocument:
    """A source document, normalised once for many quote look-ups."""

    def __init__(self, text: str) -> None:
        self.words = text.split()
        self.norm_words = [normalise(w) for w in self.words]
        self.text = f" {' '.join(w for w in self.norm_words if w)} "

    def contains(self, quote: str) -> bool:
        parts = [normalise(p) for p in _ELLIPSIS.split(quote)]
        parts = [p for p in parts if p]
        if not parts:
            return False
        pos = 0
        for part in parts:
            found = self.text.find(f" {part} ", pos)
            if found < 0:
                return False
            pos = found + len(part) + 1
        return True

    def closest(self, quote: str) -> str | None:
        """The passage of the document most like ``quote``, as written there, if one is close."""
        target = normalise(quote)
        size = len(quote.split())
        if not target or len(self.words) > _MAX_WORDS_FOR_HINT:
            return None
        from rapidfuzz import fuzz, process

        windows = (
            " ".join(self.norm_words[start : start + size])
            for start in range(max(1, len(self.words) - size + 1))
        )
        # The window most like the quote, by edit distance (insertions and deletions), if it
        # is at least 60% alike.
        found = process.extractOne(target, windows, scorer=fuzz.ratio, score_cutoff=60)
        if found is None:
            return None
        start = found[2]
        return " ".join(self.words[start : start + size])
