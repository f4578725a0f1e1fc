"""Comparing what a learner typed with what a bank accepts: text normalisation, typo tolerance
and number parsing. Pure functions, used by ``quiz.study.grading``.

Text rules (``short`` answers and ``cloze`` blanks):

- Both sides are compared after Unicode NFKC (full-width letters, ligatures and the like become
  their plain forms), case folding unless the question is ``case_sensitive``, trimming and
  collapsing runs of whitespace into one space.
- Sentence punctuation around an answer is ignored: ``"Paris."``, ``'"Paris"'`` and ``(Paris)``
  all match ``Paris``. Only quotes, brackets and ``. , ; : ! ? …`` (and their Unicode cousins)
  are trimmed — never ``#``, ``%``, ``+``, ``-`` or ``*``, so ``C`` does not match ``C#`` and
  ``-5`` does not match ``5``.
- A small typo is tolerated on longer answers: one edit for answers of 5–9 characters, two for
  10 or more, none below 5. An edit is an insertion, deletion, substitution or the swap of two
  neighbouring letters. No typo is tolerated when the question is case sensitive (the teacher
  asked for the exact spelling), when the answer is mostly digits (``1991`` is not a typo of
  ``1993``), or when the digits of the two texts differ (``World War 1`` is not a typo of
  ``World War 2``).
- Not every edit is a typo. Real typos keep a word's shape — its first and last letter, and in a
  short word its letters — while a different word usually changes one of them (``Iceland`` and
  ``Ireland``, ``Zambia`` and ``Gambia``, ``independence`` and ``independent``). A word is a run
  of letters and digits; so the edits allowed are:

  - a missing letter (``Aliev``), a doubled letter (``Alliyev``), two neighbouring letters
    swapped (``Azerbaijna``), a space or hyphen missing, added or exchanged
    (``long term`` for ``long-term``);
  - any other letter changed or added inside a word of 8 or more letters (``Organisation``);
  - never: a changed or added first letter of a word, a changed last letter or a letter added
    after it (unless it doubles it), a changed letter inside a word of 7 or fewer letters, or
    any change to a one-letter word or initial (``I. Aliyev`` is not ``H. Aliyev``).
- A typo is not accepted when the typed text is as close to, or equal to, another answer the
  question knows of (the other blanks of a cloze): ``Turkic`` typed for a blank that wants
  ``Turkish`` is wrong when another blank wants ``Turkic``.

Number rules (``numeric`` answers): see ``parse_number``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from quiz.records import Record, record

# Trimmed from both ends of an answer besides whitespace; any character of the Unicode
# categories "open/close bracket" and "initial/final quote" is trimmed as well.
_SENTENCE_PUNCTUATION = frozenset(".,;:!?…'\"`¡¿。、，；：！？")
_BRACKET_AND_QUOTE_CATEGORIES = frozenset({"Ps", "Pe", "Pi", "Pf"})
_SPACES = re.compile(r"\s+")


def _is_trimmed(char: str) -> bool:
    return (
        char.isspace()
        or char in _SENTENCE_PUNCTUATION
        or unicodedata.category(char) in _BRACKET_AND_QUOTE_CATEGORIES
    )


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """NFKC, case folding (unless case_sensitive), whitespace trimmed and collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if not case_sensitive:
        text = text.casefold()
    return _SPACES.sub(" ", text).strip()


def strip_punctuation(text: str) -> str:
    """``text`` without the sentence punctuation, quotes and brackets around it."""
    start, end = 0, len(text)
    while start < end and _is_trimmed(text[start]):
        start += 1
    while end > start and _is_trimmed(text[end - 1]):
        end -= 1
    return text[start:end]


def comparable(text: str, *, case_sensitive: bool = False) -> str:
    """The form two texts are compared in: normalised, surrounding punctuation removed.

    A text that is nothing but punctuation keeps it, so an answer of ``?`` can still be matched.
    """
    norm = normalise(text, case_sensitive=case_sensitive)
    return strip_punctuation(norm) or norm


def osa_distance(a: str, b: str, limit: int | None = None) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    two neighbouring characters each cost one. With ``limit``, any distance above it may be
    reported as ``limit + 1`` (and is computed faster)."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[len(b)]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def typo_allowance(expected: str) -> int:
    """How many edits a typed answer may be away from ``expected`` (in comparable form)."""
    chars = [c for c in expected if not c.isspace()]
    if not chars or len(_digits(expected)) * 2 > len(chars):
        return 0  # mostly digits: a different digit is a different answer, not a typo
    if len(expected) >= 10:
        return 2
    if len(expected) >= 5:
        return 1
    return 0


