"""Moodle XML: import of a file written from Moodle's documentation, hostile and broken XML,
export, and round trips through Moodle XML of the bundled bank and the fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.export import question_to_dict
from quiz.bank.formats import Imported, moodle_xml
from quiz.bank.formats.yamlout import dump
from quiz.bank.loader import load_bank, loads_bank
from quiz.bank.model import Bank

FORMATS = Path(__file__).parent / "fixtures" / "formats"
FIXTURE = FORMATS / "moodle_every_type.xml"
BUNDLED = Path(__file__).parents[2] / "question_banks" / "azerbaijan_foreign_policy.yaml"


def imported_bank(imported: Imported, source: str = "in.xml") -> Bank:
    """The bank ``quiz import`` writes: it must load with no errors and keep every question."""
    dumped = dump(imported, source=source, format_label="Moodle XML")
    assert not [n for n in dumped.problems if n.severity == "error"], dumped.problems
    bank = loads_bank(dumped.text, "imported.yaml")
    assert len(bank.questions) == len(imported.questions) == dumped.count
    return bank


def read(text: str | bytes, name: str = "q.xml") -> Imported:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return moodle_xml.read(data, Path(name))


def messages(imported: Imported) -> list[str]:
    return [str(n) for n in imported.problems]


@pytest.fixture(scope="module")
def fixture() -> tuple[Imported, dict[str, dict]]:
    imported = moodle_xml.read(FIXTURE.read_bytes(), FIXTURE)
    bank = imported_bank(imported, str(FIXTURE))
    return imported, {q.id: question_to_dict(q) for q in bank.questions}


def test_every_supported_type_is_imported(fixture):
    _, qs = fixture
    assert [q["type"] for q in qs.values()] == [
        "choice", "multi", "true_false", "short", "numeric", "match", "cloze", "cloze",
        "cloze", "cloze", "short", "choice",
    ]  # fmt: skip


def test_multichoice_keeps_feedback_explanation_hint_points_and_tags(fixture):
    q = fixture[1]["Capital-of-France"]
    assert q["prompt"] == "What is the capital of France?"
    assert q["choices"] == [
        {"text": "Paris", "feedback": "Correct!"},
        {"text": "Lyon", "feedback": "Ooops! Lyon is the third city."},
        "Marseille",
    ]
    assert q["answer"] == "Paris"
    assert q["explanation"] == "Paris has been the capital since 987."
    assert q["hint"] == "It lies on the Seine."
    assert q["points"] == 2
    # The category's last part (not Moodle's "Default for ..." context) and the question's tag.
    assert q["tags"] == ["Capitals", "europe"]


def test_multiple_answers_and_their_weights(fixture):
    imported, qs = fixture
    q = qs["Neighbours"]
    assert q["type"] == "multi"
    assert q["answers"] == ["Belgium", "Spain"]
    assert q["tags"] == ["Rivers and Seas"]
    assert any(
        ":74: warning:" in m and "-100%" in m and "1/2 of the marks" in m
        for m in messages(imported)
    )


def test_truefalse_shortanswer_numerical_matching(fixture):
    imported, qs = fixture
    assert qs["Everest"]["answer"] is True
    # moodle_auto_format keeps the teacher's line break.
    assert qs["Everest"]["prompt"] == (
        "Mount Everest is the highest mountain on Earth.\nIt is in the Himalayas."
    )
    assert qs["Everest"]["explanation"] == "It is 8849 m high."
    short = qs["Longest-river"]
    assert (short["answer"], short["accept"], short["case_sensitive"]) == (
        "Loire", ["La Loire"], True,
    )  # fmt: skip
    numeric = qs["Everest-height"]
    assert (numeric["answer"], numeric["tolerance"], numeric["unit"]) == (8849, 1, "m")
    assert qs["Abbreviations"]["pairs"] == {
        "UN": "United Nations",
        "OSCE": "Organization for Security and Co-operation in Europe",
    }
    text = "\n".join(messages(imported))
    for expected in (
        ':99: warning: question "Everest": feedback on its true and false answers',
        ':124: warning: question "Longest river": answers with partial credit are left out: '
        '"Seine" (50%)',
        ':166: warning: question "Abbreviations": 1 extra wrong answer left out',
    ):
        assert expected in text


def test_cloze_ddwtos_and_gapselect_become_clozes(fixture):
    imported, qs = fixture
    assert qs["Cloze-from-the-docs"]["prompt"] == (
        "This question consists of some text with an answer embedded right here "
        "{{Correct answer}} and right after that you will have to deal with this short answer "
        "{{Correct answer}} and finally we have a floating point number {{23.8}}."
    )
    assert qs["Capitals-cloze"]["prompt"] == (
        "The capital of Germany is {{Berlin|berlin}} and the capital of Italy is {{Rome|Roma}}."
    )
    assert (
        qs["Quick-brown-fox"]["prompt"] == "The {{quick}} brown {{fox}} jumped over the lazy dog."
    )
    assert qs["Planets"]["prompt"] == "The planet closest to the Sun is {{Mercury}}."
    text = "\n".join(messages(imported))
    assert "blank 1 (MULTICHOICE) becomes a typed blank" in text
    assert "blank 3: the tolerance 0.1 is not kept" in text
    assert "its gaps become typed blanks" in text


def test_markup_looking_text_stays_data(fixture):
    q = fixture[1]["Markup-as-data"]
    assert q["prompt"] == "Which tag starts a script: <script>alert(1)</script> or [b]bold[/b]?"
    assert q["answer"] == "<script>"
    # A real <script> element is not text a reader sees.
    assert "hidden" not in q["prompt"]


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # Moodle's editor has buttons for these; dropping the tag changed the question.
        ("What is 10<sup>3</sup>?", "What is 10³?"),
        ("Balance H<sub>2</sub>O and CO<sub>2</sub>", "Balance H₂O and CO₂"),
        ("Area in m<sup>2</sup>, e<sup>-1</sup>, x<sup>n+1</sup>", "Area in m², e⁻¹, xⁿ⁺¹"),
        ("x<sup>2y</sup> + a<sub>2k</sub>", "x^(2y) + a₂ₖ"),
        ("the 1<sup>st</sup> of May", "the 1st of May"),
    ],
)
def test_raised_and_lowered_text_keeps_its_meaning(html, text):
    imported = read(
        '<quiz><question type="shortanswer"><name><text>S</text></name>'
        f'<questiontext format="html"><text><![CDATA[<p>{html}</p>]]></text></questiontext>'
        '<answer fraction="100"><text>a</text></answer></question></quiz>'
    )
    assert imported.questions[0]["prompt"] == text


def test_essay_description_and_images_are_named(fixture):
    imported, qs = fixture
    text = "\n".join(messages(imported))
    assert ':268: warning: question "Describe Paris" skipped: it is an essay' in text
    assert ':278: warning: question "Part two" skipped: it is a description' in text
    assert ':287: warning: question "Map": its images are left out' in text
    assert qs["Map"]["prompt"] == "Which country is shown? (image: a map)"
    assert not imported.errors


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="shortanswer"><name><text>&lol9;</text></name></question></quiz>
"""


