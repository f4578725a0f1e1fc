"""`quiz import` and `quiz export` with other formats: guessing the format, output, messages and
exit codes; every importer's output validates; hostile input never gets a traceback."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.__main__ import main
from quiz.bank.formats import EXPORTERS, IMPORTERS, guess_format, importer
from quiz.bank.formats.yamlout import dump
from quiz.bank.loader import load_bank, loads_bank

FORMATS = Path(__file__).parent / "fixtures" / "formats"
BUNDLED = Path(__file__).parents[2] / "question_banks" / "azerbaijan_foreign_policy.yaml"
MOODLE = FORMATS / "moodle_every_type.xml"
GIFT = FORMATS / "gift_every_feature.gift"
AIKEN = FORMATS / "aiken_docs.txt"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("path", "fmt", "count"), [(MOODLE, "moodle-xml", 12), (GIFT, "gift", 26), (AIKEN, "aiken", 3)]
)
def test_import_prints_a_bank_that_validates(capsys, path, fmt, count):
    code, out, err = run(capsys, "import", str(path))
    assert code == 0
    assert out.startswith(f"# Imported from {path.name} (")
    assert len(loads_bank(out, "out.yaml").questions) == count
    assert err.splitlines()[-1].startswith(f"imported {count} questions from {path}")
    assert guess_format(path, path.read_bytes()) == fmt


def test_import_to_a_file(capsys, tmp_path):
    out = tmp_path / "bank.yaml"
    code, stdout, err = run(capsys, "import", str(GIFT), "-o", str(out))
    assert (code, stdout) == (0, "")
    assert f"to {out}" in err
    assert run(capsys, "validate", str(out))[0] == 0


def test_problems_go_to_stderr_with_file_and_line(capsys):
    code, _, err = run(capsys, "import", str(MOODLE))
    assert code == 0
    assert f'{MOODLE}:268: warning: question "Describe Paris" skipped: it is an essay' in err


def test_the_format_is_guessed_from_the_content(capsys, tmp_path):
    for source, fmt in ((MOODLE, "moodle-xml"), (GIFT, "gift"), (AIKEN, "aiken")):
        renamed = tmp_path / f"questions-{fmt}.dat"
        renamed.write_bytes(source.read_bytes())
        assert guess_format(renamed, renamed.read_bytes()) == fmt
    # A .txt is claimed by several formats: the content decides.
    as_txt = tmp_path / "gift.txt"
    as_txt.write_bytes(GIFT.read_bytes())
    assert guess_format(as_txt, as_txt.read_bytes()) == "gift"
    assert guess_format(AIKEN, AIKEN.read_bytes()) == "aiken"


def test_format_given_overrides_the_guess(capsys, tmp_path):
    path = tmp_path / "odd.xml"
    path.write_text("Q?\nA. a\nB. b\nANSWER: B\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(path), "--format", "aiken")
    assert code == 0
    assert loads_bank(out).questions[0].answer_text == "b"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xml", "", "empty.xml: error: the file is empty"),
        ("empty.gift", "// nothing\n", "empty.gift: error: the file holds no question"),
        ("e.gift", "Q {}\n", 'e.gift:1: warning: question "Q" skipped: it is an essay'),
    ],
)
def test_nothing_importable_exits_1(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert (code, out) == (1, "")
    assert f"{tmp_path}/{message}" in err
    assert "Traceback" not in err


def test_billion_laughs_exits_1_with_the_reason(capsys, tmp_path):
    from test_format_moodle import BILLION_LAUGHS

    path = tmp_path / "lol.xml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}:2: error: the file declares a DTD")


def test_unreadable_files_exit_2(capsys, tmp_path):
    missing = tmp_path / "gone.xml"
    assert run(capsys, "import", str(missing)) == (
        2, "", f"quiz import: error: {missing}: no such file or folder\n",
    )  # fmt: skip
    code, _, err = run(capsys, "import", str(tmp_path))
    assert (
        code == 2
        and err == f"quiz import: error: {tmp_path}: this is a folder, not a question file\n"
    )
    unknown = tmp_path / "notes.dat"
    unknown.write_text("just words\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(unknown))
    assert code == 2
    assert err.startswith(f"quiz import: error: {unknown}: cannot tell the format")
    assert run(capsys, "import", str(GIFT), "--format", "nosuch")[0] == 2


def test_output_that_cannot_be_written_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "import", str(GIFT), "-o", str(tmp_path / "no" / "b.yaml"))
    assert code == 2
    assert "cannot write the bank" in err


def test_an_output_that_is_the_input_is_refused_and_the_input_kept(capsys, tmp_path):
    # A teacher typing the same name twice must not lose the file they started from.
    source = tmp_path / "questions.gift"
    source.write_bytes(GIFT.read_bytes())
    code, out, err = run(capsys, "import", str(source), "-o", str(tmp_path / "." / source.name))
    assert (code, out) == (2, "")
    assert "this is the file being imported" in err
    assert source.read_bytes() == GIFT.read_bytes()
    bank = tmp_path / "bank.yaml"
    assert run(capsys, "import", str(source), "-o", str(bank))[0] == 0
    written = bank.read_bytes()
    code, _, err = run(capsys, "export", str(bank), "--format", "json", "-o", str(bank))
    assert code == 2 and "this is the bank being exported" in err
    assert bank.read_bytes() == written


@pytest.mark.parametrize(
    ("name", "source"), [("week_3.gift.txt", GIFT), ("week_3.aiken.txt", AIKEN)]
)
def test_the_title_from_a_two_part_file_name_drops_both_endings(capsys, tmp_path, name, source):
    # docs/formats.md names these files so; the title was "Week 3.gift".
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    code, out, _ = run(capsys, "import", str(path))
    assert code == 0 and '\ntitle: "Week 3"\n' in out


def test_an_empty_file_of_any_name_is_said_to_be_empty(capsys, tmp_path):
    empty = tmp_path / "notes.txt"
    empty.write_text("\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(empty))
    assert (code, out) == (1, "")
    assert err == f"{empty}: error: the file is empty\n"


@pytest.mark.parametrize("fmt", sorted(set(EXPORTERS)))
def test_export_every_registered_format_to_a_file(capsys, tmp_path, fmt):
    out = tmp_path / f"bank.{fmt}"
    code, stdout, err = run(capsys, "export", str(BUNDLED), "--format", fmt, "-o", str(out))
    assert (code, stdout) == (0, "")
    assert out.stat().st_size > 0
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("fmt", "start"), [("moodle-xml", "<?xml"), ("gift", "// "), ("aiken", "")]
)
def test_export_prints_text_formats_and_names_what_it_skips(capsys, fmt, start):
    code, out, err = run(capsys, "export", str(BUNDLED), "--format", fmt)
    assert code == 0 and out.startswith(start)
    assert f"{BUNDLED}:" in err and "skipped" in err


def test_export_refuses_binary_output_on_a_terminal(capsys, monkeypatch, tmp_path):
    import types

    import quiz.bank.formats as formats

    fake = types.SimpleNamespace(NAME="bin", BINARY=True, write=lambda bank: None)
    monkeypatch.setitem(formats.EXPORTERS, "bin", "nosuch")
    monkeypatch.setattr(formats, "exporter", lambda name: fake)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    code = main(["export", str(BUNDLED), "--format", "bin"])
    assert code == 2
    assert "binary format, not for a terminal" in capsys.readouterr().err


def test_round_trips_through_the_cli(capsys, tmp_path):
    for fmt, suffix in (("moodle-xml", "xml"), ("gift", "gift")):
        exported = tmp_path / f"bank.{suffix}"
        assert run(capsys, "export", str(BUNDLED), "--format", fmt, "-o", str(exported))[0] == 0
        back = tmp_path / f"back-{fmt}.yaml"
        assert run(capsys, "import", str(exported), "-o", str(back))[0] == 0
        original = {q.id: q for q in load_bank(BUNDLED).questions}
        for q in load_bank(back).questions:
            assert q.prompt == original[q.id].prompt
            assert q.explanation == original[q.id].explanation


# -- hostile input -------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["{", "}", "~", "=", "#", "####", "->", "::", "\\", "%50%", "%-100%", "\n", "\n\n", "T",
     "..", ":", "[html]", "<p>", "&amp;", "{1:SA:=a}", "[[1]]", "A. ", "ANSWER: A", "$CATEGORY:",
     "<quiz>", "</quiz>", '<question type="multichoice">', "</question>", "<text>", "</text>",
     "x", " ", "1.5", "\x00", "\u202e", "{{", "}}", "|"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(sorted(IMPORTERS)))
def test_any_input_gives_notes_and_a_valid_bank(text, fmt):
    if fmt not in ("moodle-xml", "gift", "aiken"):
        return  # the other formats have their own tests
    imported = importer(fmt).read(text.encode("utf-8"), Path("in.txt"))
    dumped = dump(imported, source="in.txt", format_label=fmt)
    if dumped.count:
        loads_bank(dumped.text, "out.yaml")


def test_an_import_whose_every_question_is_refused_says_why(tmp_path):
    from quiz.bank.formats import Imported
    from quiz.bank.formats.yamlout import dump

    imported = Imported(questions=[{"type": "choice", "prompt": "Pick", "choices": ["a", "b"],
                                    "answer": "c", "_line": 3}])  # fmt: skip
    out = dump(imported, source="one.csv", format_label="CSV")
    errors = [n for n in out.problems if n.severity == "error"]
    assert errors and all("left out" in str(n) and "one.csv:3" in str(n) for n in errors)
