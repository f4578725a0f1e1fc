"""GIFT: import of a file written from Moodle's GIFT documentation, Moodle's parsing rules,
export, and round trips through GIFT of the bundled bank and the fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.export import question_to_dict
from quiz.bank.formats import Imported, gift
from quiz.bank.formats.yamlout import dump
from quiz.bank.loader import load_bank, loads_bank
from quiz.bank.model import Bank

FIXTURE = Path(__file__).parent / "fixtures" / "formats" / "gift_every_feature.gift"
BUNDLED = Path(__file__).parents[2] / "question_banks" / "azerbaijan_foreign_policy.yaml"


def imported_bank(imported: Imported) -> Bank:
    """The bank ``quiz import`` writes: it must load with no errors and keep every question."""
    dumped = dump(imported, source="in.gift", format_label="GIFT")
    assert not [n for n in dumped.problems if n.severity == "error"], dumped.problems
    bank = loads_bank(dumped.text, "imported.yaml")
    assert len(bank.questions) == len(imported.questions)
    return bank


def read(text: str) -> Imported:
    return gift.read(text.encode("utf-8"), Path("q.gift"))


def one(text: str) -> dict:
    imported = read(text)
    [q] = imported_bank(imported).questions
    d = question_to_dict(q)
    d.pop("id")
    defaults = {"tags": [], "accept": [], "case_sensitive": False, "points": 1, "tolerance": 0,
                "any_order": False}  # fmt: skip
    return {k: v for k, v in d.items() if defaults.get(k, ...) != v}


@pytest.fixture(scope="module")
def fixture() -> tuple[Imported, dict[str, dict]]:
    imported = gift.read(FIXTURE.read_bytes(), FIXTURE)
    return imported, {q.id: question_to_dict(q) for q in imported_bank(imported).questions}


def test_the_documented_examples(fixture):
    imported, qs = fixture
    assert not imported.errors
    assert qs["Q1"]["prompt"] == "1+1=2" and qs["Q1"]["answer"] is True
    assert qs["Q2"]["choices"][0] == {"text": "yellow", "feedback": "right; good!"}
    assert qs["Q2"]["answer"] == "yellow"
    assert qs["Q3"]["type"] == "cloze"
    assert qs["Q3"]["prompt"] == "Two plus {{two|2}} equals four."
    assert qs["Q4"]["pairs"] == {"cat": "cat food", "dog": "dog food"}
    assert (qs["Q5"]["answer"], qs["Q5"]["tolerance"]) == (3, 2)
    # A range low..high is its midpoint with half the width as tolerance.
    assert (qs["Q6"]["answer"], qs["Q6"]["tolerance"]) == (3, 2)
    assert (qs["Q7"]["answer"], qs["Q7"]["tolerance"]) == (1822, 0)
    pi = qs["what-is-the-value-of-pi"]
    assert (pi["answer"], pi["tolerance"]) == (3.1415, 0.0005)


def test_categories_become_tags(fixture):
    _, qs = fixture
    assert qs["Q1"]["tags"] == ["Grant's tomb"]
    assert qs["match-the-following-countries-with-their"]["tags"] == ["Geography", "Capitals"]


def test_weights_general_feedback_and_missing_words(fixture):
    imported, qs = fixture
    multi = qs["what-two-people-are-entombed-in"]
    assert multi["type"] == "multi"
    assert multi["answers"] == ["Grant", "Grant's wife"]
    matching = qs["match-the-following-countries-with-their"]
    assert matching["explanation"] == "It's good to know the capitals"
    assert len(matching["pairs"]) == 4
    thanksgiving = qs["the-american-holiday-of-thanksgiving-is"]
    assert thanksgiving["prompt"] == (
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November."
    )
    assert thanksgiving["answer"] == "fourth"
    assert qs["grant-is-in-grants-tomb"]["prompt"] == "Grant is _____ in Grant's tomb."
    tf = qs["TF-feedback"]
    assert (tf["answer"], tf["explanation"]) == (True, "He lies in Riverside Park.")
    general = qs["General-feedback"]
    assert (general["answer"], general["accept"]) == ("42", ["forty-two"])
    assert general["explanation"] == "Deep Thought computed it."
    text = "\n".join(str(n) for n in imported.problems)
    assert ':27: warning: question "Q7": answers with partial credit are left out' in text
    assert "its wrong answers weigh -100%; here each wrong pick takes off 1/2" in text
    assert 'weights on its other answers are not kept: "half credit answer" (50%)' in text
    assert ':90: warning: question "TF feedback": feedback on its true and false answers' in text


def test_escapes_and_text_formats(fixture):
    _, qs = fixture
    escapes = qs["Escapes-all-of-them"]
    assert escapes["prompt"] == (
        "Braces { and }, a tilde ~, a hash #,\na line break and a backslash \\."
    )
    assert escapes["answer"] == "right # really"
    assert qs["which-answer-equals-5"]["answer"] == "= 2 + 3"
    assert qs["which-word-is-in-bold"]["prompt"] == "Which **word** is in bold?"
    html = qs["which-tag-makes-text-bold-b"]
    assert html["prompt"] == "Which tag makes text bold: <b> or [b]?"
    assert html["choices"] == [
        {"text": "<b>", "feedback": "Right: <b> is HTML; [b] is BBCode."},
        "[b]",
    ]
    assert qs["is-script-alert-1-script-shown"]["prompt"] == (
        "Is <script>alert(1)</script> shown as text?"
    )


def test_essays_and_descriptions_are_skipped_at_their_line(fixture):
    imported, _ = fixture
    text = "\n".join(str(n) for n in imported.problems)
    assert ':33: warning: question "Q8" skipped: it is an essay' in text
    assert ':103: warning: question "You can use your pencil and paper for t…" skipped' in text
    assert ':105: warning: question "Write a short biography of Dag Hammarsk…" skipped' in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q {T}", {"type": "true_false", "prompt": "Q", "answer": True}),
        ("Q {FALSE}", {"type": "true_false", "prompt": "Q", "answer": False}),
        ("Q {F#no#yes}", {"type": "true_false", "prompt": "Q", "answer": False}),
        ("Q {=a =b}", {"type": "short", "prompt": "Q", "answer": "a", "accept": ["b"]}),
        ("Q {#-2.5}", {"type": "numeric", "prompt": "Q", "answer": -2.5}),
        ("Q {#1..2}", {"type": "numeric", "prompt": "Q", "answer": 1.5, "tolerance": 0.5}),
        ("Q {#=7:1 =%50%7:3}", {"type": "numeric", "prompt": "Q", "answer": 7, "tolerance": 1}),
        (
            "Q {~%50%a ~%50%b ~%-50%c}",
            {"type": "multi", "prompt": "Q", "choices": ["a", "b", "c"], "answers": ["a", "b"]},
        ),
        (
            "// a comment\n::T::[html]<i>Q</i>\n{\n=a#<b>yes</b>\n~b\n}",
            {
                "type": "choice",
                "prompt": "Q",
                "choices": [{"text": "a", "feedback": "yes"}, "b"],
                "answer": "a",
            },
        ),
        ("A {=x} and {=y} B", {"type": "cloze", "prompt": "A {{x}} and {=y} B"}),
        # As Moodle reads it: the first '{' opens the answers, the first '}' closes them.
        ("Escaped \\{{{a}} {=b} text", {"type": "cloze", "prompt": "Escaped { {{{a}} } {=b} text"}),
    ],
)
def test_question_kinds(text, expected):
    assert one(text) == expected


def test_bad_blocks_are_reported_at_their_line():
    imported = read(
        "Good? {T}\n\n// c\nNo close {=a\n\n::M:: Match {=a -> b =c}\n\nNumber {#abc}\n"
        "\nClosed } before {=a}\n\n{{{\n"
    )
    assert [str(n) for n in imported.problems] == [
        # The brace that is missing is the one named (it was "a '{' before the '}'").
        "q.gift:4: error: question \"No close\" left out: its answers have no closing '}' "
        "(write \\{ for a brace in the text)",
        'q.gift:6: error: question "M" left out: the pair "c" has no \'->\'',
        'q.gift:8: error: question "Number" left out: "abc" is not a number (nor '
        "number:tolerance, nor low..high)",
        "q.gift:10: error: question \"Closed } before\" left out: its answers need a '{' "
        "before the '}' (write \\{ or \\} for a brace)",
        "q.gift:12: error: a question left out: its answers have no closing '}' "
        "(write \\{ for a brace in the text)",
    ]
    assert len(imported.questions) == 1


def test_nothing_importable_and_not_utf8():
    assert [str(n) for n in read("// only a comment\n").problems] == [
        "q.gift: error: the file holds no question quiz can import"
    ]
    imported = gift.read(b"Q {T}\n\nQ\xff {T}\n", Path("q.gift"))
    assert [str(n) for n in imported.problems] == [
        "q.gift:3: error: the file is not UTF-8 text; save it with the UTF-8 encoding"
    ]


# -- export and round trips -----------------------------------------------------------------


def _round_trip(bank: Bank) -> tuple[dict[str, dict], dict[str, dict], list[str]]:
    exported = gift.write(bank)
    imported = gift.read(exported.data, Path("round.gift"))
    assert not imported.problems, imported.problems
    back = imported_bank(imported)
    before = {}
    for q in bank.questions:
        d = question_to_dict(q)
        for key in ("source", "hint", "unit"):  # GIFT has no place for them
            d.pop(key, None)
        d["points"] = 1
        before[q.id] = d
    return (
        before,
        {q.id: question_to_dict(q) for q in back.questions},
        [str(n) for n in exported.problems],
    )


def test_round_trip_of_the_bundled_bank():
    before, after, warnings = _round_trip(load_bank(BUNDLED))
    assert after and set(after) <= set(before)
    for qid, d in after.items():
        assert d == before[qid], qid
    for qid in set(before) - set(after):
        assert any(f"question {qid!r} skipped: " in w for w in warnings), qid
    # The bundled bank's clozes all have several blanks, which GIFT cannot hold.
    assert {before[q]["type"] for q in after} == {
        "choice", "multi", "true_false", "short", "numeric", "match",
    }  # fmt: skip
    assert any("GIFT has no place for hints" in w for w in warnings)


def test_round_trip_of_the_fixture():
    bank = imported_bank(gift.read(FIXTURE.read_bytes(), FIXTURE))
    before, after, warnings = _round_trip(bank)
    assert after == before
    assert warnings == []


def test_round_trip_keeps_reserved_characters(write_bank):
    text = (
        "title: T\nquestions:\n"
        '  - {id: a, type: choice, prompt: "a {b} ~c =d #e :f \\\\ g\\nline", '
        'choices: [{text: "=x", feedback: "#y"}, "~z", "{w}"], answer: "=x", tags: [a/b, c]}\n'
        '  - {id: b, type: cloze, prompt: "Fill {{in|on}} here.", tags: [a/b, c]}\n'
        '  - {id: c, type: match, prompt: "M", pairs: {"x=1": "y -> z", "k": "l"}}\n'
        '  - {id: d, type: numeric, prompt: "N", answer: 0.00001, tolerance: 0.000005}\n'
    )
    before, after, _ = _round_trip(load_bank(write_bank(text)))
    assert after == before


def test_export_skips_what_gift_cannot_hold(write_bank):
    text = (
        "title: T\nquestions:\n"
        "  - {id: two, type: cloze, prompt: '{{a}} and {{b}}'}\n"
        "  - {id: o, type: order, prompt: O, items: [x, y]}\n"
        "  - {id: end, type: cloze, prompt: 'Ends with {{a}}', case_sensitive: true}\n"
    )
    exported = gift.write(load_bank(write_bank(text, "t.yaml")))
    problems = [str(n) for n in exported.problems]
    assert problems[0].endswith(
        "t.yaml:3: warning: question 'two' skipped: GIFT has one gap per question (a missing "
        "word); this cloze has 2"
    )
    assert problems[1].endswith(
        "t.yaml:4: warning: question 'o' skipped: GIFT has no order questions"
    )
    assert problems[2].endswith(
        "t.yaml:5: warning: question 'end': GIFT has no case-sensitive answers: Moodle will "
        "ignore case; its blank ends the text, so GIFT reads it as a short answer"
    )
    assert "::end::[plain]Ends with {=a}" in exported.data.decode()