def test_billion_laughs_is_refused_with_a_clear_error():
    imported = read(BILLION_LAUGHS, "lol.xml")
    assert imported.questions == []
    [error] = imported.errors
    assert str(error).startswith("lol.xml:2: error: the file declares a DTD")
    assert "billion laughs" in error.message


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE quiz SYSTEM "http://example.com/quiz.dtd">',
        '<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
        "<!DOCTYPE quiz>",
    ],
)
def test_any_dtd_is_refused(doctype):
    imported = read(f'<?xml version="1.0"?>\n{doctype}\n<quiz></quiz>')
    assert [e.message.split(",")[0] for e in imported.errors] == [
        "the file declares a DTD (<!DOCTYPE ... [...]>)"
    ]


def test_malformed_xml_reports_its_line():
    imported = read("<quiz>\n  <question type='truefalse'>\n    <name><text>x</name>\n</quiz>\n")
    [error] = imported.errors
    assert str(error) == ("q.xml:3: error: this is not well-formed XML: mismatched tag (column 20)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "q.xml: error: the file is empty"),
        ("  \n", "q.xml: error: the file is empty"),
        ("<quiz/>", "q.xml: error: the file holds no question quiz can import"),
        (
            "<html><body/></html>",
            "q.xml:1: error: this is not a Moodle XML question file: the top element is "
            "<html>, expected <quiz>",
        ),
    ],
)
def test_nothing_importable(text, message):
    imported = read(text)
    assert imported.questions == []
    assert messages(imported) == [message]


