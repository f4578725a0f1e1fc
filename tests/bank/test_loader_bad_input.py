"""Bad input gets a clear error with a position: never a traceback, a hang or a memory blow-up.

One test (or more) per item of the issue's list: empty file, not a mapping, not UTF-8, tabs in
indentation, unclosed quotes, binary junk, billion laughs, deep nesting, the size limit, control
characters; plus YAML tags, several documents, anchors and the strict-format errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank import reading, yamlparse
from quiz.bank.errors import BankError, Problem
from quiz.bank.loader import load_bank, loads_bank

GOOD = "title: T\nquestions:\n  - id: q\n    type: flashcard\n    prompt: P\n    answer: A\n"


@pytest.fixture(params=["libyaml", "pure"], autouse=True)
def yaml_parser(request, monkeypatch):
    if request.param == "pure":
        monkeypatch.setattr(yamlparse, "BankLoader", yamlparse.PureBankLoader)
    return request.param


def problems(source: str | bytes | Path, **kwargs) -> list[Problem]:
    with pytest.raises(BankError) as info:
        if isinstance(source, Path):
            load_bank(source, **kwargs)
        else:
            loads_bank(source, "bank.yaml", **kwargs)
    return info.value.problems


def only(source: str | bytes | Path, **kwargs) -> Problem:
    found = problems(source, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"])
def test_empty_file(text, write_bank):
    problem = only(write_bank(text))
    assert problem.message.startswith("the file is empty")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("- a\n- b\n", "found a list"),
        ("just some text\n", 'found the text "just some text"'),
        ("42\n", 'found the text "42"'),
    ],
)
def test_top_level_not_a_mapping(text, found):
    problem = only(text)
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.endswith(found)
    assert "must be a mapping with 'title' and 'questions'" in problem.message


def test_not_utf8_reports_the_line_of_the_first_bad_byte(write_bank):
    path = write_bank(GOOD.encode() + b"    hint: caf\xe9 au lait\n")
    problem = only(path)
    assert (problem.file, problem.line, problem.column) == (str(path), 7, 14)
    assert problem.message == (
        "the file is not UTF-8 text (byte 0xe9 here cannot be read); "
        "save it with the UTF-8 encoding"
    )


def test_latin1_on_the_first_line(write_bank):
    problem = only(write_bank("title: Caf\xe9\n".encode("latin-1")))
    assert (problem.line, problem.column) == (1, 11)


def test_utf16(write_bank):
    problem = only(write_bank(GOOD.encode("utf-16")))
    assert "UTF-16" in problem.message


def test_utf8_bom_is_fine(write_bank):
    assert load_bank(write_bank(b"\xef\xbb\xbf" + GOOD.encode())).title == "T"


def test_crlf_line_endings_are_fine(write_bank):
    bank = load_bank(write_bank(GOOD.replace("\n", "\r\n").encode()))
    assert bank.questions[0].answer == "A"


def test_tab_in_indentation():
    problem = only("title: T\nquestions:\n\t- id: q\n")
    assert (problem.line, problem.column) == (3, 1)
    assert problem.message == "tab character in the indentation; YAML indents with spaces only"


def test_tab_in_the_indentation_of_a_key():
    problem = only(GOOD.replace("    prompt", "  \tprompt"))
    assert problem.message == "tab character in the indentation; YAML indents with spaces only"
    assert problem.line == 5


def test_tab_inside_a_value_is_text(yaml_parser):
    text = GOOD.replace("prompt: P", 'prompt: "a\\tb"')
    assert loads_bank(text).questions[0].prompt == "a\tb"
    text = GOOD.replace("answer: A", "answer: A\tB")
    if yaml_parser == "pure":
        # PyYAML's own scanner cannot read a tab inside a plain value; libyaml can.
        assert "tab character" in only(text).message
    else:
        assert loads_bank(text).questions[0].answer == "A\tB"


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_points_at_the_opening_quote(quote):
    text = GOOD.replace("prompt: P", f"prompt: {quote}What is it?")
    problem = only(text)
    assert (problem.line, problem.column) == (5, 13)
    assert problem.message == "this quoted text is never closed: add the closing quote"


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_left_open_before_another_quote_points_at_the_opening_quote(quote):
    # The open quote runs on to the next quote character lines later, where the parser
    # fails; the message must send the teacher back to where the quote opened.
    text = (
        "title: Open\n"
        "questions:\n"
        "  - id: q1\n"
        "    type: true_false\n"
        f"    prompt: {quote}Is it?\n"
        "    answer: true\n"
        "  - id: q2\n"
        "    type: true_false\n"
        f"    prompt: {quote}Is it?{quote}\n"
        "    answer: true\n"
    )
    problem = only(text)
    assert (problem.line, problem.column) == (5, 13)
    assert f"is its closing {quote} missing?" in problem.message


def test_quoted_text_over_several_lines_is_fine():
    text = GOOD.replace("prompt: P", 'prompt: "Line one\n      goes on here: fine"')
    assert loads_bank(text).questions[0].prompt == "Line one goes on here: fine"


def test_colon_in_a_plain_value_gets_a_hint():
    problem = only(GOOD.replace("prompt: P", "prompt: Question: what is it?"))
    assert problem.line == 5
    assert "must be put in quotes" in problem.message


def test_unclosed_flow_list():
    problem = only("title: T\nquestions: [a, b\nid: x\n")
    assert problem.message == "a ',' or ']' is missing in the list that starts at line 2"


def test_bad_indentation(yaml_parser):
    problem = only("title: T\nquestions:\n  - id: q\n    type: flashcard\n   prompt: P\n")
    assert (problem.line, problem.column) == (5, 4)
    if yaml_parser == "libyaml":
        assert problem.message == (
            "expected a '- ' list item here: check the indentation of this line "
            "(the list starts at line 3)"
        )


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x7fELF\x02\x01\x01\x00",
        bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1]) * 50,
        b"PK\x03\x04\x14\x00\x06\x00",
    ],
)
def test_binary_junk(junk, write_bank):
    problem = problems(write_bank(junk))[0]
    assert problem.severity == "error"
    assert any(
        words in problem.message for words in ("binary file", "not UTF-8", "is not allowed")
    ), problem


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "title: T\n" + "\n".join(lines) + "\nquestions: [*i]\n"
    assert len(text) < 1000
    found = problems(text)
    assert all("anchor" in p.message or "alias" in p.message for p in found)
    assert found[0].line == 2
    assert found[0].message.startswith("anchor '&a' is not supported in banks")


def test_aliases_are_refused_even_small():
    text = GOOD.replace("prompt: P", "prompt: &p P").replace("answer: A", "answer: *p")
    messages = [p.message for p in problems(text)]
    assert messages[0].startswith("anchor '&p' is not supported")
    assert messages[1].startswith("alias '*p' is not supported in banks; write the value out")


def test_ampersand_and_star_in_text_are_fine():
    text = GOOD.replace("prompt: P", "prompt: Q&A, 2 * 3, R&D *not* an alias")
    assert loads_bank(text).questions[0].prompt == "Q&A, 2 * 3, R&D *not* an alias"


def test_undefined_alias():
    problem = only(GOOD.replace("answer: A", "answer: *nothing"))
    assert "aliases" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 5_000 + "b" + "}" * 5_000,
        "".join(" " * i + "- \n" for i in range(3_000)),
        "".join(" " * i + "a:\n" for i in range(3_000)),
        "title: T\nquestions: " + "[" * 3_000 + "]" * 3_000,
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "block-maps", "inside-questions"],
)
# The pure-Python parser takes seconds over ten thousand brackets: sorted with the long tests
# so it never runs last on one worker while the other has finished.
@pytest.mark.takes_seconds
def test_deep_nesting(text):
    found = problems(text)
    assert found[0].severity == "error"


def test_size_limit_is_checked_before_reading(write_bank, monkeypatch):
    path = write_bank(GOOD + "# padding\n" * 100)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(reading.os, "open", no_reading)
    problem = only(path, max_bytes=100)
    assert problem.message == "the file is too large (1.1 KiB; the limit is 100 bytes)"


def test_size_limit_default_is_64_mib(write_bank):
    assert load_bank.__kwdefaults__["max_bytes"] == 64 * 1024 * 1024
    assert load_bank(write_bank(GOOD), max_bytes=len(GOOD)).title == "T"


def test_missing_file_and_folder(tmp_path):
    assert only(tmp_path / "nope.yaml").message == "file not found"
    assert only(tmp_path).message == "this is a folder, not a bank file"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x1b", "U+001B (ESC)"),
        ("\x00", "U+0000 (NUL)"),
        ("\x07", "U+0007 (BEL)"),
        ("\x7f", "U+007F (DEL)"),
        ("\x9b", "U+009B (control character)"),
        ("\x85", "U+0085 (NEL)"),
        ("\u2028", "U+2028 (LINE SEPARATOR)"),
        ("\ud800", "U+D800 (invalid character)"),
        ("\uffff", "U+FFFF (invalid character)"),
    ],
)
def test_raw_control_characters(char, name):
    problem = only(GOOD.replace("answer: A", f"answer: A{char}[31mred"))
    assert (problem.line, problem.column) == (6, 14)
    assert problem.message == f"{name} is not allowed in a bank; remove it"


@pytest.mark.parametrize("escape", ["\\e[31m", "\\x1b", "\\x07", "\\u009b", "\\r", "\\0", "\\N"])
def test_escaped_control_characters_in_double_quotes(escape):
    problem = only(GOOD.replace("prompt: P", f'prompt: "red {escape} text"'))
    assert (problem.line, problem.column) == (5, 13)
    assert problem.message.startswith("'prompt' contains U+00")


def test_escaped_control_character_in_a_choice_feedback():
    text = (
        "title: T\nquestions:\n  - id: q\n    type: choice\n    prompt: P\n"
        '    choices:\n      - {text: a, feedback: "\\e]0;pwned\\a"}\n      - b\n    answer: a\n'
    )
    problem = only(text)
    assert problem.line == 7
    assert "the feedback of choice 1 contains U+001B (ESC)" in problem.message


def test_many_control_characters_are_summarised():
    found = problems(GOOD + "".join(f"# \x1b{i}\n" for i in range(30)))
    assert len(found) == 11
    assert found[0].message == "20 more control characters not shown"


def test_messages_never_print_raw_control_characters():
    text = GOOD.replace("answer: A", 'answer: A\n    "\\e[2J\\x9b": x')
    (problem,) = problems(text)
    assert "\x1b" not in str(problem) and "\x9b" not in str(problem)
    assert "unknown key '\\x1b[2J\\x9b'" in problem.message


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom P",
        "!!set {a, b}",
    ],
)
def test_yaml_tags_are_errors_never_executed(tagged):
    problem = only(GOOD.replace("prompt: P", f"prompt: {tagged}"))
    assert problem.line == 5
    assert "is not allowed in banks" in problem.message


def test_tag_on_the_questions_list():
    problem = only("title: T\nquestions: !!set {a, b}\n")
    assert 'YAML tag "!!set" is not allowed' in problem.message


def test_explicit_str_tag_is_text():
    assert loads_bank(GOOD.replace("prompt: P", "prompt: !!str 1991")).questions[0].prompt == "1991"


def test_two_documents():
    problem = only(GOOD + "---\n" + GOOD)
    assert problem.line == 7
    assert problem.message == "a second YAML document starts here; a bank file holds exactly one"


def test_duplicate_keys_at_every_level():
    text = (
        "title: T\ntitle: U\nquestions:\n  - id: q\n    type: match\n    prompt: P\n"
        "    prompt: P2\n    pairs:\n      a: b\n      a: c\n      d: e\n"
    )
    assert [(p.line, p.message) for p in problems(text)] == [
        (2, "duplicate key 'title' (first given at line 1)"),
        (7, "duplicate key 'prompt' (first given at line 6)"),
        (10, "duplicate key 'a' (first given at line 9)"),
    ]


def test_merge_keys_are_not_special():
    found = problems(GOOD.replace("answer: A", "answer: A\n    <<: {hint: h}"))
    assert "unknown key '<<'" in found[0].message


def test_long_values_are_cut_in_messages():
    long_answer = "x" * 500
    text = (
        "title: T\nquestions:\n  - id: q\n    type: choice\n    prompt: P\n"
        f"    choices: [a, b]\n    answer: {long_answer}\n"
    )
    message = only(text).message
    assert len(message) < 120
    assert "…" in message
