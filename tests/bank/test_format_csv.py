"""CSV import and export: a teacher's spreadsheet, every type, the round trip, bad files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from quiz.bank.formats import csv_format
from tests.bank.importcheck import FORMATS, as_bank, bundled, dicts


def read(text: str | bytes, name: str = "sheet.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return csv_format.read(data, Path(name))


def messages(imported) -> list[str]:
    return [str(p) for p in imported.problems]


def test_round_trip_of_the_bundled_bank_keeps_every_question_of_every_type():
    bank = bundled()
    exported = csv_format.write(bank)
    assert exported.problems == []
    imported = read(exported.data)
    assert imported.problems == []
    again = as_bank(imported, "bank.csv")
    assert list(dicts(again)) == list(dicts(bank))
    assert dicts(again) == dicts(bank)
    assert {q.type for q in bank.questions} == {
        "choice",
        "multi",
        "true_false",
        "short",
        "numeric",
        "cloze",
        "match",
        "order",
        "flashcard",
    }


def test_export_is_a_spreadsheet_with_one_row_per_question_under_the_header():
    bank = bundled()
    text = csv_format.write(bank).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(csv_format.COLUMNS)
    assert len(rows) == len(bank.questions) + 1
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["aims-match"]["answer"].count("=") == 4
    assert by_id["policy-aims"]["type"] == "multi"
    assert "|" in by_id["policy-aims"]["answer"]


def test_a_teachers_spreadsheet_with_quoted_commas_and_line_breaks():
    imported = read((FORMATS / "teacher.csv").read_bytes(), "teacher.csv")
    assert imported.errors == []
    qs = imported.questions
    assert [q["type"] for q in qs] == [
        "choice",
        "multi",
        "choice",
        "true_false",
        "short",
        "numeric",
        "cloze",
        "match",
        "order",
        "flashcard",
    ]
    capital, borders, river, rhine, hugo, blanc, cloze, match, order, card = qs
    assert capital["explanation"] == "Paris has been the capital since 987, says the book."
    assert capital["tags"] == ["capitals", "europe"]
    assert borders["prompt"] == "Which of these border France?\nSelect all that apply."
    assert borders["answers"] == ["Belgium", "Spain"] and borders["points"] == 2
    assert river["answer"] == "Seine"  # "A" is the first choice's letter
    assert rhine["answer"] is True
    assert hugo["answer"] == "Victor Hugo"
    assert blanc["answer"] == 4805.59  # a decimal comma
    assert match["pairs"] == {"Paris": "Seine", "Lyon": "Rhône", "Bordeaux": "Garonne"}
    assert order["items"] == ["Louis XIII", "Louis XIV", "Louis XV"]
    assert card["answer"].startswith("It was the seat")
    # Each question knows the line its row starts on: the second row spans two lines.
    assert [q["_line"] for q in qs[:3]] == [2, 3, 5]
    bank = as_bank(imported, "teacher.csv")
    assert bank.questions[0].id == "what-is-the-capital-of-france"


def test_a_semicolon_file_saved_by_excel_in_windows_1252():
    data = (FORMATS / "teacher_semicolon_cp1252.csv").read_bytes()
    imported = read(data, "teacher_semicolon_cp1252.csv")
    assert imported.errors == []
    assert any("Windows-1252" in m for m in messages(imported))
    first, second = imported.questions
    assert first["prompt"] == "Wie heißt die Hauptstadt Österreichs?"
    assert first["explanation"].startswith("Wien ist seit 1918 die Hauptstadt; davor")
    assert second["answer"] == 0.33
    as_bank(imported)


def test_every_type_written_by_hand():
    text = (
        "id,type,prompt,choices,answer,accept,feedback,tolerance,case_sensitive,hint,points\n"
        "q1,choice,Pick one,a|b|c,b,,no|yes|,,,,\n"
        "q2,multi,Pick two,a|b|c,a|c,,,,,,0.5\n"
        "q3,true_false,Sky is blue,,yes,,,,,,\n"
        "q4,short,Say hi,,hello,hi|hey,,,true,a greeting,\n"
        "q5,numeric,Pi,,3.14,,,0.01,,,\n"
        "q6,cloze,The {{sun}} is a {{star|sun}},,,,,,,,\n"
        "q7,match,Match,,a=1|b\\=c=2,,,,,,\n"
        "q8,order,Order,,one|two|three,,,,,,\n"
        "q9,flashcard,Front,,Back,,,,,,\n"
    )
    imported = read(text)
    assert imported.problems == []
    q = {d["id"]: d for d in imported.questions}
    assert q["q1"]["choices"] == [
        {"text": "a", "feedback": "no"},
        {"text": "b", "feedback": "yes"},
        "c",
    ]
    assert q["q2"]["answers"] == ["a", "c"] and q["q2"]["points"] == 0.5
    assert q["q3"]["answer"] is True
    assert q["q4"]["accept"] == ["hi", "hey"] and q["q4"]["case_sensitive"] is True
    assert q["q4"]["hint"] == "a greeting"
    assert q["q5"]["tolerance"] == 0.01
    assert q["q7"]["pairs"] == {"a": "1", "b=c": "2"}
    assert q["q8"]["items"] == ["one", "two", "three"]
    as_bank(imported)


def test_escaped_separators_survive_the_round_trip(tmp_path):
    from quiz.bank.loader import loads_bank

    bank = loads_bank(
        "title: T\nquestions:\n"
        '  - {id: a, type: choice, prompt: "P", choices: ["x|y", "back\\\\slash", "z"],\n'
        '     answer: "x|y"}\n'
        '  - {id: b, type: match, prompt: "M", pairs: {"a=b": "c|d", "e": "f=g"}}\n'
        '  - {id: c, type: short, prompt: "S", answer: "1, 2", tags: ["one, two"]}\n',
        "t.yaml",
    )
    again = as_bank(read(csv_format.write(bank).data))
    assert dicts(again) == dicts(bank)


def test_units_and_any_order_blanks_survive_the_round_trip():
    # They had no column: the export warned "unit has no CSV column: left out".
    from quiz.bank.loader import loads_bank

    bank = loads_bank(
        "title: T\nquestions:\n"
        "  - {id: h, type: numeric, prompt: Height?, answer: 330, tolerance: 5, unit: m}\n"
        '  - {id: c, type: cloze, prompt: "{{Red}} and {{Blue}}", any_order: true}\n',
        "t.yaml",
    )
    exported = csv_format.write(bank)
    assert exported.problems == []
    again = as_bank(read(exported.data))
    assert dicts(again) == dicts(bank)
    assert again.questions[0].unit == "m" and again.questions[1].any_order


def test_a_unit_or_any_order_on_another_type_is_named():
    imported = read("type,prompt,answer,unit,any_order\nshort,P,a,m,maybe\n")
    assert messages(imported) == [
        "sheet.csv:2: warning: 'unit' is not used by a short question: ignored",
        "sheet.csv:2: warning: 'any_order' is not used by a short question: ignored",
    ]
    bad = read('type,prompt,any_order\ncloze,"{{a}} {{b}}",maybe\n')
    assert messages(bad) == [
        "sheet.csv:2: error: any_order is true or false, not 'maybe'; row skipped"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "sheet.csv: error: the file is empty"),
        (b"   \n\n", "sheet.csv: error: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"name,colour\nPeter,blue\n", "sheet.csv:1: error: the first row must name the columns"),
        (b"prompt,answer\n", "the file has a header row but no questions"),
    ],
)
def test_bad_files_get_one_clear_error(data, expected):
    imported = read(data)
    assert imported.questions == []
    assert any(expected in m for m in messages(imported)), messages(imported)
    assert imported.errors


def test_problems_name_the_line_of_their_row():
    text = (
        "prompt,type,choices,answer,colour\n"
        '"A prompt\nover two lines",choice,a|b,a,red\n'
        "Bad type,multichoise,a|b,a,\n"
        ",short,,x,\n"
        "No choices,choice,,a,\n"
        "Pi,numeric,,three,\n"
        "Pairs,match,,a-1|b=2,\n"
        "Fine,short,,yes,\n"
    )
    imported = read(text)
    assert messages(imported) == [
        "sheet.csv:1: warning: unknown column 'colour' is ignored",
        "sheet.csv:4: error: unknown type 'multichoise' (did you mean 'multi'?); row skipped",
        "sheet.csv:5: error: the prompt is empty; row skipped",
        "sheet.csv:6: error: a choice question needs choices (in the 'choices' column, split by "
        "'|'); row skipped",
        "sheet.csv:7: error: the answer 'three' is not a number; row skipped",
        "sheet.csv:8: error: a match pair is written left=right, not 'a-1'; row skipped",
    ]
    assert [q["prompt"] for q in imported.questions] == ["A prompt\nover two lines", "Fine"]


def test_an_answer_that_is_not_a_choice_is_refused_by_the_writer_at_its_line():
    from quiz.bank.formats import yamlout

    imported = read("prompt,choices,answer\nCapital?,Paris|Lyon,Pari\nRiver?,Seine|Loire,Seine\n")
    dumped = yamlout.dump(imported, source="sheet.csv", format_label="CSV")
    errors = [str(n) for n in dumped.problems if n.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("sheet.csv:2:")
    assert "Paris" in errors[0]


def test_an_unclosed_quote_is_an_error_not_a_hang():
    imported = read('prompt,answer\n"never closed,x\nmore,y\n')
    assert imported.errors


def test_sniff_knows_a_header_row():
    assert csv_format.sniff(b"type,prompt,answer\n")
    assert csv_format.sniff(b"\xef\xbb\xbfQuestion;Answer\n")
    assert not csv_format.sniff(b"::Title:: What is 2+2? {=4}\n")
