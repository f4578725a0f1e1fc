"""How the loader shows values and suggestions in its messages.

A message may quote text from the bank, and that text may hold anything (escape sequences,
newlines, kilobytes of prose), so values are always escaped and shortened before they reach a
terminal. "Did you mean" hints come from difflib, which is good at the typos teachers make in
keys, types and answers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# Characters that must never reach a terminal raw: C0 and C1 controls, DEL, lone surrogates,
# the Unicode non-characters libyaml refuses, line/paragraph separators, and the bidi and
# zero-width characters that would make a message read differently from what it says.
UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]"
)

MAX_SHOWN = 60


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def show(value: str, limit: int = MAX_SHOWN) -> str:
    """``value`` in double quotes, control characters escaped, cut to about ``limit`` chars."""
    text = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    text = UNSAFE_CHARS.sub(_escape, text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def show_key(key: str) -> str:
    """A key name in single quotes, the way the format documentation writes keys."""
    shown = show(key, 40)[1:-1]
    return f"'{shown}'"


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option most like ``word``: a case-only difference first, else difflib's best."""
    options = list(options)
    folded = word.casefold()
    for option in options:
        if option.casefold() == folded:
            return option
    found = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean_key(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'explanation'?)`` or an empty string."""
    match = closest(word, options)
    return f" (did you mean {show_key(match)}?)" if match else ""


def did_you_mean_value(word: str, options: Iterable[str]) -> str:
    """`` (did you mean "Paris"?)`` or an empty string."""
    match = closest(word, options)
    return f" (did you mean {show(match)}?)" if match else ""
