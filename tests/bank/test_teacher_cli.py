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
