"""The format where teachers tripped: each slip gets its own message, at the right place, and a
syntax error no longer hides the problems of the rest of the file."""

from __future__ import annotations

import pytest

from quiz.bank import yamlparse
from quiz.bank.errors import BankError
from quiz.bank.export import question_to_dict
from quiz.bank.loader import loads_bank, loads_bank_with_warnings

HEAD = "title: T\nquestions:\n"


@pytest.fixture(params=["libyaml", "pure"], autouse=True)
def yaml_parser(request, monkeypatch):
    if request.param == "pure":
        monkeypatch.setattr(yamlparse, "BankLoader", yamlparse.PureBankLoader)
    return request.param


def bank(*lines: str) -> str:
    return HEAD + "".join(line + "\n" for line in lines)


def card(*extra: str, prompt: str = "P", answer: str = "A") -> str:
    return bank(
        "  - id: q", "    type: flashcard", f"    prompt: {prompt}", f"    answer: {answer}", *extra
    )


def problems(text: str) -> list[str]:
    with pytest.raises(BankError) as info:
        loads_bank(text, "b.yaml")
    return [str(p) for p in info.value.problems]


def warnings(text: str) -> list[str]:
    return [str(p) for p in loads_bank_with_warnings(text, "b.yaml")[1]]


# -- syntax errors in teachers' words ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "where", "says"),
    [
        (
            ["  - id: q", "    type: choice", "     choices: [a, b]", "    answer: a"],
            "5:6",
            "'choices' is indented further than 'type' on the line above",
        ),
        (
            ["  - id: q", "    type: flashcard", "    prompt: P", "      answer: A"],
            "6:7",
            "start 'answer' in column 5",
        ),
    ],
)
def test_over_indentation_is_not_told_to_use_quotes(lines, where, says):
    (found,) = problems(bank(*lines))
    assert found.startswith(f"b.yaml:{where}: error: ")
    assert says in found
    assert "quotes" not in found


def test_a_missing_dash_before_the_next_question(yaml_parser):
    text = card("  id: r", "    type: flashcard", "    prompt: P", "    answer: A")
    found = problems(text)[0]
    assert found.startswith("b.yaml:7:3: error: ")
    if yaml_parser == "libyaml":
        assert "a new question starts with '- ', like '  - id: r'" in found


@pytest.mark.parametrize("prompt", ["'What's the capital?'", "'The capital's name'"])
def test_an_apostrophe_inside_single_quotes(prompt):
    (found,) = problems(card(prompt=prompt))
    assert found.startswith("b.yaml:5:")
    assert "write an apostrophe as '' (two of them), or put the text in double quotes" in found


def test_a_leading_bracket_makes_a_list(yaml_parser):
    (found,) = problems(card(prompt="[Draft] What is it?"))
    assert found.startswith("b.yaml:5:")
    assert "a value that starts with '[' is a list in YAML" in found
    (found,) = problems(card(answer="[1991]"))
    assert "'answer' must be text, found a list (a value that starts with '['" in found


def test_curly_quotes_around_a_value_with_a_colon():
    (found,) = problems(card(prompt="“Ratio: 2:1”"))
    assert found.startswith("b.yaml:5:")
    assert "the typographic quote “ is not a YAML quote" in found
    assert 'use straight quotes, like prompt: "Ratio: 2:1"' in found


def test_after_a_syntax_error_the_other_questions_are_still_checked():
    text = bank(
        "  - id: a",
        "    type: flashcard",
        "    prompt: 'What's this?'",
        "    answer: A",
        "  - id: b",
        "    type: choice",
        "    prompt: P",
        "    choices: [x, y]",
        "    answer: z",
        "  - id: c",
        "    type: flashcard",
        "    prompt: P",
        "     answer: A",
        "  - id: b",
        "    type: tru_false",
        "    prompt: Q",
        "    answer: true",
    )
    found = problems(text)
    assert [p.split(": error: ")[0] for p in found] == [
        "b.yaml:5:19",
        "b.yaml:11:13",
        "b.yaml:15:6",
        "b.yaml:16:9",
        "b.yaml:17:11",
    ]
    assert "apostrophe" in found[0]
    assert 'answer "z" is not one of the choices' in found[1]
    assert "indented further" in found[2]
    assert 'duplicate question id "b"' in found[3]
    assert 'unknown question type "tru_false"' in found[4]


def test_a_syntax_error_before_the_questions_still_checks_them():
    text = (
        "title: 'It's mine'\nquestions:\n"
        "  - {id: q, type: choice, prompt: P, choices: [a, b], answer: c}\n"
    )
    found = problems(text)
    assert len(found) == 2
    assert found[0].startswith("b.yaml:1:")
    assert found[1].startswith("b.yaml:3:") and "not one of the choices" in found[1]


# -- warnings for text that is not what it looks like -----------------------------------------


def test_curly_quotes_used_as_quotes_warn():
    (found,) = warnings(card(prompt="“Ratio 2 to 1”"))
    assert found.startswith("b.yaml:5:13: warning: 'prompt' starts and ends with typographic")


def test_null_where_text_is_expected_warns():
    found = warnings(card("    hint: ~", answer="null"))
    assert len(found) == 2
    assert found[0].startswith("b.yaml:6:13: warning: 'answer' is null, which YAML reads as no")
    assert found[1].startswith("b.yaml:7:11: warning: 'hint' is ~, which YAML reads as no value")
    question = loads_bank(card("    hint: ~", answer="null")).questions[0]
    assert (question.answer, question.hint) == ("null", None)
    assert warnings(card(answer='"null"')) == []


