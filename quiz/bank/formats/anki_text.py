"""Anki's "Notes in Plain Text" files (``.txt``): import and export.

The file is what Anki's manual, "Importing text files", describes: one note per line, fields
separated by a tab, comma or semicolon (quoted with ``"`` when they hold the separator or a
line break), lines starting with ``#`` are comments, and the ``#key:value`` headers of Anki
2.1.55+ at the top (``#separator:``, ``#html:``, ``#tags:``, ``#columns:``, ``#notetype:``,
``#deck:``, ``#notetype column:``, ``#deck column:``, ``#tags column:``, ``#guid column:``)
say how to read it. Without headers Anki's own guesses apply: the separator from the text,
HTML when a field looks like HTML, and a third column after the two fields of a Basic or Cloze
note holds its tags. How notes map to questions is in ``quiz.bank.formats._anki``.

The export is the file Anki's own "Notes in Plain Text" export writes, with a note type, deck
and GUID column, so Anki imports it directly into a deck named after the bank (and updates
the same notes when a newer export is imported again).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from quiz.bank.formats import Exported, Imported, Note
from quiz.bank.formats._anki import (
    AnkiNote,
    ExportNote,
    guid_for,
    note_to_question,
    question_to_note,
)
from quiz.bank.formats.common import LeftOut, bank_file
from quiz.bank.model import Bank, Question

NAME = "anki"
LABEL = "Anki text"
SUFFIXES = (".txt",)

_SEPARATORS = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_HEADER_KEYS = (
    "separator",
    "html",
    "tags",
    "columns",
    "notetype",
    "deck",
    "notetype column",
    "deck column",
    "tags column",
    "guid column",
)
# Anki's test for "this field is HTML": a tag or an entity.
_LOOKS_HTML = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^>]*|/[a-zA-Z][a-zA-Z0-9]*\s*)>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);"
)
_ANKI_HEADER = re.compile(r"#(separator|html|notetype|deck|tags column|columns)\s*:", re.I)


def sniff(data: bytes) -> bool:
    head = data[:4096].decode("utf-8", errors="replace")
    return bool(_ANKI_HEADER.search(head)) or "{{c1::" in head


def read(data: bytes, path: Path) -> Imported:
    name = str(path)
    out = Imported()
    text = _decode(data, name, out)
    if text is None:
        return out
    lines = text.split("\n")
    headers, body_start = _headers(lines, name, out)
    body = "\n".join(lines[body_start:])
    if not body.strip():
        out.problems.append(Note(name, 0, "the file has no notes", "error"))
        return out
    separator = _separator(headers.get("separator"), body, name, out)
    records = _records(body, separator, body_start, lines, name, out)
    if not records:
        out.problems.append(Note(name, 0, "the file has no notes", "error"))
        return out
    is_html = _is_html(headers.get("html"), records)
    columns = _column_labels(headers.get("columns"), separator)
    meta = {
        key: _column_number(headers.get(f"{key} column"), key, name, out)
        for key in ("notetype", "deck", "tags", "guid")
    }
    width = len(columns) if columns else len(records[0][1])
    regular = [i for i in range(1, width + 1) if i not in meta.values()]
    if meta["tags"] is None and meta["notetype"] is None and not columns and len(regular) >= 3:
        # Anki maps the two fields of a Basic or Cloze note and takes the next column as tags.
        meta["tags"] = regular.pop(2)
    elif meta["tags"] is None and columns:
        labelled = [i for i in regular if columns[i - 1].strip().lower() == "tags"]
        if labelled:
            meta["tags"] = labelled[0]
            regular.remove(labelled[0])
    names = [columns[i - 1] for i in regular] if columns else []
    global_tags = headers.get("tags", "").split()
    global_type = headers.get("notetype", "")
    decks = {c.strip() for _, row in records if (c := _cell(row, meta["deck"])) is not None}
    deck_tags = len(decks) > 1
    if decks and not deck_tags:
        out.title = decks.pop()
    elif headers.get("deck"):
        out.title = headers["deck"].strip()
    for line, row in records:
        cell = _cell(row, meta["notetype"])
        notetype = cell.strip() if cell is not None else global_type
        if notetype.isdigit():
            notetype = ""  # a note type id says nothing about what the note type is
        tags = list(global_tags)
        tags += (_cell(row, meta["tags"]) or "").split()
        deck = (_cell(row, meta["deck"]) or "").strip()
        if deck_tags and deck:
            tags.append(deck)
        fields = [row[i - 1] if i <= len(row) else "" for i in regular]
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            out.problems.append(
                Note(
                    name,
                    line,
                    f"{len(row) - width} column(s) more than the first note: not imported",
                )
            )
        guid = _cell(row, meta["guid"]) or ""
        note = AnkiNote(notetype, fields, names, tags=tags, guid=guid)
        mapped = note_to_question(note, is_html)
        out.problems += [Note(name, line, w) for w in mapped.warnings]
        if mapped.question is None:
            out.problems.append(Note(name, line, f"{mapped.error}; note skipped", "error"))
            continue
        out.questions.append({**mapped.question, "_line": line})
    if not out.questions and not out.errors:
        out.problems.append(Note(name, 0, "no note could be imported", "error"))
    return out


def _decode(data: bytes, name: str, out: Imported) -> str | None:
    if not data.strip():
        out.problems.append(Note(name, 0, "the file is empty", "error"))
        return None
    if b"\x00" in data[:8192]:
        out.problems.append(Note(name, 0, "this is a binary file, not an Anki text file", "error"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.problems.append(
            Note(
                name,
                line,
                "the file is not UTF-8 text (save it as UTF-8, as Anki expects)",
                "error",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _headers(lines: list[str], name: str, out: Imported) -> tuple[dict[str, str], int]:
    """The ``#key:value`` headers at the top of the file, and the index of the first line
    after them. The first line may be the old ``tags:`` line."""
    headers: dict[str, str] = {}
    i = 0
    if lines and lines[0].startswith("tags:"):
        headers["tags"] = lines[0][5:]
        i = 1
    while i < len(lines) and lines[i].startswith("#"):
        key, colon, value = lines[i][1:].partition(":")
        key = key.strip().lower()
        if colon and key in _HEADER_KEYS:
            headers[key] = value
        i += 1
    return headers, i


def _separator(value: str | None, body: str, name: str, out: Imported) -> str:
    if value is not None:
        v = value.strip().lower()
        if v in _SEPARATORS:
            return _SEPARATORS[v]
        if len(value) == 1:
            return value
        out.problems.append(
            Note(
                name,
                0,
                f"unknown #separator {value!r} (Comma, Semicolon, Tab, Space, Pipe or "
                "Colon): guessing it from the text",
            )
        )
    sample = "\n".join(line for line in body.split("\n")[:20] if not line.startswith("#"))
    try:
        return csv.Sniffer().sniff(sample, delimiters="\t;,|").delimiter
    except csv.Error:
        # Anki's own fallback: the first of these the text holds.
        return next((s for s in ("\t", "|", ";", ",") if s in sample), "\t")


def _records(
    body: str, separator: str, offset: int, lines: list[str], name: str, out: Imported
) -> list[tuple[int, list[str]]]:
    """``(line, cells)`` for each note, comments and empty lines left out."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=False)
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            start = offset + previous + 1
            previous = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if lines[start - 1].startswith("#"):
                continue
            records.append((start, row))
    except csv.Error as exc:
        out.problems.append(
            Note(name, offset + reader.line_num, f"cannot read the line: {exc}", "error")
        )
    return records


