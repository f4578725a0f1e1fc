"""The loader on well-formed banks: every type, text kept as written, ids, warnings, messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from banktest import FIXTURES

from quiz.bank import yamlparse
from quiz.bank.errors import BankError
from quiz.bank.loader import (
    load_bank,
    load_bank_with_warnings,
    loads_bank,
    loads_bank_with_warnings,
)
from quiz.bank.model import (
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)

EVERY_TYPE = FIXTURES / "valid" / "every_type.yaml"
FLASH = "type: flashcard\nprompt: P\nanswer: A"


def bank_with(question: str, **top: str) -> str:
    """A one-question bank; ``question`` is the question's lines, indented by 4."""
    head = "".join(f"{k}: {v}\n" for k, v in {"title": "T", **top}.items())
    body = "\n".join("    " + line for line in question.strip("\n").splitlines())
    return f"{head}questions:\n  - id: q\n{body}\n"


def errors_of(text: str, filename: str = "bank.yaml") -> list[str]:
    with pytest.raises(BankError) as info:
        loads_bank(text, filename)
    return [str(p) for p in info.value.problems]


@pytest.fixture(params=["libyaml", "pure"], autouse=True)
def yaml_parser(request, monkeypatch):
    """Every test here runs with libyaml and with PyYAML's pure-Python parser."""
    if request.param == "pure":
        monkeypatch.setattr(yamlparse, "BankLoader", yamlparse.PureBankLoader)
    return request.param


def test_every_type_loads_into_the_model():
    bank = load_bank(EVERY_TYPE)
    assert bank.id == "every-type"
    assert bank.title == "Geography, every question type"
    assert (bank.author, bank.language, bank.version, bank.license) == (
        "quiz tests",
        "en",
        "1.0",
        "CC0-1.0",
    )
    assert bank.source == "sources/geography.txt"
    assert bank.path == EVERY_TYPE
    q = {question.id: question for question in bank.questions}
    assert [type(x).__name__ for x in bank.questions] == [
        "ChoiceQuestion",
        "ChoiceQuestion",
        "MultiQuestion",
        "TrueFalseQuestion",
        "TrueFalseQuestion",
        "ShortQuestion",
        "NumericQuestion",
        "ClozeQuestion",
        "MatchQuestion",
        "OrderQuestion",
        "FlashcardQuestion",
    ]
    capital = q["capital"]
    assert isinstance(capital, ChoiceQuestion)
    assert capital.choices[capital.answer] == Choice("Paris")
    assert capital.tags == ("europe", "capitals")
    assert capital.points == 2.0
    assert capital.hint == "It is on the Seine."
    assert capital.line == 12
    river = q["river-mouth"]
    assert isinstance(river, ChoiceQuestion)
    assert river.choices[0] == Choice("Le Havre", "Right, the text names Le Havre.")
    assert river.choices[2] == Choice("Bordeaux")
    assert river.answer == 0
    neighbours = q["neighbours"]
    assert isinstance(neighbours, MultiQuestion)
    assert neighbours.answer_texts == ("Belgium", "Spain")
    assert q["everest-highest"] == TrueFalseQuestion(
        id="everest-highest",
        prompt="Mount Everest is the highest mountain on Earth.",
        answer=True,
        source="Mount Everest, at 8,849 metres, is the highest mountain on Earth.",
        line=q["everest-highest"].line,
    )
    assert isinstance(q["nile-most-water"], TrueFalseQuestion)
    assert q["nile-most-water"].answer is False
    short = q["capital-short"]
    assert isinstance(short, ShortQuestion)
    assert (short.answer, short.accept, short.case_sensitive) == (
        "Paris",
        ("Paris, France", "City of Paris"),
        False,
    )
    numeric = q["everest-height"]
    assert isinstance(numeric, NumericQuestion)
    assert (numeric.answer, numeric.tolerance, numeric.points) == (8849.0, 1.0, 1.5)
    cloze = q["capital-cloze"]
    assert isinstance(cloze, ClozeQuestion)
    assert cloze.blanks == (("Paris",), ("France", "the French Republic"))
    assert cloze.case_sensitive is True
    assert cloze.display_prompt() == "[1] _____ is the capital of [2] _____."
    match = q["rivers"]
    assert isinstance(match, MatchQuestion)
    assert match.pairs[0] == ("Nile", "often called the longest")
    assert len(match.pairs) == 3
    order = q["borders-order"]
    assert isinstance(order, OrderQuestion)
    assert order.items == ("Belgium", "Luxembourg", "Germany", "Switzerland")
    card = q["capital-card"]
    assert isinstance(card, FlashcardQuestion)
    assert (card.prompt, card.answer) == ("Capital of France", "Paris")
    assert bank.key(card) == "every-type/capital-card"