def test_a_comment_cutting_a_prompt_short_warns():
    text = card(prompt="Who was US president #16?", answer="Lincoln   # the answer")
    (found,) = warnings(text)
    assert found.startswith("b.yaml:5:34: warning: 'prompt' stops before \"#16?\"")
    assert loads_bank(text).questions[0].prompt == "Who was US president"
    assert warnings(card(prompt='"Who was US president #16?"')) == []


# -- values ------------------------------------------------------------------------------------


def test_a_number_answer_among_decimal_choices_suggests_the_choice():
    (found,) = problems(
        bank(
            "  - id: q",
            "    type: choice",
            "    prompt: P",
            "    choices: [6.0, 7.0, 8.0]",
            "    answer: 7",
        )  # fmt: skip
    )
    assert found == (
        'b.yaml:7:13: error: answer "7" is not one of the choices '
        '(did you mean "7.0"? answers are compared as written)'
    )


def test_a_cloze_error_points_at_the_blank():
    text = bank(
        "  - id: q",
        "    type: cloze",
        "    prompt: >-",
        "      The {{capital}} of France",
        "      is {{}} and {{a||b}}.",
    )
    assert problems(text) == [
        "b.yaml:7:10: error: blank 2 is empty: write {{answer}}",
        'b.yaml:7:19: error: blank 3 has an empty alternative: "{{a||b}}"',
    ]
    (found,) = problems(bank("  - id: q", "    type: cloze", "    prompt: A {{x}} and {{ }}"))
    assert found.startswith("b.yaml:5:25: error: blank 2 is empty")


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "POP DIRECTIONAL ISOLATE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_bidi_and_zero_width_characters_are_refused_with_their_line(char, name):
    (found,) = problems(card(answer=f"Par{char}is"))
    assert (
        found
        == f"b.yaml:6:16: error: U+{ord(char):04X} ({name}) is not allowed in a bank; remove it"
    )
    (found,) = problems(card(answer=f'"Par\\u{ord(char):04x}is"'))
    assert found.startswith("b.yaml:6:13: error: 'answer' contains U+")


def test_source_may_be_a_list_of_quotes(tmp_path):
    (tmp_path / "doc.txt").write_text("Paris is the capital. Lyon is a city.", encoding="utf-8")
    text = (
        "title: T\nsource: doc.txt\nquestions:\n"
        "  - {id: q, type: flashcard, prompt: P, answer: A, source: [Paris is, Lyon is a city]}\n"
        "  - {id: r, type: flashcard, prompt: P, answer: A, source: Paris is the capital}\n"
    )
    q, r = loads_bank(text, "b.yaml", base_dir=tmp_path).questions
    assert q.sources == ("Paris is", "Lyon is a city")
    assert q.source == "Paris is\nLyon is a city"
    assert (r.sources, r.source) == (("Paris is the capital",), "Paris is the capital")
    assert question_to_dict(q)["source"] == ["Paris is", "Lyon is a city"]
    assert question_to_dict(r)["source"] == "Paris is the capital"
    with pytest.raises(BankError) as info:
        loads_bank(text.replace("Lyon is a city", "Lyon is a town"), "b.yaml", base_dir=tmp_path)
    (found,) = [str(p) for p in info.value.problems]
    assert found.startswith('b.yaml:4:71: error: source quote "Lyon is a town" is not in "doc.txt"')


def test_numeric_unit_and_cloze_any_order():
    text = bank(
        "  - {id: n, type: numeric, prompt: P, answer: 8849, unit: m}",
        "  - {id: c, type: cloze, prompt: '{{a}} and {{b}}', any_order: true}",
    )
    n, c = loads_bank(text).questions
    assert (n.unit, c.any_order) == ("m", True)
    assert question_to_dict(n)["unit"] == "m"
    assert question_to_dict(c)["any_order"] is True
    (found,) = problems(bank("  - {id: n, type: numeric, prompt: P, answer: 45%}"))
    assert "(write 'answer: 45' and 'unit: \"%\"'; learners may then type the unit)" in found


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("\U0001f469\u200d\U0001f52c", True),  # an emoji sequence
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", True),  # Persian with ZWNJ
        ("pay\u200dpal", False),  # an answer no one could type
        ("a\u200bb", False),
    ],
)
def test_joiners_are_text_between_non_ascii_letters_only(text, ok):
    from quiz.bank.errors import BankError
    from quiz.bank.loader import loads_bank

    bank = "title: T\nquestions:\n  - id: a\n    type: flashcard\n"
    bank += f'    prompt: "{text}"\n    answer: x\n'
    if ok:
        assert loads_bank(bank).questions[0].prompt == text
    else:
        with pytest.raises(BankError, match="ZERO WIDTH"):
            loads_bank(bank)


def test_a_key_with_no_value_before_a_stray_colon_gets_an_error_not_a_crash():
    # Found by hypothesis: the empty value after "title: " was taken for a typographic quote.
    with pytest.raises(BankError):
        loads_bank("questions:\n\ttitle: \n")
    with pytest.raises(BankError):
        loads_bank("title: a\nquestions:\n  - id: x\n    prompt: b: \n")