def _is_html(value: str | None, records: list[tuple[int, list[str]]]) -> bool:
    if value is not None and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return any(_LOOKS_HTML.search(cell) for _, row in records for cell in row)


def _column_labels(value: str | None, separator: str) -> list[str]:
    if not value:
        return []
    return next(csv.reader([value], delimiter=separator), [])


def _column_number(value: str | None, key: str, name: str, out: Imported) -> int | None:
    if value is None:
        return None
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    out.problems.append(Note(name, 0, f"#{key} column: {value.strip()!r} is not a column number"))
    return None


def _cell(row: list[str], column: int | None) -> str | None:
    """The cell of 1-based ``column`` in ``row``; None when there is no such column."""
    return row[column - 1] if column is not None and column <= len(row) else None


# --- export ---------------------------------------------------------------------------------


def write(bank: Bank) -> Exported:
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:true\n")
    buffer.write("#notetype column:1\n#deck column:2\n#guid column:3\n#tags column:6\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    losses = Losses(LABEL)
    for q in bank.questions:
        note = question_to_note(q)
        writer.writerow(
            [
                note.notetype,
                bank.title,
                guid_for(bank.id, q.id),
                *note.fields,
                " ".join(note.tags),
            ]
        )
        losses.add(q, note)
    return Exported(buffer.getvalue().encode("utf-8"), losses.notes(bank_file(bank)))


class Losses:
    """What an Anki export could not carry, in one warning per kind (as the other exporters
    say it): the types written as Basic cards, and each kind of part left out."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.rendered: dict[str, list[str]] = {}
        self.left_out = LeftOut(label)

    def add(self, q: Question, note: ExportNote) -> None:
        if note.rendered:
            self.rendered.setdefault(q.type, []).append(q.id)
        for what in note.lost:
            self.left_out.add(what, q.id)

    def notes(self, file: str) -> list[Note]:
        out = []
        for qtype, ids in self.rendered.items():
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            out.append(
                Note(
                    file,
                    0,
                    f"{self.label} has no note type for {qtype} questions: {len(ids)} written as "
                    f"Basic cards, the answer on the back ({shown}); imported back, they are "
                    "flashcards",
                )
            )
        return out + self.left_out.notes(file)