def test_text_stays_exactly_as_written():
    bank = load_bank(FIXTURES / "valid" / "stay_strings.yaml")
    assert bank.title == "1984"
    year, norway, yes_no, version, order = bank.questions
    assert year.id == "1"
    assert [c.text for c in year.choices] == ["1989", "1991", "3.10", "3.1"]
    assert year.answer_text == "1991"
    assert (norway.answer, norway.accept) == ("NO", ("no", "No"))
    assert [c.text for c in yes_no.choices] == ["yes", "no", "on", "off", "y", "n"]
    assert yes_no.answer_text == "no"
    assert (version.prompt, version.answer) == ("0x10", "010")
    assert order.id == "2.5"
    assert order.items == ("1", "2", "10")


@pytest.mark.parametrize("written", ["NO", "no", "1991", "3.10", "null", "~", "on", "1e3"])
def test_answers_that_yaml_11_would_retype_stay_strings(written):
    bank = loads_bank(bank_with(f"type: short\nprompt: P\nanswer: {written}"))
    assert bank.questions[0].answer == written


@pytest.mark.parametrize(
    ("written", "value"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False)],
)
def test_true_false_takes_plain_booleans(written, value):
    bank = loads_bank(bank_with(f"type: true_false\nprompt: P\nanswer: {written}"))
    assert bank.questions[0].answer is value


@pytest.mark.parametrize(
    ("written", "value"), [("42", 42.0), ("-3.5", -3.5), ("1e3", 1000.0), (".5", 0.5), ("+2", 2.0)]
)
def test_numbers_where_the_format_has_them(written, value):
    text = bank_with(
        f"type: numeric\nprompt: P\nanswer: {written}\ntolerance: {written.strip('-')}"
    )
    question = loads_bank(text).questions[0]
    assert question.answer == value
    assert question.tolerance == abs(value)


def test_points_default_and_given():
    assert loads_bank(bank_with("type: flashcard\nprompt: P\nanswer: A")).questions[0].points == 1
    text = bank_with("type: flashcard\nprompt: P\nanswer: A\npoints: 0.5")
    assert loads_bank(text).questions[0].points == 0.5


def test_block_scalars_lose_only_their_final_line_break():
    bank = load_bank(FIXTURES / "valid" / "block_scalars.yaml")
    q = bank.questions[0]
    assert bank.title == "Folded title"
    assert q.prompt == "Line one of the prompt.\nLine two: with a colon."
    assert [c.text for c in q.choices] == [
        "Quoted: with a colon",
        "Single 'quoted'",
        "Folded choice",
    ]
    assert q.explanation == "An explanation that is folded over two lines."


def test_bank_id_defaults_to_the_file_stem(write_bank):
    path = write_bank("title: T\nquestions: [{id: q, type: flashcard, prompt: P, answer: A}]\n",
                      "my_bank-2.yaml")  # fmt: skip
    assert load_bank(path).id == "my_bank-2"
    assert loads_bank(path.read_text()).id == "bank"
    assert loads_bank(path.read_text(), "geo.yml").id == "geo"


def test_bank_id_from_a_file_name_that_is_no_slug(write_bank):
    path = write_bank("title: T\nquestions: [{id: q, type: flashcard, prompt: P, answer: A}]\n",
                      "my bank.yaml")  # fmt: skip
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert "add 'id: my-bank' or rename the file" in info.value.first.message
    assert info.value.first.file == str(path)


