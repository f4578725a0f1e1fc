"""The teachers' commands: `quiz new`, `quiz coverage`, `quiz lint`, and the CLI's answer to an
unknown command."""

from __future__ import annotations

from pathlib import Path

import pytest

import quiz.cli.study
from quiz.__main__ import main

REPO = Path(__file__).parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def study_calls(monkeypatch) -> list:
    """Record what would have opened the app, instead of opening it."""
    calls = []
    monkeypatch.setattr(quiz.cli.study, "run", lambda args: calls.append(args) or 0)
    return calls


def test_unknown_command_is_refused_with_a_suggestion(capsys, tmp_path, monkeypatch, study_calls):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "valdate", "x")
    assert (code, out) == (2, "")
    assert err == "quiz: unknown command 'valdate' (did you mean 'validate'?)\n"
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    assert err.startswith("quiz: unknown command 'frobnicate'; the commands are study, validate")
    assert study_calls == []


def test_paths_and_options_still_open_the_app(capsys, tmp_path, monkeypatch, study_calls):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_bank.yaml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "valdate").mkdir()  # a folder that happens to look like a command
    for argv in (["my_bank.yaml"], ["folder/"], ["folder"], ["valdate"], ["--data-dir", "d"]):
        assert run(capsys, *argv)[0] == 0, argv
    assert [c.command for c in study_calls] == ["study"] * 5
    # A bank file that is not there yet still goes to the app, which says it is missing.
    assert run(capsys, "missing.yaml")[0] == 0


# -- quiz new ------------------------------------------------------------------------------


def test_new_writes_a_starter_bank_that_validates_and_lints_clean(capsys, tmp_path):
    from quiz.bank.loader import load_bank_with_warnings
    from quiz.bank.model import QUESTION_TYPES

    path = tmp_path / "french_geography.yaml"
    code, out, _ = run(capsys, "new", str(path))
    assert code == 0
    assert f"wrote {path}" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=bank.schema.json\n")
    assert (tmp_path / "bank.schema.json").read_text(encoding="utf-8") == (
        REPO / "quiz" / "bank" / "bank.schema.json"
    ).read_text(encoding="utf-8")
    bank, warnings = load_bank_with_warnings(path)
    assert warnings == []
    assert (bank.id, bank.title) == ("french_geography", "French geography")
    assert sorted(q.type for q in bank.questions) == sorted(QUESTION_TYPES)
    assert run(capsys, "validate", "--strict", str(path))[0] == 0
    assert run(capsys, "lint", str(path))[0] == 0


def test_new_with_title_and_source(capsys, tmp_path):
    (tmp_path / "doc.txt").write_text("Paris is the capital.", encoding="utf-8")
    path = tmp_path / "My Bank.yaml"
    title = 'Geo: "France" #1'
    assert run(capsys, "new", str(path), "--title", title, "--source", "doc.txt")[0] == 0
    from quiz.bank.loader import load_bank

    bank = load_bank(path)
    assert (bank.id, bank.title, bank.source) == ("my-bank", title, "doc.txt")
    assert "# source: The exact words of the document" in path.read_text(encoding="utf-8")


