"""What a bank's text may contain, and the entry to the YAML layer (``yamlparse``).

The YAML layer reads a bank file defensively and composes it into position-carrying nodes:
nothing there constructs Python objects from YAML, every scalar stays the text that was
written, and libyaml's errors are rephrased for teachers. Its names (``BankLoader``,
``compose``, ``compose_or_recover``, ``StreamedDocument``...) are also reachable from here,
imported on first use: a command that loads its banks from the cache (``quiz validate`` of an
unchanged bank) never imports YAML, which cost it a sixth of its time. ``BankLoader`` is
looked up here at each parse, so that the tests can put PyYAML's pure-Python parser in its
place.

The guards against hostile or broken files live in this layer too: a size limit checked
before reading and UTF-8 decoding with the line of the first bad byte (``reading``), control
characters (here), anchors and aliases (refused: banks do not need them, and refusing them
rules out "billion laughs" expansion) and nesting.
"""

from __future__ import annotations

import re
import unicodedata

from quiz.bank.reading import (  # noqa: F401 (also imported from here)
    NotARegularFile,
    TooLarge,
    decode,
    format_size,
    os_reason,
    read_bytes,
    read_limited,
)
from quiz.bank.report import Report, text_position
from quiz.words import plural

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

# Raw characters a bank may not contain: C0 controls except tab, newline and carriage return,
# DEL, C1 controls, lone surrogates, non-characters, the invisible line/paragraph separators,
# and the characters that disguise text: bidi embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069, which can make an answer read as something else) and zero-width ones.
_NEVER = (
    "\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff"
)
RAW_BAD_CHARS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_NEVER}]")
# The same inside a value, where a carriage return can only have come from a "\r" escape.
VALUE_BAD_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f{_NEVER}]")

# The ASCII characters that RAW_BAD_CHARS lets through: tab, newline, carriage return and
# the printable ones.
_ASCII_ALLOWED = b"\t\n\r" + bytes(range(0x20, 0x7F))

_CHAR_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
               0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x2028: "LINE SEPARATOR",
               0x2029: "PARAGRAPH SEPARATOR"}  # fmt: skip
_MAX_CHAR_REPORTS = 10


def describe_char(char: str) -> str:
    code = ord(char)
    name = _CHAR_NAMES.get(code)
    if name is None:
        try:
            name = unicodedata.name(char)
        except ValueError:
            name = "control character" if code < 0xA0 else "invalid character"
    return f"U+{code:04X} ({name})"


def joins_letters(text: str, at: int) -> bool:
    """A zero-width (non-)joiner between two non-ASCII characters: how Persian, the Indic
    scripts and emoji sequences (woman, joiner, microscope) are written, so it is text, not a
    disguise. Between ASCII letters it would only make an answer impossible to type."""
    if text[at] not in "\u200c\u200d" or at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    return ord(before) > 127 and ord(after) > 127 and not (before + after).isspace()


def check_characters(text: str, report: Report) -> bool:
    """Report raw control and invalid characters; True when there are none."""
    if text.isascii() and not text.encode("ascii").translate(None, _ASCII_ALLOWED):
        return True  # (what the search below finds in ASCII text, in a fifth of the time)
    found = 0
    for m in RAW_BAD_CHARS.finditer(text):
        if joins_letters(text, m.start()):
            continue
        found += 1
        if found <= _MAX_CHAR_REPORTS:
            report.error(
                text_position(text, m.start()),
                f"{describe_char(m.group())} is not allowed in a bank; remove it",
            )
    if found > _MAX_CHAR_REPORTS:
        more = found - _MAX_CHAR_REPORTS
        report.error(None, f"{plural(more, 'more control character')} not shown")
    return found == 0
