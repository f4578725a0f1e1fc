"""Checking a question's ``source`` quote against the bank's source document.

A quote matches when, after normalising both texts, it occurs in the document: Unicode NFKC,
case folded, typographic quotes, apostrophes and dashes made plain, runs of whitespace (line
breaks included) made one space, and punctuation at the quote's two ends ignored. An ellipsis
(``...``, ``…`` or ``[...]``) in the quote stands for omitted text: the parts around it must
occur in that order.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen: invisible in the document, never typed in a quote
    }
)
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")
_END_PUNCTUATION = " .,;:!?\"'()[]"
# Above this many words, looking for the closest passage of a missing quote costs too much.
_MAX_WORDS_FOR_HINT = 20_000


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_PLAIN).split())


class SourceDocument:
    """A source document, normalised once for many quote look-ups."""

    def __init__(self, text: str) -> None:
        self.words = text.split()
        self.norm_words = [normalise(w) for w in self.words]
        self.text = " ".join(self.norm_words)

    def contains(self, quote: str) -> bool:
        parts = [p.strip(_END_PUNCTUATION) for p in _ELLIPSIS.split(normalise(quote))]
        parts = [p for p in parts if p]
        if not parts:
            return False
        pos = 0
        for part in parts:
            found = self.text.find(part, pos)
            if found < 0:
                return False
            pos = found + len(part)
        return True

    def closest(self, quote: str) -> str | None:
        """The passage of the document most like ``quote``, as written there, if one is close."""
        target = normalise(quote)
        size = len(target.split())
        if not size or len(self.words) > _MAX_WORDS_FOR_HINT:
            return None
        matcher = difflib.SequenceMatcher(b=target, autojunk=False)
        best, best_ratio = None, 0.6
        for start in range(max(1, len(self.words) - size + 1)):
            window = " ".join(self.norm_words[start : start + size])
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = start, ratio
        if best is None:
            return None
        return " ".join(self.words[best : best + size])
