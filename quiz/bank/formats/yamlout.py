"""Writing an ``Imported`` as a YAML bank that ``quiz validate`` accepts.

The output is meant to be read and edited by a teacher: block style, one question after
another, the keys in the order docs/bank-format.md lists them, defaults left out, and a header
comment saying where it came from. Every text is quoted (or a ``|-`` block), so nothing in it
can turn into YAML syntax, a number or a boolean; numbers are written as numbers only where
the format has them.

Ids come from the source's name for a question, else from its prompt, made valid and unique
(``q``, ``q-2``, ``q-3``...). Characters a bank may not hold (control characters, bidi
controls, zero-width characters) are removed with a warning. Finally the text is loaded with
the bank loader: a question it refuses is left out with an error naming its line in the
source, so what is written always validates.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from quiz.bank.formats import Imported, Note
from quiz.bank.model import QUESTION_TYPES
from quiz.bank.nodes import slugify

# Keys in the order a teacher reads them; keys not listed (added to the format later) follow.
_ORDER = (
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "answers",
    "accept",
    "case_sensitive",
    "any_order",
    "tolerance",
    "unit",
    "pairs",
    "items",
    "explanation",
    "hint",
    "source",
    "tags",
    "points",
)
# Values that are the format's defaults, left out to keep the file short.
_DEFAULTS: dict[str, Any] = {
    "accept": [],
    "case_sensitive": False,
    "any_order": False,
    "tolerance": 0,
    "tags": [],
}
_DEFAULTS_EQ = {"points": 1}
# What a bank may not contain (see quiz.bank.yamlsafe), plus the invisible characters that
# disguise text: bidi controls and zero-width characters. Line breaks become "\n".
_REMOVE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
    "\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_SLUG_WORDS = 6
_SLUG_CHARS = 40
_IMPLICIT_KEY_MAX = 1000


@dataclass(slots=True)
class Dumped:
    """The YAML text, the notes the writer added, and how many questions it holds."""

    text: str
    problems: list[Note] = field(default_factory=list)
    count: int = 0


def dump(imported: Imported, *, source: str, format_label: str) -> Dumped:
    """``imported`` as YAML bank text. ``source`` is the file it came from (named in the
    header and in messages), ``format_label`` its format (``Moodle XML``)."""
    notes: list[Note] = []
    questions = [_clean(q, source, notes) for q in imported.questions]
    _assign_ids(questions)
    title = _clean_text(imported.title or "", None, source, 0, notes).strip() or _title(source)
    description = _clean_text(imported.description or "", None, source, 0, notes).strip()
    left_out: list[Note] = []
    while True:
        text, spans = _render(questions, title, description, source, format_label)
        if not questions:
            # Nothing left (or nothing to start with): say why each question was left out.
            return Dumped(text, [*notes, *_unique(left_out)], 0)
        refused, checked = _check(text, spans, questions, source)
        left_out += [n for n in checked if n.severity == "error"]
        if not refused:
            break
        # Each round drops at least one question, so this ends; the loader reports every
        # problem of a file at once, so one round is the rule.
        questions = [q for i, q in enumerate(questions) if i not in refused]
    return Dumped(text, [*notes, *_unique(left_out), *checked], len(questions))


# -- cleaning and ids --------------------------------------------------------------------------


def _clean(question: dict[str, Any], source: str, notes: list[Note]) -> dict[str, Any]:
    line = question.get("_line", 0)
    name = question.get("id")
    out = {}
    for key, value in question.items():
        if not key.startswith("_"):
            out[key] = _clean_value(value, name, source, line, notes)
    out["_line"] = line
    return out


def _clean_value(value: Any, name: Any, source: str, line: int, notes: list[Note]) -> Any:
    if isinstance(value, str):
        return _clean_text(value, name, source, line, notes)
    if isinstance(value, list | tuple):
        return [_clean_value(v, name, source, line, notes) for v in value]
    if isinstance(value, dict):
        return {
            _clean_value(k, name, source, line, notes): _clean_value(v, name, source, line, notes)
            for k, v in value.items()
        }
    return value


def _clean_text(text: str, name: Any, source: str, line: int, notes: list[Note]) -> str:
    text = _BREAKS.sub("\n", text)
    from quiz.bank.yamlsafe import joins_letters

    removed = [m for m in _REMOVE.finditer(text) if not joins_letters(text, m.start())]
    n = len(removed)
    for m in reversed(removed):
        text = text[: m.start()] + text[m.end() :]
    cleaned = text
    if n:
        what = f"question {name!r}" if name else "the text"
        notes.append(
            Note(
                source,
                line,
                f"{what}: removed {n} invisible or control character{'s' if n > 1 else ''}, "
                "which a bank may not contain",
            )
        )
    return cleaned


def _slug(text: str, *, words: int | None = None) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    if words is not None:
        ascii_text = re.sub(r"['’]", "", ascii_text)
        ascii_text = " ".join(re.findall(r"[A-Za-z0-9]+", ascii_text)[:words]).lower()
    slug = slugify(ascii_text)[:_SLUG_CHARS].strip("-._")
    return slug or "q"


def _assign_ids(questions: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for q in questions:
        name = q.get("id")
        if isinstance(name, str) and name.strip():
            base = _slug(name)
        else:
            base = _slug(str(q.get("prompt", "")), words=_SLUG_WORDS)
        qid, n = base, 1
        while qid.lower() in seen:
            n += 1
            qid = f"{base}-{n}"
        seen.add(qid.lower())
        q["id"] = qid


def _title(source: str) -> str:
    # Both endings of x.gift.txt and x.aiken.txt go, as the name's format says: "X", not "X.gift".
    stem = re.sub(r"(\.(gift|aiken))?\.[^.]*\Z", "", re.split(r"[\\/]", source)[-1], flags=re.I)
    words = re.sub(r"[_\s]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Imported questions"


# -- checking ------------------------------------------------------------------------------


def _check(
    text: str, spans: list[tuple[int, int]], questions: list[dict[str, Any]], source: str
) -> tuple[set[int], list[Note]]:
    """The indexes of the questions the loader refuses, and its problems as notes at the
    question's line in the source (errors say the question is left out)."""
    from quiz.bank.errors import BankError
    from quiz.bank.loader import loads_bank_with_warnings

    try:
        _, problems = loads_bank_with_warnings(text, "<import>")
    except BankError as exc:
        problems = exc.problems
    refused: set[int] = set()
    notes: list[Note] = []
    for problem in problems:
        index = next((i for i, (a, b) in enumerate(spans) if a <= problem.line <= b), None)
        if index is None:
            # Not inside a question: this module's own mistake, said rather than hidden.
            notes.append(Note(source, 0, f"the imported bank: {problem.message}", "error"))
            continue
        q = questions[index]
        if problem.severity == "error":
            refused.add(index)
            message = f"question {q['id']!r} left out: {problem.message}"
            notes.append(Note(source, q["_line"], message, "error"))
        else:
            notes.append(Note(source, q["_line"], f"question {q['id']!r}: {problem.message}"))
    if refused:
        notes = [n for n in notes if n.severity == "error"]
    return refused, notes