def test_explicit_bank_id_must_be_a_slug():
    (message,) = errors_of("title: T\nid: my bank\nquestions: [{id: q, type: flashcard, "
                           "prompt: P, answer: A}]\n")  # fmt: skip
    assert message.startswith('bank.yaml:2:5: error: bank id "my bank" is not valid')


def test_the_style_guide_message_exactly():
    text = (
        "title: Geography\n"
        + "\n" * 9
        + "questions:\n"
        + "- id: capital\n"
        + "  type: choice\n"
        + "  answer: Pari\n"
        + "  prompt: What is the capital of France?\n"
        + "  choices: [Paris, Lyon, Marseille]\n"
    )
    assert errors_of(text, "geo.yaml") == [
        'geo.yaml:14:11: error: answer "Pari" is not one of the choices (did you mean "Paris"?)'
    ]


def test_every_problem_of_a_file_at_once():
    text = (
        "title: T\n"
        "titel: x\n"
        "questions:\n"
        "  - id: a\n"
        "    type: choice\n"
        "    prompt: P\n"
        "    choices: [x, y]\n"
        "    answer: z\n"
        "  - id: a\n"
        "    type: flashcard\n"
        "    prompt: P\n"
        "  - id: c\n"
        "    type: cloze\n"
        "    prompt: no blank\n"
        "    explantion: E\n"
    )
    assert errors_of(text) == [
        "bank.yaml:2:1: error: unknown key 'titel' at the top level (did you mean 'title'?)",
        'bank.yaml:8:13: error: answer "z" is not one of the choices',
        "bank.yaml:9:5: error: missing 'answer': the back of the card",
        'bank.yaml:9:9: error: duplicate question id "a" (first used at line 4); '
        "ids must be unique in a bank",
        "bank.yaml:14:13: error: a cloze prompt needs at least one blank, written as "
        "{{answer}} or {{answer|alternative}}",
        "bank.yaml:15:5: error: unknown key 'explantion' (did you mean 'explanation'?)",
    ]


def test_warnings_do_not_stop_loading():
    bank, warnings = load_bank_with_warnings(FIXTURES / "valid" / "optional_empty.yaml")
    assert len(bank.questions) == 2
    assert bank.questions[0].hint is None
    assert bank.questions[0].tags == ("europe",)
    assert [(w.line, w.severity) for w in warnings] == [
        (8, "warning"),
        (9, "warning"),
        (10, "warning"),
        (11, "warning"),
        (14, "warning"),
    ]
    assert "'hint' is empty" in warnings[1].message
    assert load_bank(FIXTURES / "valid" / "optional_empty.yaml") == bank


def test_warnings_travel_with_errors():
    text = bank_with("type: short\nprompt: P\nanswer: A\naccept: [a]\nexplanation: [x]")
    with pytest.raises(BankError) as info:
        loads_bank(text)
    assert [p.severity for p in info.value.problems] == ["error", "warning"]


TEN = [f"option {n}" for n in range(1, 11)]


@pytest.mark.parametrize(
    ("question", "warning"),
    [
        (f"type: choice\nprompt: P\nchoices: {TEN}\nanswer: option 9",
         "bank.yaml:6:14: warning: more than 9 choices (10): the app picks choices with the keys "
         "1-9, so the 10th and later can only be chosen with the arrow keys"),
        (f"type: multi\nprompt: P\nchoices: {TEN}\nanswers: [option 1]",
         "bank.yaml:6:14: warning: more than 9 choices (10)"),
        ("type: match\nprompt: P\npairs: {" + ", ".join(f"l{n}: {n}" for n in range(10)) + "}",
         "bank.yaml:6:12: warning: more than 9 pairs (10): the app picks a match with the keys "
         "1-9, so the 10th option and later can only be chosen with the arrow keys"),
    ],
)  # fmt: skip
def test_more_options_than_digit_keys_is_a_warning(question, warning):
    bank, warnings = loads_bank_with_warnings(bank_with(question), "bank.yaml")
    assert len(bank.questions) == 1
    (found,) = map(str, warnings)
    assert found.startswith(warning)
    # Nine fit the keys 1-9: no warning.
    nine = question.replace(", 'option 10']", "]").replace(", l9: 9}", "}")
    assert loads_bank_with_warnings(bank_with(nine), "bank.yaml")[1] == []


