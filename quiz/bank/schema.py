"""The JSON Schema of the bank format, built from the loader's own key tables.

``bank.schema.json`` beside this module is the shipped copy that ``quiz schema`` prints and
that the bundled banks' modeline ``# yaml-language-server: $schema=../quiz/bank/bank.schema.json``
names; a teacher keeps a copy beside their banks (``quiz schema > bank.schema.json``). A
test keeps the file equal to ``build_schema()``; after changing the
format, regenerate it with ``python -m quiz.bank.schema``.

The schema describes structure (keys, types, counts); the loader checks the rest (answers among
the choices, unique ids, source quotes...). Text fields accept numbers and booleans too, because
an editor reads ``answer: 1991`` as a number while the loader keeps it as the text "1991". For
the same reason there is no ``uniqueItems``: ``[3.10, 3.1]`` are two texts to the loader but
one number twice to an editor; the loader reports real duplicates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quiz.bank.keys import TYPE_KEYS
from quiz.bank.model import QUESTION_TYPES

SCHEMA_FILE = Path(__file__).with_name("bank.schema.json")
# A name for the schema that does not depend on where a copy of it is kept. Bump the version
# when a change to the format would make older banks fail.
SCHEMA_ID = "urn:quiz:bank-schema:1"
REQUIRED_TYPE_KEYS = ("choices", "answer", "answers", "pairs", "items")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _doc(schema: dict[str, Any], text: str) -> dict[str, Any]:
    return {**schema, "description": text}


def _question_properties() -> tuple[dict[str, Any], dict[str, Any]]:
    common = {
        "id": _doc(
            _ref("id"),
            "Unique in the bank and stable: the learner's progress is keyed by it. "
            "Letters, digits, '-', '_' and '.'.",
        ),
        "type": _doc({"enum": list(QUESTION_TYPES)}, "The question type."),
        "prompt": _doc(_ref("text"), "The question as the learner sees it."),
        "explanation": _doc(_ref("optionalText"), "Shown after the learner answers."),
        "source": _doc(
            {"anyOf": [_ref("optionalText"), {"type": "array", "items": _ref("text")}]},
            "A quote that must occur in the bank's source document, or a list of quotes.",
        ),
        "hint": _doc(_ref("optionalText"), "Shown when the learner asks for a hint."),
        "tags": _doc({"type": "array", "items": _ref("text")}, "Topics, e.g. [history, dates]."),
        "points": _doc(
            {"type": "number", "exclusiveMinimum": 0},
            "What the question is worth, more than 0 (default 1).",
        ),
    }
    texts = {"type": "array", "items": _ref("text")}
    specific = {
        "choices": _doc(
            _ref("choices"), "At least 2 different choices: texts, or {text, feedback} mappings."
        ),
        "answer": {
            "choice": _doc(_ref("text"), "The text of the right choice."),
            "true_false": _doc({"type": "boolean"}, "true or false."),
            "short": _doc(_ref("text"), "The expected answer."),
            "numeric": _doc({"type": "number"}, "The expected number."),
            "flashcard": _doc(_ref("text"), "The back of the card."),
        },
        "answers": _doc({**texts, "minItems": 1}, "The right choices (at least 1)."),
        "accept": _doc(texts, "Other accepted answers."),
        "case_sensitive": _doc({"type": "boolean"}, "Compare answers with case (default false)."),
        "any_order": _doc(
            {"type": "boolean"},
            "The blanks are interchangeable: each answer may fill any blank (default false).",
        ),
        "unit": _doc(
            _ref("text"), "The unit of the answer, e.g. km or %; learners may type it too."
        ),
        "tolerance": _doc(
            {"type": "number", "minimum": 0},
            "How far from the answer still counts as right (default 0).",
        ),
        "pairs": _doc(
            {"type": "object", "minProperties": 2, "additionalProperties": _ref("text")},
            "At least 2 'left: right' pairs.",
        ),
        "items": _doc({**texts, "minItems": 2}, "At least 2 items, in the right order."),
    }
    return common, specific


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file."""
    common, specific = _question_properties()
    defs: dict[str, Any] = {
        "text": {
            "type": ["string", "number", "boolean"],
            "minLength": 1,
            "pattern": "\\S",
            "description": "Text, kept as written: yes, no, 1991 and 3.10 stay text.",
        },
        "optionalText": {"type": ["string", "number", "boolean", "null"]},
        "id": {
            "type": ["string", "number"],
            "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            "minimum": 0,
        },
        "choices": {
            "type": "array",
            "minItems": 2,
            "items": {
                "anyOf": [
                    _ref("text"),
                    {
                        "type": "object",
                        "required": ["text"],
                        "additionalProperties": False,
                        "properties": {
                            "text": _doc(_ref("text"), "The choice."),
                            "feedback": _doc(
                                _ref("text"), "Shown when the learner picks this choice."
                            ),
                        },
                    },
                ]
            },
        },
    }
    for qtype in QUESTION_TYPES:
        properties = dict(common)
        for key in TYPE_KEYS[qtype]:
            value = specific[key]
            properties[key] = value[qtype] if key == "answer" else value
        if qtype == "cloze":
            properties["prompt"] = _doc(
                {"allOf": [_ref("text"), {"type": "string", "pattern": "\\{\\{[\\s\\S]*?\\}\\}"}]},
                "The text with at least one blank: {{answer}} or {{answer|alternative}}.",
            )
        required = ["id", "type", "prompt"]
        required += [k for k in TYPE_KEYS[qtype] if k in REQUIRED_TYPE_KEYS]
        defs[qtype] = {
            "type": "object",
            "required": required,
            "additionalProperties": False,
            "properties": properties,
        }
    defs["question"] = {
        "type": "object",
        "required": ["id", "type", "prompt"],
        "properties": {"type": common["type"]},
        "allOf": [
            {"if": {"properties": {"type": {"const": t}}, "required": ["type"]}, "then": _ref(t)}
            for t in QUESTION_TYPES
        ],
    }
    optional = _ref("optionalText")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "quiz question bank",
        "description": "A question bank for quiz; the format is described in docs/bank-format.md.",
        "type": "object",
        "required": ["title", "questions"],
        "additionalProperties": False,
        "properties": {
            "title": _doc(_ref("text"), "The name of the bank."),
            "id": _doc(_ref("id"), "Defaults to the file name; progress is keyed by it."),
            "description": optional,
            "author": optional,
            "language": optional,
            "version": optional,
            "license": optional,
            "source": _doc(
                _ref("text"),
                "The document the questions come from: a path relative to this file, "
                "inside its folder.",
            ),
            "questions": _doc(
                {"type": "array", "minItems": 1, "items": _ref("question")},
                "At least one question.",
            ),
        },
        "$defs": defs,
    }


def schema_text() -> str:
    """The shipped schema file's text, as ``quiz schema`` prints it."""
    return SCHEMA_FILE.read_text(encoding="utf-8")


def render() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
