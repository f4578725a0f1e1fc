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
from bisect import bisect_left

# Invisible format characters (soft hyphen, zero-width spaces and joiners, BOM) split no words.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_NOT_WORD = re.compile(r"[\W_]+")
# The same for ASCII text, a byte at a time and with the case folded: letters and digits kept
# (lower case), every other character a space. Five times as fast as the regular expression
# and str.lower, called for every quote and every word of the document.
_ASCII_FOLD = bytes(c if chr(c).isalnum() else 32 for c in range(128)).lower() + bytes(
    range(128, 256)
)
_ELLIPSIS = re.compile(r"\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…")
# Above this many words, looking for the closest passage of a missing quote costs too much
# (rapidfuzz compares the ~12-word windows of a 20,000-word document in ~25 ms; difflib took
# 2.8 s, which is why this was 20,000 before).
_MAX_WORDS_FOR_HINT = 200_000
# Up to this many words a document keeps an index of its three-word runs (~100 bytes a word).
_MAX_WORDS_FOR_INDEX = 500_000


def normalise(text: str) -> str:
    if text.isascii():  # (the same, in a fraction of the time: most quotes are ASCII)
        return b" ".join(text.encode("ascii").translate(_ASCII_FOLD).split()).decode("ascii")
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


class SourceDocument:
    """A source document, normalised once for many quote look-ups."""

    def __init__(self, text: str) -> None:
        self.words = text.split()
        self.norm_words = [normalise(w) for w in self.words]
        self.text = f" {' '.join(w for w in self.norm_words if w)} "
        self._tokens = self.text.split()
        # Where each run of three words starts: searching the whole text for each quote took
        # a 10,000-question bank 90 ms, and grows with the document. A document too long for
        # the index (in memory) is searched.
        self._runs: dict[tuple[str, str, str], list[int]] | None = None
        if len(self._tokens) <= _MAX_WORDS_FOR_INDEX:
            self._runs = {}
            t = self._tokens
            for i in range(len(t) - 2):
                self._runs.setdefault((t[i], t[i + 1], t[i + 2]), []).append(i)

    def contains(self, quote: str) -> bool:
        # (an ellipsis is three dots or "…": a quote without either is one part)
        pieces = _ELLIPSIS.split(quote) if "..." in quote or "…" in quote else (quote,)
        parts = [normalise(p) for p in pieces]
        parts = [p for p in parts if p]
        if not parts:
            return False
        pos = 0
        for part in parts:
            found = self._find(part.split(), pos)
            if found < 0:
                return False
            pos = found
        return True

    def _find(self, words: list[str], start: int) -> int:
        """The index of the token just after the first run of ``words`` that starts at token
        ``start`` or later; -1 when there is none."""
        n = len(words)
        tokens = self._tokens
        if n >= 3 and self._runs is not None:
            starts = self._runs.get((words[0], words[1], words[2]), ())
            for at in starts[bisect_left(starts, start) :]:
                if n == 3 or tokens[at + 3 : at + n] == words[3:]:
                    return at + n
            return -1
        # Short parts, and long documents: the text itself, counting the spaces up to where
        # the part was found to know which token that is.
        offset = len(" ".join(tokens[:start])) + (1 if start else 0)
        found = self.text.find(f" {' '.join(words)} ", offset)
        if found < 0:
            return -1
        return start + self.text.count(" ", offset, found) + n

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
