"""`quiz validate`, `quiz schema`, `quiz export`, find_bank_files and the JSON export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bankschema import errors
from banktest import FIXTURES, VALID

from quiz.__main__ import main
from quiz.bank.export import bank_to_dict
from quiz.bank.loader import find_bank_files, load_bank, loads_bank
from quiz.bank.schema import SCHEMA_FILE

GOOD = "title: T\nquestions:\n  - {id: q, type: flashcard, prompt: P, answer: A}\n"
BAD = "title: T\nquestions:\n  - {id: q, type: choice, prompt: P, choices: [Paris], answer: Pari}\n"
REPO = Path(__file__).parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_a_good_bank(capsys, write_bank):
    path = write_bank(GOOD, "geo.yaml")
    assert run(capsys, "validate", str(path)) == (0, f"ok: {path} (1 question)\n", "")


def test_validate_a_bad_bank(capsys, write_bank):
    path = write_bank(BAD, "geo.yaml")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:3:47: error: 'choices' needs at least 2 choices, found 1",
        f'{path}:3:64: error: answer "Pari" is not one of the choices (did you mean "Paris"?)',
        f"failed: {path} (2 errors)",
    ]


def test_validate_a_folder(capsys, tmp_path, write_bank):
    write_bank(GOOD, "a.yaml")
    write_bank(BAD, "sub/b.yml")
    write_bank("not: [a bank", "sources/ignored.yaml")
    write_bank("not a bank either", "notes.txt")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"ok: {tmp_path / 'a.yaml'} (1 question)"
    assert lines[-2] == f"failed: {tmp_path / 'sub' / 'b.yml'} (2 errors)"
    assert lines[-1] == "2 banks checked: 1 ok, 1 failed"


def test_validate_warnings_and_strict(capsys):
    path = FIXTURES / "valid" / "optional_empty.yaml"
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert out.count(": warning: ") == 5
    assert out.splitlines()[-1] == f"ok: {path} (2 questions, 5 warnings)"
    code, out, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1
    assert out.splitlines()[-1] == f"failed: {path} (5 warnings, --strict)"


def test_validate_usage_errors(capsys, tmp_path):
    code, out, err = run(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert (code, out) == (2, "")
    assert "missing.yaml: no such file or folder" in err
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2
    assert "no bank files" in err
    assert run(capsys, "validate")[0] == 2


def test_validate_the_shipped_banks(capsys):
    code, out, _ = run(capsys, "validate", "--strict", str(REPO / "question_banks"))
    assert code == 0, out
    assert "error" not in out and "warning" not in out


def test_validate_does_not_import_textual(tmp_path):
    bank = tmp_path / "b.yaml"
    bank.write_text(GOOD, encoding="utf-8")
    code = (
        "import sys\nfrom quiz.__main__ import main\n"
        f"assert main(['validate', {str(bank)!r}]) == 0\n"
        "assert 'textual' not in sys.modules, 'validate imported textual'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_schema_prints_the_shipped_file(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert out == SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(out)["$schema"].endswith("2020-12/schema")


def test_export_json(capsys):
    path = FIXTURES / "valid" / "every_type.yaml"
    code, out, _ = run(capsys, "export", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data == bank_to_dict(load_bank(path))
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["capital"]["answer"] == "Paris"
    assert by_id["everest-highest"]["answer"] is True
    assert by_id["everest-height"]["answer"] == 8849
    assert by_id["river-mouth"]["choices"][0] == {
        "text": "Le Havre",
        "feedback": "Right, the text names Le Havre.",
    }
    assert by_id["rivers"]["pairs"]["Seine"] == "flows through Paris"


def test_export_keeps_text_answers_text(capsys):
    code, out, _ = run(capsys, "export", str(FIXTURES / "valid" / "stay_strings.yaml"))
    assert code == 0
    year, norway, *_ = json.loads(out)["questions"]
    assert year["answer"] == "1991"
    assert year["choices"] == ["1989", "1991", "3.10", "3.1"]
    assert norway["answer"] == "NO"


def test_export_errors(capsys, tmp_path, write_bank):
    code, out, err = run(capsys, "export", str(write_bank(BAD)))
    assert (code, out) == (1, "")
    assert "is not one of the choices" in err
    assert run(capsys, "export", str(tmp_path / "missing.yaml"))[0] == 2
    assert run(capsys, "export", str(write_bank(GOOD)), "--format", "nosuch")[0] == 2


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_export_validates_against_the_schema_and_loads_back(path):
    exported = bank_to_dict(load_bank(path))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert errors(schema, exported) == []
    again = loads_bank(json.dumps(exported), path.name, base_dir=path.parent)
    assert bank_to_dict(again) == exported


def test_find_bank_files(tmp_path, write_bank):
    b = write_bank(GOOD, "b.yaml")
    a = write_bank(GOOD, "a.yml")
    nested = write_bank(GOOD, "topic/c.yaml")
    write_bank(GOOD, "sources/doc.yaml")
    write_bank(GOOD, ".hidden/d.yaml")
    write_bank(GOOD, "notes.md")
    assert find_bank_files([tmp_path]) == [a, b, nested]
    # Files are taken as given, each once; paths that do not exist are skipped.
    notes = tmp_path / "notes.md"
    assert find_bank_files([notes, tmp_path / "nope", b, str(tmp_path)]) == [notes, b, a, nested]
    assert find_bank_files([]) == []
