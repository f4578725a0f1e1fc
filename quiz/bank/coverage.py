"""Which parts of a bank's source document its questions quote, for ``quiz coverage``.

The document is cut into sentences (at '.', '!', '?' or an ellipsis before a capital letter,
and at paragraph breaks) and each sentence into clauses (at ',', ';' and ':'). A word is
covered when a question's ``source`` quote matches it, by the same rules as the quote check
(``quiz.bank.quotes``). A clause counts as quoted when at least half its words are, so that a
quote which leaves out "and" or a trailing phrase still covers it; a sentence is quoted when
all its clauses are. The share is of clauses, weighted by their words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quiz.bank.quotes import _ELLIPSIS, normalise
from quiz.records import Record, record

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"(?:[.!?]|\.\.\.|…)[\"'”’)\]]*\Z")
_CLAUSE_END = re.compile(r"[,;:][\"'”’)\]]*\Z")
# Clauses shorter than this join the next one: "Thus," is not a part worth reporting.
_MIN_CLAUSE_WORDS = 3
_QUOTED_SHARE = 0.5


@record
class Part(Record):
    """A sentence or clause of the document: its text as written, where it starts (1-based
    line and column), its number of words and how many of them a quote covers."""

    text: str
    line: int
    column: int
    words: int
    covered: int

    @property
    def quoted(self) -> bool:
        return self.covered >= self.words * _QUOTED_SHARE


@record
class Coverage(Record):
    sentences: tuple[tuple[Part, tuple[Part, ...]], ...]  # each sentence with its clauses

    @property
    def share(self) -> float:
        """The share of the document's words in quoted clauses, from 0 to 1."""
        total = sum(c.words for _, clauses in self.sentences for c in clauses)
        quoted = sum(c.words for _, clauses in self.sentences for c in clauses if c.quoted)
        return quoted / total if total else 1.0

    def gaps(self) -> list[tuple[Part, list[Part]]]:
        """The sentences not fully quoted, each with its clauses that are not quoted (all of
        them when the sentence is not quoted at all)."""
        out = []
        for sentence, clauses in self.sentences:
            missing = [c for c in clauses if not c.quoted]
            if missing:
                out.append((sentence, missing))
        return out


def coverage(document: str, quotes: Iterable[str]) -> Coverage:
    """How much of ``document`` the ``quotes`` cover."""
    words = [(m.group(), m.start()) for m in _WORD.finditer(document)]
    # The document as normalised tokens, each knowing the word it came from.
    tokens: list[str] = []
    owner: list[int] = []
    for i, (word, _) in enumerate(words):
        for token in normalise(word).split():
            tokens.append(token)
            owner.append(i)
    covered = [False] * len(words)
    for quote in quotes:
        for start, length in _matches(tokens, quote):
            for t in range(start, start + length):
                covered[owner[t]] = True
    return Coverage(tuple(_sentences(document, words, covered)))


def _matches(tokens: list[str], quote: str) -> list[tuple[int, int]]:
    """Token spans of ``quote``'s parts, found in order as ``SourceDocument.contains`` does."""
    parts = [normalise(p).split() for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    spans = []
    pos = 0
    for part in parts:
        found = _find(tokens, part, pos)
        if found < 0:
            return []
        spans.append((found, len(part)))
        pos = found + len(part)
    return spans


def _find(tokens: list[str], part: list[str], start: int) -> int:
    first, size = part[0], len(part)
    for i in range(start, len(tokens) - size + 1):
        if tokens[i] == first and tokens[i : i + size] == part:
            return i
    return -1


def _position(document: str, index: int) -> tuple[int, int]:
    line = document.count("\n", 0, index) + 1
    return line, index - (document.rfind("\n", 0, index) + 1) + 1


def _sentences(document: str, words: list[tuple[str, int]], covered: list[bool]):
    def part(first: int, last: int) -> Part:
        start = words[first][1]
        end = words[last][1] + len(words[last][0])
        line, column = _position(document, start)
        text = " ".join(document[start:end].split())
        return Part(text, line, column, last - first + 1, sum(covered[first : last + 1]))

    start = 0
    for i, (word, index) in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else None
        paragraph = after is not None and "\n\n" in document[index + len(word) : after[1]]
        ends = after is None or paragraph or (_SENTENCE_END.search(word) and after[0][:1].isupper())
        if not ends:
            continue
        clauses = []
        clause_start = start
        for j in range(start, i + 1):
            long_enough = j - clause_start + 1 >= _MIN_CLAUSE_WORDS
            if j == i or (long_enough and _CLAUSE_END.search(words[j][0])):
                clauses.append(part(clause_start, j))
                clause_start = j + 1
        if len(clauses) > 1 and clauses[-1].words < _MIN_CLAUSE_WORDS:
            last = clauses.pop()
            before = clauses.pop()
            first = start + sum(c.words for c in clauses)
            clauses.append(part(first, first + before.words + last.words - 1))
        yield part(start, i), tuple(clauses)
        start = i + 1