@record
class TextMatch(Record):
    """The alternative a typed text matched (as the teacher wrote it) and whether only with
    a typo. ``alternative`` is None when nothing matched."""

    alternative: str | None
    typo: bool = False

    @property
    def matched(self) -> bool:
        return self.alternative is not None


def _word_spans(text: str) -> list[tuple[int, int]]:
    """For each character of ``text``, the (start, end) of the word it is in, or (-1, -1) for a
    separator. A word is a run of letters and digits."""
    spans = [(-1, -1)] * len(text)
    start = 0
    while start < len(text):
        if not text[start].isalnum():
            start += 1
            continue
        end = start
        while end < len(text) and text[end].isalnum():
            end += 1
        spans[start:end] = [(start, end)] * (end - start)
        start = end
    return spans


def typo_distance(typed: str, expected: str, limit: int) -> int:
    """The fewest edits that turn ``expected`` into ``typed`` using only the edits the module
    docstring counts as typos; ``limit + 1`` when that takes more than ``limit`` edits (or
    cannot be done at all). Both texts in comparable form."""
    if abs(len(typed) - len(expected)) > limit:
        return limit + 1
    e, t = expected, typed
    spans = _word_spans(e)
    never = limit + 1

    def substitution_ok(k: int, c: str) -> bool:
        if not e[k].isalnum():
            return not c.isalnum()  # a hyphen for a space, and the like
        start, end = spans[k]
        return c.isalnum() and end - start > 7 and start < k < end - 1

    def deletion_ok(k: int) -> bool:
        if not e[k].isalnum():
            return True
        start, end = spans[k]
        return end - start > 1 and k != start

    def insertion_ok(gap: int, c: str) -> bool:
        """``c`` typed between ``e[gap - 1]`` and ``e[gap]``."""
        if not c.isalnum():
            return True
        left = gap > 0 and e[gap - 1].isalnum()
        right = gap < len(e) and e[gap].isalnum()
        if not left:
            return False  # a new first letter, or a new word
        start, end = spans[gap - 1]
        if not right:  # after a word's last letter: only doubling it
            return end - start > 1 and c == e[gap - 1]
        return end - start > 7 or c in (e[gap - 1], e[gap])

    def swap_ok(k: int) -> bool:
        """``e[k]`` and ``e[k + 1]`` swapped."""
        return e[k].isalnum() and e[k + 1].isalnum() and spans[k][0] != k

    # rows[i][j]: the fewest allowed edits from e[:i] to t[:j]
    previous2: list[int] = []
    previous = [0] + [never] * len(t)
    for j in range(1, len(t) + 1):
        if insertion_ok(0, t[j - 1]):
            previous[j] = min(never, previous[j - 1] + 1)
    for i in range(1, len(e) + 1):
        current = [min(never, previous[0] + 1) if deletion_ok(i - 1) else never]
        for j in range(1, len(t) + 1):
            if e[i - 1] == t[j - 1]:
                best = previous[j - 1]
            else:
                best = previous[j - 1] + 1 if substitution_ok(i - 1, t[j - 1]) else never
            if deletion_ok(i - 1):
                best = min(best, previous[j] + 1)
            if insertion_ok(i, t[j - 1]):
                best = min(best, current[j - 1] + 1)
            if (
                i > 1
                and j > 1
                and e[i - 1] == t[j - 2]
                and e[i - 2] == t[j - 1]
                and e[i - 1] != e[i - 2]
                and swap_ok(i - 2)
            ):
                best = min(best, previous2[j - 2] + 1)
            current.append(min(best, never))
        if min(current) > limit:
            return never
        previous2, previous = previous, current
    return previous[len(t)]


def match_text(
    given: str,
    alternatives: Iterable[str],
    *,
    case_sensitive: bool = False,
    rivals: Iterable[str] = (),
) -> TextMatch:
    """Match a typed answer against every accepted alternative, exact matches first.

    ``rivals`` are other answers the question knows of that are wrong here (the other blanks
    of a cloze): a typed text as close to one of them as to an alternative is no typo."""
    alternatives = [a for a in alternatives if a.strip()]
    typed = comparable(given, case_sensitive=case_sensitive)
    if not typed:
        return TextMatch(None)
    forms = [(alt, comparable(alt, case_sensitive=case_sensitive)) for alt in alternatives]
    for alt, form in forms:
        if typed == form:
            return TextMatch(alt)
    if case_sensitive:
        return TextMatch(None)
    best: tuple[int, str] | None = None
    for alt, form in forms:
        allowance = typo_allowance(form)
        if allowance == 0 or _digits(typed) != _digits(form):
            continue
        distance = typo_distance(typed, form, allowance)
        if distance <= allowance and (best is None or distance < best[0]):
            best = (distance, alt)
    if best is None:
        return TextMatch(None)
    own = {form for _, form in forms}
    for rival in rivals:
        form = comparable(rival, case_sensitive=case_sensitive)
        if form and form not in own and osa_distance(typed, form, best[0]) <= best[0]:
            return TextMatch(None)
    return TextMatch(best[1], typo=True)


