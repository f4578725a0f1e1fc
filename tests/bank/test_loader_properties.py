"""Property tests: whatever the loader is given, it returns a Bank or raises BankError."""

from __future__ import annotations

import json
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank.errors import BankError
from quiz.bank.export import bank_to_dict
from quiz.bank.keys import ALL_QUESTION_KEYS
from quiz.bank.loader import load_bank, loads_bank
from quiz.bank.model import QUESTION_TYPES, Bank

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_error(text: str) -> Bank | BankError:
    try:
        bank = loads_bank(text, "prop.yaml", base_dir=Path("/nonexistent"))
    except BankError as exc:
        assert exc.problems, "a BankError always carries its problems"
        for problem in exc.problems:
            assert problem.file == "prop.yaml"
            assert problem.line >= 0 and problem.column >= 0
            assert "\x1b" not in str(problem)
        return exc
    assert isinstance(bank, Bank)
    return bank


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "bank.yaml"
    path.write_bytes(data)
    try:
        load_bank(path)
    except BankError as exc:
        assert exc.problems


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text(text):
    load_or_error(text)


# YAML-looking text: lines of keys, dashes, indentation, quotes and brackets.
_TOKENS = st.sampled_from(
    [
        "title: ",
        "questions:",
        "  - ",
        "    ",
        "id: ",
        "type: ",
        "prompt: ",
        "answer: ",
        "choices: ",
        "{{",
        "}}",
        "[",
        "]",
        "{",
        "}",
        ",",
        '"',
        "'",
        "&a ",
        "*a",
        "!!python/object ",
        "|",
        ">",
        "\t",
        "\n",
        ": ",
        "- ",
        "#",
        "---",
        *QUESTION_TYPES,
        "true",
        "yes",
        "1991",
        "3.10",
        "\\e",
        "\\x",
        "\x1b",
    ]
)


@SETTINGS
@given(st.lists(_TOKENS | st.text(string.ascii_letters, max_size=5), max_size=80))
def test_yaml_looking_text(tokens):
    load_or_error("".join(tokens))


_SCALARS = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(QUESTION_TYPES),
    st.sampled_from(["{{a}}", "{{}}", "{{a|b}}", "a", "b", "yes", "NO"]),
)
_KEYS = st.sampled_from(sorted(ALL_QUESTION_KEYS) + ["text", "feedback", "x"])
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)
_QUESTIONS = st.dictionaries(_KEYS, _VALUES, max_size=8)


@SETTINGS
@given(
    st.fixed_dictionaries(
        {"title": _SCALARS, "questions": st.lists(_QUESTIONS, max_size=4)},
        optional={"id": _SCALARS, "source": _SCALARS, "version": _SCALARS},
    )
)
def test_bank_shaped_documents(document):
    load_or_error(yaml.safe_dump(document, allow_unicode=True))


_PLAIN_ANSWER = st.text(
    string.ascii_letters + string.digits + ".-_+~", min_size=1, max_size=12
).filter(lambda s: not s.startswith(("-", "~")) or len(s) > 1)


@SETTINGS
@given(_PLAIN_ANSWER)
def test_unquoted_answers_stay_the_text_written(answer):
    text = (
        f"title: T\nquestions:\n  - id: q\n    type: short\n    prompt: P\n    answer: {answer}\n"
    )
    result = load_or_error(text)
    if isinstance(result, Bank):
        assert result.questions[0].answer == answer


_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        # The characters that disguise text, which a bank may not hold (see yamlsafe).
        blacklist_characters="\ufeff\u200b\u200c\u200d\u2060"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=15,
).filter(lambda s: s.strip() and s == s.strip())


@SETTINGS
@given(st.lists(_TEXT, min_size=2, max_size=5, unique_by=lambda s: s.casefold()), st.data())
def test_generated_valid_banks_load_and_round_trip(choices, data):
    answer = data.draw(st.sampled_from(choices))
    document = {
        "title": data.draw(_TEXT),
        "questions": [
            {"id": "c", "type": "choice", "prompt": data.draw(_TEXT), "choices": choices,
             "answer": answer},
            {"id": "o", "type": "order", "prompt": "Order", "items": list(choices)},
            {"id": "s", "type": "short", "prompt": "P", "answer": answer, "case_sensitive": True},
        ],
    }  # fmt: skip
    bank = loads_bank(yaml.safe_dump(document, allow_unicode=True))
    assert bank.questions[0].answer_text == answer
    assert bank.questions[1].items == tuple(choices)
    exported = bank_to_dict(bank)
    assert bank_to_dict(loads_bank(json.dumps(exported, ensure_ascii=False))) == exported
