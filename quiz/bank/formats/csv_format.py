"""Spreadsheets (``.csv``): one question a row under a header row that names the columns.

The columns (any order, any case; all but ``prompt`` optional; docs/formats.md has the
table a teacher reads):

    id, type, prompt, choices, answer, accept, feedback, tolerance, unit, case_sensitive,
    any_order, explanation, hint, tags, points, source

A cell that holds a list separates its items with ``|`` (``Paris|Lyon|Marseille``; ``\\|``
for a ``|`` inside an item, ``\\\\`` for a backslash). What ``answer`` holds depends on the
type: the right choice (or its letter, ``B``) for ``choice``; the right choices for
``multi``; ``true``/``false``; the answer of ``short``, ``numeric`` and ``flashcard``;
``left=right`` pairs for ``match``; the items in their right order for ``order``; nothing for
``cloze``, whose blanks are ``{{...}}`` in the prompt. ``feedback`` is one item per choice, in
the order of ``choices``. A row without a ``type`` gets one from what it has: blanks in the
prompt make a cloze, choices a choice (several answers: multi), else a one-to-four-word
answer is ``short`` and a longer one a ``flashcard``.

The separator (comma, semicolon or tab) is found from the text, the file read as UTF-8 (as
Windows-1252, with a warning, when it is not UTF-8: what Excel saves), and every problem is
reported with the line of its row. The export writes the same columns, so a bank exported
and imported back has the same questions.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quiz.bank.export import question_to_dict
from quiz.bank.formats import Exported, Imported, Note
from quiz.bank.formats.common import bank_file
from quiz.bank.model import CLOZE_BLANK, Bank
from quiz.bank.suggest import closest

NAME = "csv"
LABEL = "CSV"
SUFFIXES = (".csv", ".tsv")

COLUMNS = (
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "accept",
    "feedback",
    "tolerance",
    "unit",
    "case_sensitive",
    "any_order",
    "explanation",
    "hint",
    "tags",
    "points",
    "source",
)
# What teachers also call the columns (matched after lower-casing, spaces as "_").
_ALIASES = {
    "question": "prompt",
    "question_text": "prompt",
    "text": "prompt",
    "front": "prompt",
    "options": "choices",
    "answers": "answer",
    "correct": "answer",
    "correct_answer": "answer",
    "back": "answer",
    "alternatives": "accept",
    "accepted": "accept",
    "question_type": "type",
    "kind": "type",
    "tag": "tags",
    "topic": "tags",
    "topics": "tags",
    "case": "case_sensitive",
    "points_": "points",
    "score": "points",
    "marks": "points",
    "weight": "points",
    "name": "id",
    "title": "id",
}
_TYPES = {
    "choice": "choice",
    "multiple_choice": "choice",
    "mc": "choice",
    "single": "choice",
    "multi": "multi",
    "multiple": "multi",
    "multiple_answer": "multi",
    "multiple_answers": "multi",
    "true_false": "true_false",
    "truefalse": "true_false",
    "true/false": "true_false",
    "tf": "true_false",
    "boolean": "true_false",
    "short": "short",
    "short_answer": "short",
    "shortanswer": "short",
    "numeric": "numeric",
    "numerical": "numeric",
    "number": "numeric",
    "cloze": "cloze",
    "fill_in": "cloze",
    "fill_in_the_blanks": "cloze",
    "gap": "cloze",
    "match": "match",
    "matching": "match",
    "order": "order",
    "ordering": "order",
    "sequence": "order",
    "flashcard": "flashcard",
    "card": "flashcard",
}
_TRUE = {"true", "t", "yes", "y", "1", "wahr", "vrai"}
_FALSE = {"false", "f", "no", "n", "0", "falsch", "faux"}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+\Z")


def sniff(data: bytes) -> bool:
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff")
    first = head.split("\n", 1)[0].strip().lower()
    cells = {c.strip().strip('"').replace(" ", "_") for c in re.split(r"[,;\t]", first)}
    return "prompt" in cells or ("question" in cells and bool(cells & {"answer", "choices"}))


# --- reading --------------------------------------------------------------------------------


def read(data: bytes, path: Path) -> Imported:
    name = str(path)
    out = Imported()
    text = _decode(data, name, out)
    if text is None:
        return out
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, row))
    except csv.Error as exc:
        out.problems.append(
            Note(name, end + 1, f"the row cannot be read ({exc}): is a quote left open?", "error")
        )
    if not rows:
        out.problems.append(Note(name, 0, "the file has no rows", "error"))
        return out
    header_line, header = rows[0]
    columns = _columns(header, name, header_line, out)
    if columns is None:
        return out
    for line, row in rows[1:]:
        cells = {
            key: row[i].replace("\r\n", "\n").strip() for i, key in columns.items() if i < len(row)
        }
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            out.problems.append(
                Note(name, line, f"{len(row) - len(header)} cell(s) past the last column: ignored")
            )
        question = _question(cells, name, line, out)
        if question is not None:
            out.questions.append({**question, "_line": line})
    if not out.questions and not out.errors:
        out.problems.append(Note(name, 0, "the file has a header row but no questions", "error"))
    return out


def _decode(data: bytes, name: str, out: Imported) -> str | None:
    if not data.strip():
        out.problems.append(Note(name, 0, "the file is empty", "error"))
        return None
    if b"\x00" in data[:8192]:
        # UTF-16 (Excel's "Unicode text") has NULs too; say how to fix that case.
        out.problems.append(
            Note(
                name,
                0,
                "this is a binary file, not CSV text (a spreadsheet must be saved as CSV UTF-8)",
                "error",
            )
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        out.problems.append(
            Note(
                name,
                0,
                "the file is not UTF-8: read as Windows-1252 (save as CSV UTF-8 to be sure)",
            )
        )
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    sample = "\n".join(text.split("\n")[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = text.split("\n", 1)[0]
        return max((",", ";", "\t"), key=first.count)


def _columns(header: list[str], name: str, line: int, out: Imported) -> dict[int, str] | None:
    """Column index -> our column name; None (with an error) when the header is unusable."""
    columns: dict[int, str] = {}
    for i, cell in enumerate(header):
        label = cell.strip().lstrip("\ufeff")
        key = re.sub(r"[\s-]+", "_", label.lower())
        key = _ALIASES.get(key, key)
        if key in COLUMNS:
            if key in columns.values():
                out.problems.append(
                    Note(name, line, f"column {label!r} is given twice: the first is used")
                )
                continue
            columns[i] = key
        elif label:
            suggestion = closest(key, COLUMNS)
            hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
            out.problems.append(Note(name, line, f"unknown column {label!r} is ignored{hint}"))
    if "prompt" not in columns.values():
        out.problems.append(
            Note(
                name,
                line,
                "the first row must name the columns, with at least a 'prompt' column "
                "(e.g. type,prompt,choices,answer,explanation)",
                "error",
            )
        )
        return None
    return columns


def _question(cells: dict[str, str], name: str, line: int, out: Imported) -> dict[str, Any] | None:
    def error(message: str) -> None:
        out.problems.append(Note(name, line, f"{message}; row skipped", "error"))

    prompt = cells.get("prompt", "").strip()
    if not prompt:
        error("the prompt is empty")
        return None
    raw_type = cells.get("type", "").strip()
    qtype = _TYPES.get(re.sub(r"[\s-]+", "_", raw_type.lower())) if raw_type else _infer(cells)
    if qtype is None:
        suggestion = closest(raw_type.lower(), sorted(set(_TYPES.values())))
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        error(f"unknown type {raw_type!r}{hint}")
        return None
    q: dict[str, Any] = {}
    if cells.get("id"):
        q["id"] = cells["id"]
    q.update(type=qtype, prompt=prompt)
    answer = cells.get("answer", "")
    choices = split_list(cells.get("choices", ""))
    if qtype in ("choice", "multi"):
        if not choices:
            error(f"a {qtype} question needs choices (in the 'choices' column, split by '|')")
            return None
        feedback = split_list(cells.get("feedback", ""), keep_empty=True)
        if len(feedback) > len(choices):
            out.problems.append(
                Note(
                    name,
                    line,
                    f"{len(feedback)} feedbacks for {len(choices)} choices: "
                    "the extra ones are ignored",
                )
            )
        q["choices"] = [
            {"text": c, "feedback": feedback[i]} if i < len(feedback) and feedback[i] else c
            for i, c in enumerate(choices)
        ]
        answers = [_by_letter(a, choices) for a in split_list(answer)]
        if not answers:
            error("the answer is empty (write the right choice, or its letter)")
            return None
        if qtype == "choice":
            if len(answers) > 1:
                error(f"a choice question has one answer, not {len(answers)} (use type multi)")
                return None
            q["answer"] = answers[0]
        else:
            q["answers"] = answers
    elif qtype == "true_false":
        value = answer.strip().lower()
        if value not in _TRUE | _FALSE:
            error(f"the answer of a true_false question is true or false, not {answer!r}")
            return None
        q["answer"] = value in _TRUE
    elif qtype in ("short", "flashcard"):
        if not answer:
            error("the answer is empty")
            return None
        q["answer"] = answer
        if qtype == "short" and cells.get("accept"):
            q["accept"] = split_list(cells["accept"])
    elif qtype == "numeric":
        number = _number(answer, "the answer", name, line, out)
        if number is None:
            return None
        q["answer"] = number
        if cells.get("tolerance"):
            tolerance = _number(cells["tolerance"], "the tolerance", name, line, out)
            if tolerance is None:
                return None
            q["tolerance"] = tolerance
        if cells.get("unit"):
            q["unit"] = cells["unit"]
    elif qtype == "cloze":
        if not CLOZE_BLANK.search(prompt):
            error("a cloze question needs blanks in the prompt, such as {{answer}}")
            return None
        if answer:
            out.problems.append(
                Note(
                    name, line, "a cloze question's answers are its {{blanks}}: 'answer' is ignored"
                )
            )
    elif qtype == "match":
        items = split_raw(answer or cells.get("choices", ""))
        pairs: dict[str, str] = {}
        for item in items:
            pair = split_pair(item)
            if pair is None or not pair[0] or not pair[1]:
                error(f"a match pair is written left=right, not {item!r}")
                return None
            if pair[0] in pairs:
                error(f"the left side {pair[0]!r} is given twice")
                return None
            pairs[pair[0]] = pair[1]
        if not pairs:
            error("a match question needs pairs in 'answer': left=right|left=right")
            return None
        q["pairs"] = pairs
    elif qtype == "order":
        items = split_list(answer) or choices
        if not items:
            error("an order question needs its items in 'answer', in the right order, split by '|'")
            return None
        q["items"] = items
    if cells.get("case_sensitive") and qtype in ("short", "cloze"):
        value = cells["case_sensitive"].strip().lower()
        if value not in _TRUE | _FALSE:
            error(f"case_sensitive is true or false, not {cells['case_sensitive']!r}")
            return None
        q["case_sensitive"] = value in _TRUE
    if cells.get("any_order") and qtype == "cloze":
        value = cells["any_order"].strip().lower()
        if value not in _TRUE | _FALSE:
            error(f"any_order is true or false, not {cells['any_order']!r}")
            return None
        q["any_order"] = value in _TRUE
    for key in ("explanation", "hint"):
        if cells.get(key):
            q[key] = cells[key]
    if cells.get("source"):
        sources = split_list(cells["source"])
        q["source"] = sources[0] if len(sources) == 1 else sources
    if cells.get("tags"):
        q["tags"] = split_tags(cells["tags"])
    if cells.get("points"):
        points = _number(cells["points"], "points", name, line, out)
        if points is None:
            return None
        q["points"] = points
    _ignored(cells, qtype, name, line, out)
    return q


_USED_BY = {
    "choices": ("choice", "multi", "order", "match"),
    "feedback": ("choice", "multi"),
    "accept": ("short",),
    "tolerance": ("numeric",),
    "unit": ("numeric",),
    "case_sensitive": ("short", "cloze"),
    "any_order": ("cloze",),
}


def _ignored(cells: dict[str, str], qtype: str, name: str, line: int, out: Imported) -> None:
    for key, types in _USED_BY.items():
        if cells.get(key) and qtype not in types:
            out.problems.append(
                Note(name, line, f"'{key}' is not used by a {qtype} question: ignored")
            )


def _infer(cells: dict[str, str]) -> str:
    if CLOZE_BLANK.search(cells.get("prompt", "")) and not cells.get("answer"):
        return "cloze"
    if split_list(cells.get("choices", "")):
        return "multi" if len(split_list(cells.get("answer", ""))) > 1 else "choice"
    if cells.get("answer", "").strip().lower() in ("true", "false"):
        return "true_false"
    return "short" if len(cells.get("answer", "").split()) <= 4 else "flashcard"


def _by_letter(answer: str, choices: list[str]) -> str:
    """A one-letter answer (``B``) names a choice by its place, unless a choice is that text."""
    if answer in choices or len(answer) != 1 or not answer.isalpha():
        return answer
    index = ord(answer.upper()) - ord("A")
    return choices[index] if 0 <= index < len(choices) else answer


def _number(text: str, what: str, name: str, line: int, out: Imported) -> int | float | None:
    value = text.strip().replace(" ", "")
    if _DECIMAL_COMMA.match(value):
        value = value.replace(",", ".")  # a European spreadsheet's 3,14
    if not _NUMBER.match(value):
        out.problems.append(
            Note(name, line, f"{what} {text!r} is not a number; row skipped", "error")
        )
        return None
    number = float(value)
    return int(number) if number.is_integer() and "e" not in value.lower() else number


# --- list cells -----------------------------------------------------------------------------


def split_raw(cell: str) -> list[str]:
    """The items of a ``|`` list with their backslash escapes kept, stripped, empty ones
    dropped (for items split again, such as ``left=right``)."""
    items, start, i = [], 0, 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            i += 2
            continue
        if cell[i] == "|":
            items.append(cell[start:i])
            start = i + 1
        i += 1
    items.append(cell[start:])
    return [item.strip() for item in items if item.strip()]


def _unescape(text: str) -> str:
    return re.sub(r"\\([|\\=])", r"\1", text)


def split_list(cell: str, *, keep_empty: bool = False) -> list[str]:
    """``Paris|Lyon`` -> ``["Paris", "Lyon"]``: split on ``|`` but not ``\\|``, each item
    unescaped and stripped; empty items dropped unless ``keep_empty`` (for ``feedback``,
    where an empty item is a choice without feedback)."""
    if not cell.strip():
        return []
    items, start, i = [], 0, 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            i += 2
            continue
        if cell[i] == "|":
            items.append(cell[start:i])
            start = i + 1
        i += 1
    items.append(cell[start:])
    values = [_unescape(item).strip() for item in items]
    return values if keep_empty else [v for v in values if v]


def split_pair(item: str) -> tuple[str, str] | None:
    """``left=right`` split at the first ``=`` that is not escaped as ``\\=``."""
    i = 0
    while i < len(item):
        if item[i] == "\\" and i + 1 < len(item):
            i += 2
            continue
        if item[i] == "=":
            return _unescape(item[:i]).strip(), _unescape(item[i + 1 :]).strip()
        i += 1
    return None


def split_tags(cell: str) -> list[str]:
    """Tags split by ``|``; a cell with no ``|`` may use commas instead (``history, dates``)."""
    if "|" in cell.replace("\\|", ""):
        return split_list(cell)
    return [t.strip() for t in _unescape(cell).split(",") if t.strip()]


def escape_item(text: str, extra: str = "") -> str:
    out = text.replace("\\", "\\\\").replace("|", "\\|")
    for ch in extra:
        out = out.replace(ch, "\\" + ch)
    return out


def join_list(items: Iterable[str], extra: str = "") -> str:
    return "|".join(escape_item(item, extra) for item in items)


# --- writing --------------------------------------------------------------------------------


def write(bank: Bank) -> Exported:
    buffer = io.StringIO()
    # Excel opens a UTF-8 file as UTF-8 only with the byte order mark; LibreOffice and
    # the importer above read it either way.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    problems: list[Note] = []
    for q in bank.questions:
        d = question_to_dict(q)
        row = {"id": d.pop("id"), "type": d.pop("type"), "prompt": d.pop("prompt")}
        if "choices" in d:
            choices = d.pop("choices")
            texts = [c if isinstance(c, str) else c["text"] for c in choices]
            feedback = ["" if isinstance(c, str) else c.get("feedback") or "" for c in choices]
            row["choices"] = join_list(texts)
            if any(feedback):
                row["feedback"] = "|".join(escape_item(f) for f in feedback)
        if "answers" in d:
            row["answer"] = join_list(d.pop("answers"))
        if "pairs" in d:
            row["answer"] = "|".join(
                f"{escape_item(left, '=')}={escape_item(right, '=')}"
                for left, right in d.pop("pairs").items()
            )
        if "items" in d:
            row["answer"] = join_list(d.pop("items"))
        if "answer" in d:
            answer = d.pop("answer")
            if isinstance(answer, bool):
                row["answer"] = "true" if answer else "false"
            elif isinstance(answer, int | float):
                row["answer"] = _write_number(answer)
            elif row["type"] == "choice":
                row["answer"] = escape_item(answer)  # read back as a one-item list
            else:
                row["answer"] = answer
        if d.get("accept"):
            row["accept"] = join_list(d["accept"])
        d.pop("accept", None)
        if d.get("tolerance"):
            row["tolerance"] = _write_number(d["tolerance"])
        d.pop("tolerance", None)
        if d.get("unit"):
            row["unit"] = d["unit"]
        d.pop("unit", None)
        if d.pop("case_sensitive", False):
            row["case_sensitive"] = "true"
        if d.pop("any_order", False):
            row["any_order"] = "true"
        for key in ("explanation", "hint"):
            if d.get(key):
                row[key] = d[key]
            d.pop(key, None)
        source = d.pop("source", None)
        if source:
            row["source"] = join_list(source) if isinstance(source, list) else escape_item(source)
        tags = d.pop("tags", [])
        if tags:
            # A lone tag with a comma gets a "|" so that it is not read back as two tags.
            row["tags"] = join_list(tags) + ("|" if len(tags) == 1 and "," in tags[0] else "")
        points = d.pop("points", 1)
        if points != 1:
            row["points"] = _write_number(points)
        left = {k: v for k, v in d.items() if v not in (None, False, [], {}, "")}
        if left:
            problems.append(
                Note(
                    bank_file(bank),
                    q.line,
                    f"question {q.id!r}: {', '.join(sorted(left))} has no CSV column: left out",
                )
            )
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return Exported(buffer.getvalue().encode("utf-8"), problems)


def _write_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)