def test_new_never_overwrites(capsys, tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text("mine\n", encoding="utf-8")
    code, out, err = run(capsys, "new", str(path))
    assert (code, out) == (1, "")
    assert "already exists; nothing written" in err
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert run(capsys, "new", str(tmp_path / "notes.txt"))[0] == 1


# -- quiz coverage -------------------------------------------------------------------------

DOC = (
    "Paris is the capital of France. It lies on the Seine, which flows into the Channel.\n\n"
    "Lyon is the third city... Marseille is a port on the Mediterranean!"
)


def coverage_bank(tmp_path: Path, *quotes: str) -> Path:
    (tmp_path / "doc.txt").write_text(DOC, encoding="utf-8")
    lines = ["title: T", "source: doc.txt", "questions:"]
    for n, quote in enumerate(quotes):
        lines += [
            f"  - id: q{n}",
            "    type: flashcard",
            "    prompt: P",
            "    answer: A",
            f"    source: {quote}",
        ]
    path = tmp_path / "bank.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_coverage_is_complete_when_every_sentence_is_quoted(capsys, tmp_path):
    path = coverage_bank(
        tmp_path,
        "Paris is the capital of France",
        "[It lies on the Seine, which flows into the Channel]",
        "Lyon is the third city ... Marseille is a port on the Mediterranean",
    )
    code, out, _ = run(capsys, "coverage", str(path))
    assert (code, out) == (
        0,
        f"coverage: 100% of {tmp_path / 'doc.txt'} (4 of 4 sentences fully quoted, "
        "by 3 questions)\n",
    )


def test_coverage_lists_what_no_question_quotes(capsys, tmp_path):
    path = coverage_bank(tmp_path, "Paris is the capital of France", "It lies on the Seine")
    code, out, _ = run(capsys, "coverage", str(path))
    doc = tmp_path / "doc.txt"
    assert code == 1
    assert out.splitlines() == [
        f'{doc}:1:55: not quoted (part): "which flows into the Channel."',
        f'{doc}:3:1: not quoted: "Lyon is the third city..."',
        f'{doc}:3:27: not quoted: "Marseille is a port on the Mediterranean!"',
        f"coverage: 39% of {doc} (1 of 4 sentences fully quoted, by 2 questions)",
    ]


def test_coverage_counts_every_quote_of_a_list(capsys, tmp_path):
    path = coverage_bank(
        tmp_path,
        "[Paris is the capital of France, It lies on the Seine, which flows into the Channel]",
        "[Lyon is the third city, Marseille is a port on the Mediterranean]",
    )
    assert run(capsys, "coverage", str(path))[0] == 0


def test_coverage_needs_a_source_document(capsys, write_bank):
    path = write_bank("title: T\nquestions:\n  - {id: q, type: flashcard, prompt: P, answer: A}\n")
    code, _, err = run(capsys, "coverage", str(path))
    assert code == 2
    assert "names no source document" in err


@pytest.mark.parametrize(
    ("source", "make", "reason"),
    [
        ("../outside.txt", lambda d: (d.parent / "outside.txt").write_text("Secret."),
         "the source document must be inside the bank's folder"),
        ("doc.txt", lambda d: (d / "doc.txt").write_bytes(b"caf\xe9.\n"),
         "the source document is not UTF-8 text"),
        ("sources", lambda d: (d / "sources").mkdir(), "the source document is a folder"),
        ("missing.txt", lambda d: None, "cannot read the source document (no such file"),
    ],
)  # fmt: skip
def test_coverage_of_a_bank_without_quotes_checks_its_document(capsys, tmp_path, source,
                                                                make, reason):  # fmt: skip
    # The loader reads the document only for quotes; a bank without any yet (just made with
    # quiz new --source) must not print a file outside its folder, nor crash on its bytes.
    folder = tmp_path / "banks"
    folder.mkdir()
    make(folder)
    path = folder / "bank.yaml"
    path.write_text(
        f"title: T\nsource: {source}\nquestions:\n"
        "  - {id: q, type: flashcard, prompt: P, answer: A}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "coverage", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"quiz coverage: error: {folder / source}: {reason}"), err
    assert "Secret" not in err


def test_the_bundled_bank_covers_its_document(capsys):
    bank = REPO / "question_banks" / "azerbaijan_foreign_policy.yaml"
    code, out, _ = run(capsys, "coverage", str(bank))
    assert code == 0, out
    assert out.startswith("coverage: 100% of ")


# -- quiz lint -----------------------------------------------------------------------------


def lint_of(text: str) -> list[str]:
    from quiz.bank.lint import lint
    from quiz.bank.loader import loads_bank

    return [str(p) for p in lint(loads_bank(text, "b.yaml"), "b.yaml")]


CLEAN = """\
title: T
questions:
  - id: capital
    type: choice
    prompt: What is the capital of France?
    choices: [Paris, Lyon, Marseille, Toulouse]
    answer: Paris
    hint: It is the largest city of the country.
  - id: river
    type: short
    prompt: Which river flows through Lyon besides the Saône?
    answer: Rhône
  - id: rivers
    type: match
    prompt: Match each city with its river.
    pairs: {Bordeaux: Garonne, Nantes: Loire, Rouen: Seine}
  - id: border
    type: multi
    prompt: Which of these countries border France?
    choices: [Belgium, Spain, Austria, Portugal]
    answers: [Belgium, Spain]
"""


def test_a_good_bank_has_no_findings():
    assert lint_of(CLEAN) == []


def test_near_duplicates_are_named():
    text = CLEAN + (
        "  - id: capital-again\n    type: short\n"
        "    prompt: Which city is the capital of France?\n    answer: Paris\n"
    )
    assert lint_of(text) == [
        'b.yaml:22:5: warning: "capital-again" asks much the same as "capital" (line 3): a '
        "learner who has answered one gets the other free; ask another fact, or ask it "
        "another way"
    ]


def test_the_longest_choice_as_answer():
    text = CLEAN.replace(
        "choices: [Paris, Lyon, Marseille, Toulouse]\n    answer: Paris",
        "choices: [The city where the government sits, Lyon, Lille, Nice]\n"
        "    answer: The city where the government sits",
    )
    (found,) = lint_of(text)
    assert found.startswith('b.yaml:3:5: warning: in "capital" the right answer is the longest')


def test_the_only_choice_that_echoes_the_prompt():
    text = CLEAN.replace(
        "prompt: What is the capital of France?\n    choices: [Paris, Lyon, Marseille, Toulouse]"
        "\n    answer: Paris",
        "prompt: Which of these is a European organisation?\n"
        "    choices: [Council of Europe, Arab League, Mercosur, ASEAN]\n"
        "    answer: Council of Europe",
    )
    (found,) = lint_of(text)
    assert 'the only choice that echoes the prompt ("Europe")' in found


def test_distractors_sharing_a_giveaway_word():
    text = CLEAN.replace(
        "choices: [Paris, Lyon, Marseille, Toulouse]",
        "choices: [Paris, Lyon only, Marseille only, Toulouse only]",
    )
    (found,) = lint_of(text)
    assert 'every wrong choice says "only" and the right one does not' in found
    # One distractor with "only" is no pattern.
    assert lint_of(CLEAN.replace("[Paris, Lyon,", "[Paris, Lyon only,")) == []


def test_a_hint_that_gives_away_another_answer():
    (found,) = lint_of(CLEAN.replace("largest city of the country", "city on the Rhône's sea"))
    assert found == (
        'b.yaml:3:5: warning: the hint of "capital" gives away the answer of "river" (line 9): '
        '"Rhône"'
    )


def test_a_match_with_two_pairs():
    (found,) = lint_of(CLEAN.replace("Nantes: Loire, ", ""))
    assert found.startswith('b.yaml:13:5: warning: "rivers" is a match with only two pairs')


def test_lint_and_validate_quality_on_files(capsys, write_bank):
    path = write_bank(CLEAN.replace("Nantes: Loire, ", ""))
    code, out, _ = run(capsys, "lint", str(path))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{path}:13:5: warning: ")
    assert out.splitlines()[-1] == f"failed: {path} (1 warning, quality)"
    assert run(capsys, "validate", str(path))[0] == 0
    assert run(capsys, "validate", "--quality", str(path))[0] == 1
    assert run(capsys, "lint", str(write_bank(CLEAN, "clean.yaml")))[0] == 0


def test_the_bundled_bank_passes_lint(capsys):
    code, out, _ = run(capsys, "lint", str(REPO / "question_banks"))
    assert code == 0, out


def test_the_schema_has_an_id():
    import json

    schema = json.loads((REPO / "quiz" / "bank" / "bank.schema.json").read_text("utf-8"))
    assert schema["$id"] == "urn:quiz:bank-schema:1"


def test_the_teachers_page_uses_real_commands_and_links():
    import re

    from quiz.__main__ import COMMANDS

    text = (REPO / "docs" / "teachers.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"^quiz ([a-z-]+)\b(?!\.)", text, re.MULTILINE))
    assert {"new", "validate", "lint", "coverage", "schema", "import", "export"} <= commands
    assert commands <= set(COMMANDS)
    for link in re.findall(r"\]\(([\w.-]+\.md)\)", text):
        assert (REPO / "docs" / link).exists(), link
    assert "quiz import questions.xml -o bank.yaml" in text
    assert "quiz export bank.yaml --format moodle-xml -o out.xml" in text