def _unique(notes: list[Note]) -> list[Note]:
    seen: set[Note] = set()
    out = []
    for n in notes:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


# -- rendering -------------------------------------------------------------------------------


def _render(
    questions: list[dict[str, Any]], title: str, description: str, source: str, label: str
) -> tuple[str, list[tuple[int, int]]]:
    name = re.split(r"[\\/]", source)[-1]
    lines = [
        f"# Imported from {_comment(name)} ({_comment(label)}) by `quiz import`.",
        "# Check it with `quiz validate` after editing.",
        "",
        f"title: {_scalar(title, 0)}",
    ]
    if description:
        lines.append(f"description: {_scalar(description, 0)}")
    lines += ["", "questions:"]
    spans = []
    for q in questions:
        start = len(lines) + 1
        _question(q, lines)
        spans.append((start, len(lines)))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n", spans


def _comment(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _question(q: dict[str, Any], lines: list[str]) -> None:
    keys = [k for k in _ORDER if k in q] + [k for k in q if k not in _ORDER and k != "_line"]
    first = True
    for key in keys:
        value = q[key]
        if key in _DEFAULTS and value == _DEFAULTS[key]:
            continue
        if key in _DEFAULTS_EQ and value == _DEFAULTS_EQ[key]:
            continue
        if value is None:
            continue
        prefix = "  - " if first else "    "
        first = False
        if key == "type" and value in QUESTION_TYPES:
            lines.append(f"{prefix}type: {value}")  # a word of the format's own, never data
            continue
        _entry(key, value, prefix, 4, lines)


def _entry(key: str, value: Any, prefix: str, indent: int, lines: list[str]) -> None:
    """``key: value`` at ``prefix``; nested content indented by ``indent`` + 2."""
    inner = " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            lines.append(f"{prefix}{key}: {{}}")
            return
        lines.append(f"{prefix}{key}:")
        for k, v in value.items():
            _pair(str(k), v, inner, indent + 2, lines)
    elif isinstance(value, list | tuple):
        flow = _flow(value)
        if flow is not None and len(prefix) + len(key) + len(flow) < 98:
            lines.append(f"{prefix}{key}: {flow}")
            return
        lines.append(f"{prefix}{key}:")
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for k, v in item.items():
                    _entry(str(k), v, inner + ("- " if first else "  "), indent + 4, lines)
                    first = False
            else:
                lines.append(f"{inner}- {_scalar(item, indent + 4)}")
    else:
        lines.append(f"{prefix}{key}: {_scalar(value, indent)}")


def _pair(key: str, value: Any, prefix: str, indent: int, lines: list[str]) -> None:
    quoted = _quoted(key)
    if len(quoted) > _IMPLICIT_KEY_MAX:
        # YAML allows an implicit key of at most 1024 characters: longer ones are explicit.
        lines.append(f"{prefix}? {quoted}")
        lines.append(f"{prefix}: {_scalar(value, indent)}")
    else:
        lines.append(f"{prefix}{quoted}: {_scalar(value, indent)}")


def _flow(values: list[Any] | tuple[Any, ...]) -> str | None:
    if not all(isinstance(v, str) and "\n" not in v for v in values):
        return None
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def _scalar(value: Any, indent: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    text = str(value)
    if "\n" in text and _block_safe(text):
        pad = " " * (indent + 2)
        return "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
    return _quoted(text)


def _number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    # Never an exponent: "1e-05" would not be read as a number by every YAML reader.
    return format(Decimal(repr(value)), "f")


def _block_safe(text: str) -> bool:
    """Whether a ``|-`` block gives back exactly ``text``: no surrounding whitespace (the block
    strips trailing line breaks and takes its indentation from the first line), no tab at the
    start of a line, and no line that is only spaces."""
    if text != text.strip():
        return False
    lines = text.split("\n")
    return all(not line.startswith("\t") and (line.strip() or not line) for line in lines)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'