def test_a_long_order_list_is_fine():
    # Order items are moved with the arrow keys, not picked with digits.
    items = [f"step {n}" for n in range(12)]
    question = f"type: order\nprompt: P\nitems: {items}"
    assert loads_bank_with_warnings(bank_with(question))[1] == []


def test_a_valid_bank_has_no_warnings():
    assert loads_bank_with_warnings(bank_with("type: flashcard\nprompt: P\nanswer: A"))[1] == []


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("type: choice\nprompt: P\nchoices: [a, b]\nanswer: A",
         'answer "A" is not one of the choices (did you mean "a"?)'),
        ("type: multi\nprompt: P\nchoices: [Paris, Rome]\nanswers: [Paris, Rom]",
         'answer "Rom" is not one of the choices (did you mean "Rome"?)'),
        ("type: multi\nprompt: P\nchoices: [a, b]\nanswers: [a, a]", 'answer "a" is listed twice'),
        ("type: multi\nprompt: P\nchoices: [a, b]\nanswers: a",
         "'answers' must be a list, found the text \"a\" (write a list: [a, b], or one '- item' "
         "per line)"),
        ("type: choice\nprompt: P\nchoices: [a, b, ' A ']\nanswer: a",
         'duplicate choice " A " (same as choice 1)'),
        ("type: choice\nprompt: P\nchoices: [a, {feedback: f}]\nanswer: a",
         "choice 2 has no 'text'"),
        ("type: order\nprompt: P\nitems: [a, b, a]", 'duplicate item "a" (same as item 1)'),
        ("type: match\nprompt: P\npairs: {a: x, b: x}",
         '"x" is the right side of both "a" and "b"; each pair needs its own'),
        ("type: match\nprompt: P\npairs: [a, b]", "'pairs' must be a mapping, found a list"),
        ("type: cloze\nprompt: 'a {{b|}} c'", 'blank 1 has an empty alternative: "{{b|}}"'),
        ("type: cloze\nprompt: 'a {{b c'", "the prompt has a '{{' without a closing '}}'"),
        ("type: cloze\nprompt: 'a b}} c'", "the prompt has a '}}' without an opening '{{'"),
        ("type: cloze\nprompt: '{{a}}'\nanswer: a",
         "a cloze question has no 'answer': write each answer in the prompt as {{answer}} "
         "(alternatives as {{answer|other}})"),
        ("type: numeric\nprompt: P\nanswer: '42'",
         "'answer' must be a number, found the text \"42\" (remove the quotes)"),
        ("type: numeric\nprompt: P\nanswer: 1_000",
         "'answer' must be a number, found the text \"1_000\""),
        ("type: numeric\nprompt: P\nanswer: .inf",
         "'answer' must be a number, found the text \".inf\""),
        ("type: numeric\nprompt: P\nanswer: 1e999", "'answer' is too large a number"),
        ("type: numeric\nprompt: P\nanswer: 3,5",
         "'answer' must be a number, found the text \"3,5\" (write a decimal point: 3.5)"),
        (f"{FLASH}\npoints: -1", "'points' must be more than 0, found -1"),
        (f"{FLASH}\npoints: 0", "'points' must be more than 0, found 0; leave 'points' out"),
        (f"{FLASH}\npoints: 0.0", "'points' must be more than 0, found 0.0"),
        ("type: short\nprompt: P\nanswer: A\ncase_sensitive: yes",
         "'case_sensitive' must be true or false, found the text \"yes\" (write true or false; "
         "yes/no/on/off are read as text)"),
        ("type: true-false\nprompt: P\nanswer: true",
         'unknown question type "true-false" (did you mean "true_false"?); the types are '
         "choice, multi, true_false, short, numeric, cloze, match, order, flashcard"),
        ("type: mcq\nprompt: P", 'unknown question type "mcq" (did you mean "choice"?)'),
        ("type: flashcard\nprompt: P\nanswer: A\ntags: history",
         "'tags' must be a list, found the text \"history\""),
        ("type: flashcard\nprompt: '   '\nanswer: A", "'prompt' is empty"),
        ("type: flashcard\nprompt: !!int 3\nanswer: A",
         'YAML tag "!!int" is not allowed in banks: values are plain text, numbers, '
         "true/false, lists and mappings"),
        (f"{FLASH}\n? [complex]\n: key", "keys must be plain names, found a list"),
    ],
)  # fmt: skip
def test_field_errors(question, message):
    (problem,) = errors_of(bank_with(question))
    assert message in problem


