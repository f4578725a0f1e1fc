"""The streamed load (a bank built one question at a time from the parser's events) gives
exactly what the full parse gives, and hands everything else over to it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from banktest import FIXTURES, SEMANTIC, STRUCTURAL, VALID

from quiz.bank import build, yamlparse
from quiz.bank.errors import BankError
from quiz.bank.loader import load_bank, loads_bank, loads_bank_with_warnings
from quiz.bank.report import Report

BUNDLED = Path(__file__).resolve().parents[2] / "question_banks"
ITEM = "{id: q, type: flashcard, prompt: P, answer: A}"
SHAPES = {
    "anchor": "title: &t T\nquestions:\n  - id: q\n    type: flashcard\n    prompt: P\n"
    "    answer: A\n",
    "alias": f"title: T\nquestions:\n  - &q {ITEM}\n  - *q\n",
    "tagged": f"title: T\nquestions: !list\n  - {ITEM}\n",
    "default tag": f"title: T\nquestions: !!seq\n  - {ITEM}\n",
    "two documents": "title: T\nquestions: []\n---\ntitle: U\n",
    "flow": f"{{title: T, questions: [{ITEM}]}}\n",
    "questions first": f"questions:\n  - {ITEM}\ntitle: T\n",
    "questions twice": f"title: T\nquestions:\n  - {ITEM}\nquestions:\n  - {ITEM}\n",
    "a list": "- title: T\n",
    "empty": "",
    "nested deep": "title: T\nquestions:\n  - id: q\n    tags: " + "[" * 200 + "]" * 200 + "\n",
    "syntax error late": f"title: T\nquestions:\n  - {ITEM}\n  - id: r\n   type: x\n",
}
HANDED_OVER = ("anchor", "alias", "tagged", "two documents", "questions twice", "nested deep")
WARNINGS = """\
title: Warnings
questions:
  - id: q1
    type: short
    prompt: Who was president #16?
    answer: “Lincoln”
    accept: [Lincoln, lincoln]
    hint: null
    tags: [a, a]
    source: a quote, with no source document
  - id: q2
    type: choice
    prompt: "Not a cloze: {{Rome}}"
    choices: [A, B, C, D, E, F, G, H, I, J]
    answer: A
    explanation: ""
"""


@pytest.fixture(params=["libyaml", "pure"], autouse=True)
def yaml_parser(request, monkeypatch):
    if request.param == "pure":
        monkeypatch.setattr(yamlparse, "BankLoader", yamlparse.PureBankLoader)
    return request.param


def both(text: str, base_dir: Path) -> tuple[object, object]:
    """What the streamed load gives (None: handed over) and what the full parse gives."""
    where = {"path": None, "base_dir": base_dir, "max_bytes": 10**7}
    streamed = build._load_streamed(text, "bank.yaml", **where)
    try:
        composed: object = build._load_composed(text, Report("bank.yaml"), **where)
    except BankError as exc:
        composed = exc.problems
    return streamed, composed


def files() -> list[Path]:
    return [*VALID, *STRUCTURAL, *SEMANTIC, *sorted(BUNDLED.glob("*.yaml"))]


@pytest.mark.parametrize("path", files(), ids=lambda p: p.name)
def test_a_file_streams_to_what_the_full_parse_gives_or_is_handed_over(path):
    streamed, composed = both(path.read_text(encoding="utf-8"), path.parent)
    if path in VALID or path.parent == BUNDLED:
        assert streamed is not None, "a valid bank loads without the full parse"
    if streamed is not None:
        assert streamed == composed
        assert repr(streamed) == repr(composed)  # (also the fields left out of ==)


@pytest.mark.parametrize("shape", SHAPES)
def test_unusual_shapes_give_what_the_full_parse_gives(shape):
    streamed, composed = both(SHAPES[shape], FIXTURES)
    assert streamed is None or streamed == composed
    if shape in HANDED_OVER:
        assert streamed is None
    if shape in ("default tag", "flow", "questions first"):
        assert streamed is not None


def test_warnings_are_the_same_and_in_the_same_order():
    streamed, composed = both(WARNINGS, FIXTURES)
    assert streamed is not None and streamed == composed
    assert len(streamed[1]) >= 8


def test_an_anchor_is_still_reported_where_it_is():
    with pytest.raises(BankError) as info:
        loads_bank(SHAPES["anchor"], "bank.yaml")
    assert [str(p) for p in info.value.problems] == [
        "bank.yaml:1:8: error: anchor '&t' is not supported in banks; remove it "
        "(to start a value with '&', put it in quotes)"
    ]


def test_the_questions_are_not_kept_while_streaming():
    text = "title: T\nquestions:\n" + "".join(
        f"  - {{id: q{n}, type: flashcard, prompt: P, answer: A}}\n" for n in range(5)
    )
    doc = yamlparse.StreamedDocument(text)
    items = list(doc.questions())
    composed = yamlparse.compose(text, Report("bank.yaml"))
    assert composed is not None
    assert doc.root is not None and doc.questions_node is not None
    assert doc.questions_node.value == []  # handed over, not kept
    assert [(k.value, k.start_mark.line) for k, _ in doc.root.value] == [
        (k.value, k.start_mark.line) for k, _ in composed.value
    ]
    for mine, theirs in zip(items, composed.value[1][1].value, strict=True):
        assert dump(mine) == dump(theirs)


def dump(node) -> object:
    """Everything the builder reads of a node: kind, tag, style, value and marks."""
    marks = [(m.line, m.column, m.index) for m in (node.start_mark, node.end_mark)]
    style = getattr(node, "style", getattr(node, "flow_style", None))
    if isinstance(node.value, str):
        value: object = node.value
    elif node.value and isinstance(node.value[0], tuple):
        value = [(dump(k), dump(v)) for k, v in node.value]
    else:
        value = [dump(v) for v in node.value]
    return type(node).__name__, node.tag, style, marks, value


def test_the_collector_is_back_on_after_a_load_and_after_an_error(write_bank):
    assert gc.isenabled()
    loads_bank_with_warnings(WARNINGS)
    assert gc.isenabled()
    with pytest.raises(BankError):
        loads_bank("title: T\n")
    assert gc.isenabled()
    load_bank(write_bank(WARNINGS))
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_app_stays_off():
    gc.disable()
    try:
        loads_bank(WARNINGS)
        assert not gc.isenabled()
    finally:
        gc.enable()
