"""Aiken, Moodle's simplest import format: single-answer multiple-choice questions.

Each question is its text (one line, or several), then one choice per line labelled ``A.`` or
``A)`` (a capital letter, a full stop or closing bracket, a space), then ``ANSWER: X`` naming the
right choice's letter. Blank lines between questions are optional. Nothing else is expressible
(no feedback, no explanation), so only ``choice`` questions are exported.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quiz.bank.formats import Exported, Imported
from quiz.bank.formats.common import LeftOut, Notes, bank_file, show

NAME = "aiken"
LABEL = "Aiken"
SUFFIXES = (".aiken", ".aiken.txt", ".txt")

_CHOICE = re.compile(r"([A-Z])[.)][ \t]+(.*)")
_ANSWER = re.compile(r"ANSWER:\s*(.*)", re.IGNORECASE)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def sniff(data: bytes) -> bool:
    lines = [line.strip() for line in data[:8192].decode("utf-8", "replace").splitlines()]
    answers = sum(bool(re.fullmatch(r"ANSWER:\s*[A-Z]", line)) for line in lines)
    choices = sum(bool(_CHOICE.fullmatch(line)) for line in lines)
    return answers > 0 and choices >= 2 * answers


def read(data: bytes, path: Path) -> Imported:
    notes = Notes(str(path))
    imported = Imported(problems=notes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = data[: exc.start].count(b"\n") + 1
        notes.error(at, "the file is not UTF-8 text; save it with the UTF-8 encoding")
        return imported
    prompt: list[str] = []
    choices: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            if prompt and not choices:
                # A blank line inside the question text: Aiken has none, so it is a paragraph.
                prompt.append("")
            continue
        choice = _CHOICE.fullmatch(line)
        answer = _ANSWER.fullmatch(line)
        if answer:
            question = _question(start, prompt, choices, answer.group(1).strip(), notes)
            if question is not None:
                imported.questions.append(question)
            prompt, choices, start = [], [], 0
        elif choice and prompt:
            choices.append((choice.group(1), " ".join(choice.group(2).split())))
        elif choices:
            notes.error(
                number,
                f"{show(line)} is neither a choice (A. text) nor the answer line (ANSWER: A): "
                "the question above it is left out",
            )
            prompt, choices, start = [], [], 0
        else:
            if not prompt:
                start = number
            prompt.append(line)
    if prompt:
        notes.error(start, f"the question {show(' '.join(prompt))} has no ANSWER: line")
    if not imported.questions and not imported.errors:
        notes.error(0, "the file holds no question quiz can import")
    return imported


def _question(
    line: int, prompt: list[str], choices: list[tuple[str, str]], answer: str, notes: Notes
) -> dict[str, Any] | None:
    text = "\n".join(prompt).strip()
    if not text:
        notes.error(line, "an ANSWER: line with no question before it")
        return None
    what = f"the question {show(text)}"
    if len(choices) < 2:
        notes.error(line, f"{what} left out: it needs at least 2 choices (A. ..., B. ...)")
        return None
    letters = [letter for letter, _ in choices]
    if letters != list(_LETTERS[: len(letters)]):
        notes.warn(line, f"{what}: its choices are labelled {''.join(letters)}, not in order")
    by_letter = dict(choices)
    key = answer[:1].upper()
    if len(answer) != 1 or key not in by_letter:
        notes.error(
            line,
            f"{what} left out: ANSWER: {answer} names no choice "
            f"(write one of {', '.join(letters)})",
        )
        return None
    return {
        "_line": line,
        "type": "choice",
        "prompt": text,
        "choices": [t for _, t in choices],
        "answer": by_letter[key],
    }


def write(bank: Any) -> Exported:
    from quiz.bank.export import question_to_dict

    file = bank_file(bank)
    notes = Notes(file)
    left_out = LeftOut(LABEL)
    out: list[str] = []
    for q in bank.questions:
        d = question_to_dict(q)
        if d["type"] != "choice":
            notes.warn(
                q.line,
                f"question {d['id']!r} skipped: Aiken holds only single-answer "
                f"multiple-choice questions, not {d['type']}",
            )
            continue
        choices = [c["text"] if isinstance(c, dict) else c for c in d["choices"]]
        if len(choices) > len(_LETTERS):
            notes.warn(q.line, f"question {d['id']!r} skipped: more than 26 choices")
            continue
        prompt_lines = [" ".join(line.split()) for line in d["prompt"].splitlines()]
        prompt_lines = [line for line in prompt_lines if line]
        if any(_CHOICE.fullmatch(line) or _ANSWER.fullmatch(line) for line in prompt_lines):
            notes.warn(
                q.line,
                f"question {d['id']!r} skipped: a line of its text would read as a choice or "
                "the answer line",
            )
            continue
        if any("\n" in c for c in choices):
            notes.warn(q.line, f"question {d['id']!r}: line breaks in its choices become spaces")
        out += prompt_lines
        out += [f"{_LETTERS[i]}. {' '.join(c.split())}" for i, c in enumerate(choices)]
        out += [f"ANSWER: {_LETTERS[choices.index(d['answer'])]}", ""]
        for key, what in (
            ("explanation", "explanations"),
            ("hint", "hints"),
            ("source", "source quotes"),
        ):
            if d.get(key):
                left_out.add(what, d["id"])
        if any(isinstance(c, dict) for c in d["choices"]):
            left_out.add("feedback on choices", d["id"])
    notes.extend(left_out.notes(file))
    return Exported("\n".join(out).rstrip("\n").encode("utf-8") + b"\n", notes)
