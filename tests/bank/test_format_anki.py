"""Anki "Notes in Plain Text": the manual's examples, an Anki 2.1.55+ export with headers,
cloze deletions, the export and its round trip, bad files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from quiz.bank.formats import anki_text
from quiz.bank.formats._anki import anki_cloze_to_ours
from tests.bank.importcheck import FORMATS, as_bank, bundled, dicts


def read(data: str | bytes, name: str = "notes.txt"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return anki_text.read(data, Path(name))


def fixture(name: str):
    return read((FORMATS / name).read_bytes(), name)


def messages(imported) -> list[str]:
    return [str(p) for p in imported.problems]


def test_the_manuals_examples_of_quoting_and_comments():
    imported = fixture("anki_manual.txt")
    assert imported.problems == []
    assert [(q["type"], q["prompt"], q["answer"]) for q in imported.questions] == [
        ("flashcard", "hello", "this is\na two line answer"),
        ("flashcard", "two", "this is a one line field"),
        ("flashcard", "this includes a ; (semicolon)", "another field"),
        ("flashcard", "field one", 'field two with "escaped quotes" inside it'),
    ]
    assert [q["_line"] for q in imported.questions] == [2, 4, 5, 6]
    as_bank(imported)


def test_html_line_breaks_and_the_old_tags_line():
    imported = fixture("anki_html_newlines.txt")
    first, second = imported.questions
    assert first["answer"] == "this is\na two line answer"
    assert second["answer"] == "this is a one line one"
    assert first["tags"] == second["tags"] == ["vocab", "french"]


def test_a_notes_export_with_note_type_deck_and_tags_columns():
    imported = fixture("anki_notes_export.txt")
    capital, river, tokyo, mongolia = imported.questions
    assert capital == {
        "type": "flashcard",
        "prompt": "Capital of France?",
        "answer": "Paris\non the Seine",
        "tags": ["capitals", "europe", "Geography::Europe"],
        "_line": 6,
    }
    assert river["answer"] == "The Loire & its 1 006 km"
    assert river["tags"] == ["geography::rivers", "Geography::Europe"]
    assert tokyo["type"] == "cloze"
    assert tokyo["prompt"] == "{{Tokyo}} is the capital of {{Japan}}."
    assert tokyo["hint"] == "blank 1: city"  # two blanks: the hint says whose it is
    assert tokyo["explanation"] == "It became the capital in 1868."
    assert mongolia["type"] == "short" and mongolia["answer"] == "Ulaanbaatar"
    # Two decks: each is a tag, and neither is the title.
    assert imported.title is None
    assert messages(imported) == [
        "anki_notes_export.txt:10: error: a Cloze note without a {{c1::...}} deletion; note skipped"
    ]
    bank = as_bank(imported)
    assert [q.type for q in bank.questions] == ["flashcard", "flashcard", "cloze", "short"]


def test_columns_header_names_the_fields():
    text = "#separator:Comma\n#columns:Back,Front,Tags\n#deck:French\nchat,cat,animals\n"
    imported = read(text)
    (q,) = imported.questions
    assert (q["prompt"], q["answer"], q["tags"]) == ("cat", "chat", ["animals"])
    assert imported.title == "French"


def test_no_headers_three_columns_the_third_is_tags_as_anki_does():
    (q,) = read("apple;banana;fruit yellow\n").questions
    assert (q["prompt"], q["answer"], q["tags"]) == ("apple", "banana", ["fruit", "yellow"])


def test_a_note_type_anki_does_not_ship_is_a_flashcard_with_a_warning():
    text = "#separator:tab\n#notetype column:1\nVocab\tHund\tdog\tder Hund bellt\n"
    imported = read(text)
    (q,) = imported.questions
    assert (q["prompt"], q["answer"]) == ("Hund", "dog")
    assert messages(imported) == [
        "notes.txt:3: warning: note type 'Vocab' is neither Basic nor Cloze: imported as a "
        "flashcard from its fields 'field 1' and 'field 2'",
        "notes.txt:3: warning: field 'field 3' is not imported (the format has no place for it)",
    ]


@pytest.mark.parametrize(
    ("anki", "ours", "hint"),
    [
        ("{{c1::Canberra}} is the capital", "{{Canberra}} is the capital", None),
        (
            "{{c1::Paris::city}} on the {{c2::Seine::river}}",
            "{{Paris}} on the {{Seine}}",
            "blank 1: city; blank 2: river",
        ),
        # Each hint names the blank it belongs to, also when blanks before it have none.
        (
            "{{c1::a::first}} then {{c2::b}} then {{c3::c::third}}",
            "{{a}} then {{b}} then {{c}}",
            "blank 1: first; blank 3: third",
        ),
        ("{{c1::a}} and {{c2::b::second}}", "{{a}} and {{b}}", "blank 2: second"),
        ("{{c1::a}} and {{c1::b}}", "{{a}} and {{b}}", None),
        ("{{c1::outer {{c2::inner}} text}}", "{{outer inner text}}", None),
        ("no deletion {{c1::open", "no deletion {{c1::open", None),
    ],
)
def test_cloze_deletions_become_blanks(anki, ours, hint):
    prompt, hints, _ = anki_cloze_to_ours(anki)
    assert (prompt, hints) == (ours, hint)


def test_export_is_what_anki_imports_directly():
    bank = bundled()
    exported = anki_text.write(bank)
    text = exported.data.decode("utf-8")
    head = text.split("\n")[:6]
    assert head == [
        "#separator:tab",
        "#html:true",
        "#notetype column:1",
        "#deck column:2",
        "#guid column:3",
        "#tags column:6",
    ]
    rows = list(csv.reader(io.StringIO("\n".join(text.split("\n")[6:])), delimiter="\t"))
    rows = [r for r in rows if r]
    assert len(rows) == len(bank.questions)
    assert all(len(r) == 6 for r in rows)
    assert {r[0] for r in rows} == {"Basic", "Cloze", "Basic (type in the answer)"}
    assert {r[1] for r in rows} == {bank.title}
    cloze = next(r for r in rows if r[0] == "Cloze")
    assert "{{c1::" in cloze[3] and "{{c2::" in cloze[3]
    # What a note cannot hold is named once per kind, with the questions it concerns.
    warned = [p.message for p in exported.problems]
    matches = [q.id for q in bank.questions if q.type == "match"]
    assert (
        f"Anki text has no note type for match questions: {len(matches)} written as Basic "
        f"cards, the answer on the back ({', '.join(matches)}); imported back, they are "
        "flashcards"
    ) in warned
    assert any("Anki text has no place for hints: left out of" in w for w in warned)
    assert len(warned) == len(set(warned)) < 15


def test_a_numeric_answer_keeps_every_digit_and_its_unit_on_the_card():
    from quiz.bank.loader import loads_bank

    bank = loads_bank(
        "title: T\nquestions:\n"
        "  - {id: e, type: numeric, prompt: e?, answer: 2.718281828, tolerance: 0.000001}\n"
        "  - {id: p, type: numeric, prompt: People?, answer: 8336817, unit: people}\n"
    )
    text = anki_text.write(bank).data.decode("utf-8")
    backs = [row.split("\t")[4] for row in text.splitlines()[6:]]
    assert backs == ["2.718281828 (± 0.000001)", "8336817 people"]


def test_round_trip_keeps_flashcards_short_answers_and_cloze():
    bank = bundled()
    imported = read(anki_text.write(bank).data, "bank.txt")
    assert imported.problems == []
    assert imported.title == bank.title
    again = dicts(as_bank(imported), source=False)
    original = dicts(bank, source=False)
    assert list(again) == list(original)  # ids come back through the GUID column
    for qid, q in original.items():
        back = again[qid]
        if q["type"] == "flashcard":
            assert (back["prompt"], back["answer"], back.get("explanation")) == (
                q["prompt"],
                q["answer"],
                q.get("explanation"),
            )
        elif q["type"] == "short":
            assert (back["type"], back["prompt"], back["answer"]) == (
                "short",
                q["prompt"],
                q["answer"],
            )
        elif q["type"] == "cloze":
            first_only = [blank.split("|")[0] for blank in _blanks(q["prompt"])]
            assert _blanks(back["prompt"]) == first_only
            assert back["explanation"] == q["explanation"]
        else:
            assert back["type"] == "flashcard" and back["prompt"].startswith(q["prompt"])
        assert back["tags"] == q["tags"]


def _blanks(prompt: str) -> list[str]:
    from quiz.bank.model import CLOZE_BLANK

    return CLOZE_BLANK.findall(prompt)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "notes.txt: error: the file is empty"),
        (b"\x00\x01\x02binary\xff", "binary file"),
        (b"caf\xe9;coffee\n", "notes.txt:1: error: the file is not UTF-8 text"),
        (b"#separator:tab\n#html:true\n", "the file has no notes"),
        (b"only one field\n", "one field"),
    ],
)
def test_bad_files_get_a_clear_error(data, expected):
    imported = read(data)
    assert imported.questions == []
    assert any(expected in m for m in messages(imported)), messages(imported)


def test_sniff_knows_anki_headers():
    assert anki_text.sniff(b"#separator:tab\n#html:true\nfront\tback\n")
    assert not anki_text.sniff(b"::Q1:: 2+2 {=4}\n")