def test_did_you_mean_for_keys_of_the_right_type():
    (problem,) = errors_of(
        bank_with("type: multi\nprompt: P\nchoices: [a, b]\nanswers: [a]\nanswer: a")
    )
    assert "key 'answer' belongs to choice, true_false, short, numeric, flashcard questions, " \
           "not multi (did you mean 'answers'?)" in problem  # fmt: skip


def test_source_quotes_are_matched_loosely(tmp_path):
    (tmp_path / "doc.txt").write_text(
        "The “quick” brown fox — it jumps\nover the lazy dog's back... and away.\n",
        encoding="utf-8",
    )
    for quote in [
        "the quick brown fox",
        '"The \\"quick\\" brown fox"',
        "'it jumps over the LAZY dog’s back'",
        "The quick brown fox - it jumps",
        "brown fox ... the lazy dog",
        "brown fox […] lazy dog's back",
        "dog's back... and away.",
        "“quick”",
    ]:
        text = bank_with(
            f"type: flashcard\nprompt: P\nanswer: A\nsource: {quote}", source="doc.txt"
        )
        loads_bank(text, "b.yaml", base_dir=tmp_path)
    for quote in ["the lazy fox", "lazy dog ... brown fox", "...", "quick brown wolf", "he quick"]:
        text = bank_with(
            f"type: flashcard\nprompt: P\nanswer: A\nsource: '{quote}'", source="doc.txt"
        )
        with pytest.raises(BankError, match='is not in "doc.txt"'):
            loads_bank(text, "b.yaml", base_dir=tmp_path)


def test_missing_source_document(tmp_path):
    text = bank_with("type: flashcard\nprompt: P\nanswer: A\nsource: q", source="nowhere.txt")
    with pytest.raises(BankError) as info:
        loads_bank(text, str(tmp_path / "b.yaml"))
    assert info.value.first.line == 2
    assert 'source document "nowhere.txt" not found' in info.value.first.message


def test_source_document_is_relative_to_the_bank_file(tmp_path: Path):
    (tmp_path / "sub" / "sources").mkdir(parents=True)
    (tmp_path / "sub" / "sources" / "d.txt").write_text("Alpha beta gamma.", encoding="utf-8")
    path = tmp_path / "sub" / "b.yaml"
    path.write_text(
        bank_with(
            "type: flashcard\nprompt: P\nanswer: A\nsource: beta gamma", source="sources/d.txt"
        ),
        encoding="utf-8",
    )
    assert load_bank(path).source == "sources/d.txt"


def test_quote_not_found_shows_the_closest_passage():
    with pytest.raises(BankError) as info:
        load_bank(FIXTURES / "semantic" / "quote_not_in_source.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (8, 13)
    assert problem.message == (
        'source quote "Paris is the capitol of France." is not in '
        '"sources/geography.txt" (closest passage: "Paris is the capital of France.")'
    )


def test_source_document_over_the_size_limit(tmp_path):
    (tmp_path / "doc.txt").write_text("word " * 100, encoding="utf-8")
    path = tmp_path / "b.yaml"
    path.write_text(bank_with(f"{FLASH}\nsource: word", source="doc.txt"), encoding="utf-8")
    assert load_bank(path).source == "doc.txt"
    with pytest.raises(BankError, match='source document "doc.txt" is over 300 bytes'):
        load_bank(path, max_bytes=300)
