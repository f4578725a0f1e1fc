"""The JSON Schema and the loader agree: on the fixtures, and in the keys they know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bankschema import errors, load_yaml12
from banktest import SEMANTIC, STRUCTURAL, VALID

from quiz.bank.errors import BankError
from quiz.bank.keys import BANK_KEYS, CHOICE_KEYS, KEYS_BY_TYPE
from quiz.bank.loader import load_bank
from quiz.bank.schema import SCHEMA_FILE, build_schema, render

SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def schema_errors(path: Path) -> list[str]:
    return errors(SCHEMA, load_yaml12(path.read_text(encoding="utf-8")))


def test_shipped_schema_is_the_generated_one():
    assert build_schema() == SCHEMA, "regenerate with: python -m quiz.bank.schema"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render()


def test_schema_is_draft_2020_12_and_found_from_question_banks():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # The modeline in question_banks/*.yaml points here, relative to that folder.
    modeline_target = Path(__file__).parents[2] / "question_banks" / "../quiz/bank/bank.schema.json"
    assert modeline_target.resolve() == SCHEMA_FILE.resolve()


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_pass_both(path):
    load_bank(path)
    assert schema_errors(path) == []


@pytest.mark.parametrize("path", STRUCTURAL, ids=lambda p: p.name)
def test_structural_errors_fail_both(path):
    with pytest.raises(BankError):
        load_bank(path)
    assert schema_errors(path) != []


@pytest.mark.parametrize("path", SEMANTIC, ids=lambda p: p.name)
def test_semantic_errors_fail_the_loader(path):
    # Beyond the schema's reach (answers among choices, unique ids, quotes): the loader's job.
    with pytest.raises(BankError):
        load_bank(path)


def test_shipped_banks_pass_the_schema():
    banks = sorted((Path(__file__).parents[2] / "question_banks").glob("*.yaml"))
    assert banks
    for path in banks:
        load_bank(path)
        assert schema_errors(path) == [], path


def test_schema_knows_the_loaders_keys():
    assert set(SCHEMA["properties"]) == set(BANK_KEYS)
    defs = SCHEMA["$defs"]
    for qtype, keys in KEYS_BY_TYPE.items():
        assert set(defs[qtype]["properties"]) == keys, qtype
    assert defs["question"]["properties"]["type"]["enum"] == list(KEYS_BY_TYPE)
    choice_mapping = defs["choices"]["items"]["anyOf"][1]
    assert set(choice_mapping["properties"]) == set(CHOICE_KEYS)