# --- numbers -------------------------------------------------------------------------------

# Characters people put between groups of three digits: spaces (also no-break and thin ones)
# and apostrophes (Swiss style, 1'000).
_GROUP_SPACES = " \u00a0\u2009\u202f'’"
_MINUSES = "-\u2212\u2012\u2013"  # hyphen-minus, minus sign, figure dash, en dash
_EXPONENT = re.compile(r"^(.*?)[eE]([+-]?\d+)$")
_GROUPED = re.compile(r"^\d{1,3}(?:X\d{3})+$")


def _grouped(digits: str, separator: str) -> bool:
    """Whether ``digits`` is a well-formed run of thousands groups joined by ``separator``."""
    return bool(_GROUPED.match(digits.replace(separator, "X")))


def _integer_part(text: str) -> str | None:
    """Digits of an integer part that may use one kind of thousands separator, or None."""
    if text.isdigit():
        return text
    for separator in ",." + _GROUP_SPACES:
        if separator in text and _grouped(text, separator):
            return text.replace(separator, "")
    return None


def parse_number(text: str) -> tuple[float, ...]:
    """The values ``text`` can be read as; empty if it is not a number.

    Accepted: surrounding spaces, a leading ``+`` or ``-`` (also the Unicode minus), a decimal
    comma or point (``3,14`` and ``3.14``), a leading or trailing decimal separator (``.5``,
    ``5.``), thousands separators in groups of three — spaces (``1 000``), apostrophes
    (``1'000``), or commas and points when the other one is the decimal separator
    (``1,000.5``, ``1.000,5``) or when there are several (``1,000,000``) — and an exponent
    (``1.5e3``). Not accepted: words, units, ``inf``/``nan``, badly grouped digits (``1,00,0``).

    One case is ambiguous: a single comma or point followed by exactly three digits after one to
    three leading digits (``1,000`` or ``2.500``). It reads as a thousands separator in some
    countries and as a decimal separator in others, so both readings are returned and the
    grader accepts the answer if either reading is right.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    sign = 1.0
    if text[:1] in _MINUSES:
        sign, text = -1.0, text[1:].lstrip()
    elif text[:1] == "+":
        text = text[1:].lstrip()
    exponent = 0
    m = _EXPONENT.match(text)
    if m:
        text, exponent = m.group(1), int(m.group(2))
        if abs(exponent) > 308:
            return ()
    if not text or not all(c.isdigit() or c in ",." + _GROUP_SPACES for c in text):
        return ()
    if not any(c.isdigit() for c in text):
        return ()
    readings: list[tuple[str, str]] = []  # (integer digits, fraction digits)
    last_sep = max(text.rfind(","), text.rfind("."))
    if last_sep == -1:
        whole = _integer_part(text)
        if whole is not None:
            readings.append((whole, ""))
    else:
        head, tail = text[:last_sep], text[last_sep + 1 :]
        separator = text[last_sep]
        other = "." if separator == "," else ","
        if tail and not tail.isdigit():
            return ()
        if other in head or separator in head:
            # Several separators: the last one is decimal only if it differs from the others.
            if separator in head:
                whole = _integer_part(text) if not head.count(other) else None
                if whole is not None:
                    readings.append((whole, ""))
            else:
                whole = _integer_part(head)
                if whole is not None:
                    readings.append((whole, tail))
        else:
            whole = _integer_part(head) if head else "0"
            if whole is not None:
                readings.append((whole, tail))
                ambiguous = (
                    head.isdigit() and 1 <= len(head) <= 3 and head != "0" and len(tail) == 3
                )
                if ambiguous:
                    readings.append((head + tail, ""))
    values: list[float] = []
    for whole, fraction in readings:
        if not whole and not fraction:
            continue
        value = sign * float(f"{whole or '0'}.{fraction or '0'}e{exponent}")
        if value not in values and value == value and abs(value) != float("inf"):
            values.append(value)
    return tuple(values)
