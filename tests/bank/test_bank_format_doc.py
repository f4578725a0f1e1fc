"""The examples in docs/bank-format.md are valid banks, and it names every key of the format."""

from __future__ import annotations

import re
from pathlib import Path

from quiz.bank.keys import ALL_QUESTION_KEYS, BANK_KEYS
from quiz.bank.loader import loads_bank
from quiz.bank.model import QUESTION_TYPES

DOC = Path(__file__).parents[2] / "docs" / "bank-format.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_complete_example_loads(tmp_path):
    (complete,) = [b for b in BLOCKS if b.startswith("# yaml-language") and "questions:" in b]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "france.txt").write_text(
        "Paris is the capital of France.", encoding="utf-8"
    )
    bank = loads_bank(complete, str(tmp_path / "france_geography.yaml"))
    assert bank.id == "france-geography"
    assert bank.questions[0].answer_text == "Paris"


def test_every_question_example_loads():
    questions = [b for b in BLOCKS if b.startswith("  - id:")]
    assert len(questions) >= len(QUESTION_TYPES)
    bank = loads_bank("title: Examples\nquestions:\n" + "".join(questions))
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)


def test_every_key_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for key in {*BANK_KEYS, *ALL_QUESTION_KEYS, "text", "feedback"}:
        assert f"`{key}`" in text, key
