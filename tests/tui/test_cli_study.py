"""`quiz` / `quiz study`: argument checking (exit 2), an unusable progress file (exit 1), and
what the app is built with."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from quiz.__main__ import main
from quiz.tui.app import QuizApp

BANK = """\
title: Capitals
id: capitals
questions:
  - id: france
    type: choice
    prompt: Capital of France?
    choices: [Paris, Lyon]
    answer: Paris
    tags: [europe]
"""


@pytest.fixture
def built(monkeypatch):
    """Run the CLI up to the point where the app would take over the terminal."""
    apps: list[QuizApp] = []

    def fake_run(self, *args, **kwargs):
        apps.append(self)

    monkeypatch.setattr(QuizApp, "run", fake_run)
    return apps


@pytest.mark.parametrize(
    "args",
    [
        ["--mode", "cram"],
        ["--count", "0"],
        ["--count", "many"],
        ["--time-limit", "-5"],
        ["--pass-mark", "120"],
        ["--exam-date", "2026-13-40"],
        ["--exam-date", "2000-01-01"],
        ["--exam-date", "9999-12-31"],
        ["--tags", " , "],
        ["--seed", "x"],
    ],
)
def test_bad_arguments_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["study", *args])
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_a_newer_progress_file_is_refused(tmp_path, capsys, built):
    data = tmp_path / "data"
    data.mkdir()
    raw = b'{"format": "quiz-progress", "version": 999, "cards": {}}'
    (data / "progress.json").write_bytes(raw)
    assert main(["--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "newer" in err and str(data / "progress.json") in err
    assert (data / "progress.json").read_bytes() == raw
    assert built == []


def test_straight_in_without_a_usable_bank_exits_1(tmp_path, capsys, built):
    missing = tmp_path / "missing.yaml"
    assert main(["study", str(missing), "--mode", "quiz", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "no bank to study" in err
    assert built == []


EXAM_DAY = date.today() + timedelta(days=30)


def test_options_reach_the_app(tmp_path, built):
    bank = tmp_path / "capitals.yaml"
    bank.write_text(BANK)
    code = main(
        [
            "study",
            str(bank),
            "--mode",
            "exam",
            "--count",
            "5",
            "--tags",
            "europe,asia",
            "--seed",
            "7",
            "--time-limit",
            "20",
            "--pass-mark",
            "80%",
            "--exam-date",
            EXAM_DAY.isoformat(),
            "--data-dir",
            str(tmp_path / "data"),
        ]
    )
    assert code == 0
    [app] = built
    assert app.start_mode == "exam"
    options = app.start_options
    assert options.mode.value == "exam" and options.count == 5 and options.seed == 7
    assert options.tags == frozenset({"europe", "asia"})
    assert options.time_limit == timedelta(minutes=20) and options.pass_mark == 80
    assert app.exam_date == EXAM_DAY
    assert [b.id for b in app.named_banks] == ["capitals"]
    # The bundled banks are offered on the home screen too.
    assert len(app.banks) >= 2


def test_plain_quiz_opens_home_on_the_bundled_banks(tmp_path, built):
    assert main(["--data-dir", str(tmp_path)]) == 0
    [app] = built
    assert app.start_mode is None
    assert app.banks, "the bundled bank loads"
    assert all(e.ok for e in app.entries), [str(e.problem) for e in app.entries if not e.ok]


def test_the_exam_date_is_kept_for_the_next_start(tmp_path, built):
    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["study", *data, "--exam-date", EXAM_DAY.isoformat()]) == 0
    assert main(["study", *data]) == 0
    first, second = built
    assert first.exam_date == second.exam_date == EXAM_DAY
    # A date given again replaces the kept one.
    later = EXAM_DAY + timedelta(days=1)
    assert main(["study", *data, "--exam-date", later.isoformat()]) == 0
    assert main(["study", *data]) == 0
    assert built[-1].exam_date == later
