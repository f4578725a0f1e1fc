"""A cache of loaded banks, so that a bank that has not changed loads without parsing YAML.

A 10,000-question bank takes over a second to parse and check; the app, ``quiz stats`` and
``quiz validate`` load the same banks again and again. After a bank loads, its ``Bank`` and
its warnings are written as JSON (never pickle: the cache is data, read back by this module
alone) to the user's cache folder (``quiz.paths.cache_dir``), one file per bank path. Each
question is a list of its fields' values in the model's order, which reads back in a third of
the time of an object per question. An entry is used only when everything the load depended
on is the same: the bank's bytes, its path, this version of the app, of the cache format and
of the model's fields, the size limit it was loaded with, and the bytes of its source
document (the quotes are checked against it). Each file carries a digest of its own content,
so a damaged or truncated entry is never trusted: it is a miss, removed, and the bank is
parsed again. The entry's head, with the bank's outline (id, title, question ids), is alone on
its first line, so ``quiz.bank.outline`` reads the outline without the questions.
Writing is best effort: a cache folder that cannot be written only means parsing every time.

Set ``QUIZ_NO_CACHE=1`` to load every bank from its YAML.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from types import MemberDescriptorType

from quiz import __version__, cachefile
from quiz.bank.errors import Problem
from quiz.bank.model import QUESTION_CLASSES, Bank, Choice, Question
from quiz.bank.outline import (
    FORMAT,
    HEAD_END,
    MAX_BYTES,
    NO_CACHE_ENV,
    VERSION,
    document_hash,
    enabled,
    entry_path,
    entry_payload,
    outline_key,
    problems_from,
)

# Not typing.TYPE_CHECKING: see quiz/cli/validate.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_BANK_FIELDS = ("id", "title", "description", "author", "language", "version", "license")
# Questions are written this many to a piece: one json.dumps per question cost a fifth of the
# writing, one for the whole bank a copy of it in memory.
_ROWS_PER_PIECE = 1000


_hash = cachefile.digest
__all__ = ["MAX_BYTES", "NO_CACHE_ENV", "get", "put"]


# -- the model as rows --------------------------------------------------------------------------


def _tuples(value: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(map(tuple, value))


def _slot_setters(cls: type) -> dict[str, Callable[[Any, Any], None]]:
    """The setter of each of the slots of ``cls`` (and of its bases), by field name: setting
    a slot through its own descriptor skips the name's lookup in the class and the frozen
    class's __setattr__ that object.__setattr__ goes through (a third of the time of a hit
    was spent there)."""
    setters: dict[str, Callable[[Any, Any], None]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, MemberDescriptorType):
                setters[name] = value.__set__
    return setters


def _choice_maker() -> Callable[[str, str | None], Choice]:
    setters = _slot_setters(Choice)
    set_text, set_feedback = setters["text"], setters["feedback"]
    new = object.__new__

    def make(text: str, feedback: str | None) -> Choice:
        choice = new(Choice)
        set_text(choice, text)
        set_feedback(choice, feedback)
        return choice

    return make


_choice = _choice_maker()


def _choices(value: list[list[Any]]) -> tuple[Choice, ...]:
    # [text, feedback] as put wrote them: the text a str, the feedback a str or null.
    return tuple([_choice(text, feedback) for text, feedback in value])


# How each field that is not a plain value (text, number, true/false, none) comes back from
# its JSON list; every other tuple in the model is of texts.
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "choices": _choices,
    "answers": frozenset,
    "blanks": _tuples,
    "pairs": _tuples,
}
_NAMES = {kind: tuple(f.name for f in fields(cls)) for kind, cls in QUESTION_CLASSES.items()}
_CONVERT = {
    kind: [
        (i, _DECODERS.get(f.name, tuple))
        for i, f in enumerate(fields(cls))
        if f.name in _DECODERS or str(f.type).startswith("tuple")
    ]
    for kind, cls in QUESTION_CLASSES.items()
}
# The model's fields, in the order the rows hold them: another order is another key.
_LAYOUT = json.dumps(_NAMES, sort_keys=True).encode()


def _key(path: Path, data: bytes, max_bytes: int) -> str:
    where = str(path.resolve()).encode("utf-8", "surrogateescape")
    return _hash(f"{FORMAT}/{VERSION}/{__version__}/{max_bytes}".encode(), _LAYOUT, where, data)


def _row(q: Question) -> list[Any]:
    row = [q.type, *_FIELDS_OF[q.type](q)]
    for i, name in _ENCODED[q.type]:
        value = row[i]
        if name == "choices":
            row[i] = [[c.text, c.feedback] for c in value]
        elif name == "answers":
            row[i] = sorted(value)
        elif q.sources and value == "\n".join(q.sources):  # (the source)
            row[i] = None  # the quotes, one a line, as the model makes it: made again on reading
    return row


# Every field of a question at once (in C), then the few a row holds otherwise.
_FIELDS_OF = {kind: attrgetter(*names) for kind, names in _NAMES.items()}
_ENCODED = {
    kind: [(i, name) for i, name in enumerate(names, 1) if name in ("choices", "answers", "source")]
    for kind, names in _NAMES.items()
}


def _plan(kind: str) -> tuple[type[Question], int, list[tuple[str, int, Any]]]:
    """How a question of type ``kind`` is made from its row: its class, the row's length, and
    per field its name, its place in the row and how its value is read: a decoder, None for
    the value as it is, or the place of the quotes for the ``source`` (null in the row when it
    is the quotes, one a line)."""
    names = _NAMES[kind]
    convert = dict(_CONVERT[kind])
    steps: list[tuple[str, int, Any]] = []
    for i, name in enumerate(names):
        how: Any = convert.get(i)
        if how is None and name == "source":
            how = names.index("sources") + 1
        steps.append((name, i + 1, how))
    return QUESTION_CLASSES[kind], len(names) + 1, steps


def _maker(kind: str) -> Callable[[list[Any]], Question]:
    """The function that makes a question of type ``kind`` from its row, written out for speed.

    Each field is set through its slot (``_slot_setters``), not through the class's
    __init__: that ran (with its checks) when the bank was parsed, and running it again was
    two thirds of the time of a hit. The function is written out, a line a field, as
    dataclasses writes __init__: a loop over the fields took half as long again."""
    cls, length, steps = _plan(kind)
    setters = _slot_setters(cls)
    namespace: dict[str, Any] = {"cls": cls, "new": object.__new__, "join": "\n".join}
    lines = [
        "def make(row):",
        f"    if len(row) != {length}:",
        "        raise ValueError('a cached question has other fields than the model')",
        "    q = new(cls)",
    ]
    for name, i, how in steps:
        namespace[f"set_{name}"] = setters[name]
        value = f"row[{i}]"
        if isinstance(how, int):
            sources = f"row[{how}]"
            value = f"{value} if {value} is not None else join({sources}) if {sources} else None"
        elif how is not None:
            namespace[f"decode_{name}"] = how
            value = f"decode_{name}({value})"
        lines.append(f"    set_{name}(q, {value})")
    lines.append("    return q")
    exec("\n".join(lines), namespace)  # (names and numbers of the model's own fields only)
    make: Callable[[list[Any]], Question] = namespace["make"]
    return make


def _looping_maker(kind: str) -> Callable[[list[Any]], Question]:
    """What ``_maker`` writes, as a loop over the fields: slower a question, but with nothing
    to compile (~0.2 ms a type, most of the load of a small bank)."""
    cls, length, steps = _plan(kind)
    setters = _slot_setters(cls)
    plan = [(setters[name], i, how) for name, i, how in steps]
    new = object.__new__

    def make(row: list[Any]) -> Question:
        if len(row) != length:
            raise ValueError("a cached question has other fields than the model")
        q = new(cls)
        for set_value, i, how in plan:
            value = row[i]
            if how is None:
                set_value(q, value)
            elif isinstance(how, int):
                quotes = row[how]
                set_value(q, value if value is not None else "\n".join(quotes) if quotes else None)
            else:
                set_value(q, how(value))
        return q

    return make


# A type's first questions are made by the loop, and once this many have been, by the written
# maker: a small bank (the bundled one has 43 questions of nine types) compiles nothing, a big
# one compiles each of its types once.
WRITE_AFTER = 100

# Each type's maker: the loop's, counting, until it hands over to the written one.
_MAKERS: dict[str, Callable[[list[Any]], Question]] = {}


def _first_maker(kind: str) -> Callable[[list[Any]], Question]:
    looping = _looping_maker(kind)
    made = 0

    def make(row: list[Any]) -> Question:
        nonlocal made
        made += 1
        if made == WRITE_AFTER:
            _MAKERS[kind] = _maker(kind)
        return looping(row)

    return make


def _question(row: list[Any]) -> Question:
    try:
        make = _MAKERS[row[0]]
    except KeyError:
        if row[0] not in QUESTION_CLASSES:
            raise
        make = _MAKERS[row[0]] = _first_maker(row[0])
    return make(row)


# -- reading and writing ------------------------------------------------------------------------


def get(path: Path, data: bytes, max_bytes: int) -> tuple[Bank, list[Problem]] | None:
    """The cached load of the bank at ``path`` whose bytes are ``data``, loaded with the size
    limit ``max_bytes``; None on a miss."""
    found = entry_payload(path)
    if found is None:
        return None
    entry, payload = found
    try:
        doc = json.loads(payload)
        if doc.get("format") != FORMAT or doc.get("version") != VERSION:
            return None  # another version of the cache: rewritten at the next put
        if doc["key"] != _key(path, data, max_bytes):
            return None  # the bank changed since
        head = doc["bank"]
        if doc["document"] != document_hash(path, head["source"]):
            return None  # its source document changed
        bank = Bank(
            **{name: head[name] for name in _BANK_FIELDS},
            source=head["source"],
            path=None if head["path"] is None else Path(head["path"]),
            questions=tuple(map(_question, doc["questions"])),
        )
        return bank, problems_from(doc["warnings"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        # Damaged: never trusted, and out of the way of the next load.
        cachefile.forget(entry)
        return None


def put(path: Path, data: bytes, max_bytes: int, bank: Bank, warnings: list[Problem]) -> None:
    """Keep a load for next time; never raises (a cache that cannot be written is no cache)."""
    if not enabled():
        return
    head = {
        "format": FORMAT,
        "version": VERSION,
        "key": _key(path, data, max_bytes),
        "document": document_hash(path, bank.source),
        "bank": {
            **{name: getattr(bank, name) for name in _BANK_FIELDS},
            "source": bank.source,
            "path": None if bank.path is None else str(bank.path),
        },
        "warnings": [[w.file, w.line, w.column, w.message, w.severity] for w in warnings],
        # Read alone by quiz.bank.outline, on the first line.
        "outline": {
            "key": outline_key(path, data, max_bytes),
            "ids": [q.id for q in bank.questions],
        },
    }
    try:
        cachefile.write(entry_path(path), _pieces(head, bank.questions))
    except (OSError, ValueError, TypeError):
        return


def _pieces(head: dict[str, Any], questions: tuple[Question, ...]) -> Iterator[bytes]:
    """The payload, a piece at a time, so that a large bank's JSON is never all in memory."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # The head alone on the first line (JSON escapes every newline in a string).
    yield dumps(head)[:-1].encode() + HEAD_END + b"\n["
    for start in range(0, len(questions), _ROWS_PER_PIECE):
        rows = [_row(q) for q in questions[start : start + _ROWS_PER_PIECE]]
        yield (b"," if start else b"") + dumps(rows)[1:-1].encode()
    yield b"]}"