def test_bad_questions_are_left_out_with_their_line():
    imported = read(
        """<quiz>
  <question type="multichoice">
    <name><text>No right answer</text></name>
    <questiontext><text>Pick one</text></questiontext>
    <answer fraction="0"><text>a</text></answer>
    <answer fraction="0"><text>b</text></answer>
  </question>
  <question type="calculated">
    <name><text>Calc</text></name>
  </question>
  <question type="truefalse">
    <name><text>Fine</text></name>
    <questiontext><text>Fine?</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>"""
    )
    assert messages(imported) == [
        'q.xml:2: error: question "No right answer" left out: no answer is worth any marks',
        'q.xml:8: warning: question "Calc" skipped: Moodle\'s calculated questions have no '
        "quiz equivalent",
    ]
    assert [q["id"] for q in imported.questions] == ["Fine"]


def test_a_question_the_loader_refuses_is_left_out_at_its_line():
    imported = read(
        """<quiz>
  <question type="multichoice">
    <name><text>Twice</text></name>
    <questiontext><text>Pick one</text></questiontext>
    <answer fraction="100"><text>Same</text></answer>
    <answer fraction="0"><text>same</text></answer>
  </question>
  <question type="truefalse">
    <questiontext><text>Fine?</text></questiontext>
    <answer fraction="100"><text>false</text></answer>
  </question>
</quiz>"""
    )
    dumped = dump(imported, source="q.xml", format_label="Moodle XML")
    [error] = [str(n) for n in dumped.problems]
    assert error.startswith("q.xml:2: error: question 'Twice' left out: ")
    assert dumped.count == 1
    assert loads_bank(dumped.text).questions[0].id == "fine"


# -- export and round trips -----------------------------------------------------------------


def _round_trip(bank: Bank) -> tuple[dict[str, dict], dict[str, dict], list[str]]:
    exported = moodle_xml.write(bank)
    imported = moodle_xml.read(exported.data, Path("round.xml"))
    assert not imported.problems, imported.problems
    back = imported_bank(imported)
    before = {q.id: question_to_dict(q) for q in bank.questions}
    for d in before.values():
        d.pop("source", None)  # Moodle XML has no place for it
    after = {q.id: question_to_dict(q) for q in back.questions}
    return before, after, [str(n) for n in exported.problems]


def test_round_trip_of_the_bundled_bank():
    before, after, warnings = _round_trip(load_bank(BUNDLED))
    skipped = {qid for qid, d in before.items() if d["type"] in ("order", "flashcard")}
    assert skipped and set(after) == set(before) - skipped
    for qid, d in after.items():
        assert d == before[qid], qid
    for qid in skipped:
        assert any(f"question {qid!r} skipped: Moodle XML has no" in w for w in warnings)
    assert any("has no place for source quotes" in w for w in warnings)


def test_round_trip_of_the_fixture():
    bank = imported_bank(moodle_xml.read(FIXTURE.read_bytes(), FIXTURE))
    before, after, warnings = _round_trip(bank)
    assert after == before
    assert warnings == []


def test_round_trip_keeps_awkward_text(write_bank):
    text = (
        "title: T\nquestions:\n"
        '  - {id: a, type: cloze, prompt: "Escapes {{a}b|c~d}} and <tags> & {{x#y/z\\\\}}", '
        "case_sensitive: true}\n"
        '  - {id: b, type: short, prompt: "Two\\n\\nparagraphs and  two spaces", '
        'answer: "<b>&amp;</b>", accept: ["[b]"]}\n'
        '  - {id: c, type: multi, prompt: "P", choices: [x, y, z], answers: [x, y, z]}\n'
        "  - {id: d, type: numeric, prompt: N, answer: 12.5, tolerance: 0.5, unit: km}\n"
    )
    before, after, _ = _round_trip(load_bank(write_bank(text)))
    assert after == before


def test_export_writes_moodle_shapes():
    bank = load_bank(BUNDLED)
    xml = moodle_xml.write(bank).data.decode()
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert '<question type="multichoice">' in xml
    assert "<single>false</single>" in xml
    assert '<question type="cloze">' in xml and "{1:SHORTANSWER:=" in xml
    assert '<question type="matching">' in xml
