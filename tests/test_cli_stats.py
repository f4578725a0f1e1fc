"""`quiz stats` and `quiz results` on empty, used, damaged and newer-version data folders."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressStore, Settings

GEO = """\
id: geo
title: Capitals
questions:
  - id: fr
    type: short
    prompt: Capital of France?
    answer: Paris
  - id: az
    type: short
    prompt: Capital of Azerbaijan?
    answer: Baku
  - id: de
    type: true_false
    prompt: Berlin is the capital of Germany.
    answer: true
"""

BROKEN = """\
id: broken
title: Broken
questions:
  - id: q1
    type: choice
    prompt: Pick one
    choices: [a, b]
    answer: c
"""


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "geo.yaml").write_text(GEO)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def study(data: Path) -> None:
    """Some progress: three answers (two right) and two finished sessions."""
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    now = datetime.now(UTC) - timedelta(hours=1)
    for key, correct in (("geo/fr", True), ("geo/az", False), ("geo/fr", True)):
        store.record_review(
            key,
            rating=Rating.GOOD if correct else Rating.AGAIN,
            correct=correct,
            response_time=2.0,
            session_id="s1",
            now=now,
        )
        now += timedelta(minutes=11)
    store.record_session(
        {
            "id": "s1",
            "mode": "quiz",
            "banks": ["geo"],
            "started": "2024-05-01T09:00:00+00:00",
            "duration": 125.0,
            "score": 2,
            "max": 3,
            "percent": 66.67,
            "passed": None,
            "answered": 3,
            "total": 3,
        }
    )
    store.record_session(
        {
            "id": "s2",
            "mode": "exam",
            "banks": ["geo", "other, with comma"],
            "started": "2024-05-02T09:00:00+00:00",
            "duration": 3725.5,
            "score": 2.5,
            "max": 3,
            "percent": 83.33,
            "passed": True,
            "answered": 3,
            "total": 3,
        }
    )


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- quiz stats --------------------------------------------------------------------------------


def test_stats_on_an_empty_data_dir(capsys, banks, data):
    code, out, err = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0 and err == ""
    assert "Capitals" in out and "Reviews: 0 in all" in out and "streak: 0 days" in out
    row = next(line for line in out.splitlines() if line.startswith("Capitals"))
    assert row.split()[1:] == ["3", "3", "0", "0", "0", "0", "—"]
    assert not data.exists()  # a read-only look leaves no trace


def test_stats_table_and_json_after_studying(capsys, banks, data):
    study(data)
    code, out, _ = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("Capitals"))
    # questions, new, learning, due, mastered, reviews, accuracy
    assert row.split()[1:] == ["3", "1", "1", "1", "1", "3", "67%"]
    assert "Reviews: 3 in all" in out and "streak: 1 day" in out
    assert "Due in the next 7 days: 2" in out

    code, out, _ = run(capsys, "stats", str(banks), "--json", "--data-dir", str(data))
    doc = json.loads(out)
    assert doc["reviews"] == 3 and doc["streak"] == 1 and sum(doc["due_next_7_days"]) == 2
    (geo,) = doc["banks"]
    assert geo == {
        "id": "geo",
        "title": "Capitals",
        "questions": 3,
        "new": 1,
        "learning": 1,
        "due": 1,
        "mastered": 1,
        "reviews": 3,
        "accuracy": pytest.approx(2 / 3, abs=1e-4),
        "suspended": 0,
        "buried": 0,
        "flagged": 0,
    }


def test_stats_uses_quiz_data_dir_and_the_default_banks(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0, err
    ids = [b["id"] for b in json.loads(out)["banks"]]
    assert "azerbaijan-foreign-policy" in ids  # the bundled bank


def test_stats_reports_an_invalid_bank_goes_on_and_fails(capsys, banks, data):
    (banks / "broken.yaml").write_text(BROKEN)
    code, out, err = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 1
    assert "broken.yaml:" in err and "error" in err
    assert "Capitals" in out and "Broken" not in out
    code, out, _ = run(capsys, "stats", str(banks), "--json", "--data-dir", str(data))
    assert code == 1 and [b["id"] for b in json.loads(out)["banks"]] == ["geo"]


def test_stats_of_only_a_bad_bank_fails(capsys, tmp_path, data):
    bad = tmp_path / "BAD.yaml"
    bad.write_text(BROKEN)
    code, out, err = run(capsys, "stats", str(bad), "--data-dir", str(data))
    assert code == 1
    assert "BAD.yaml:" in err and "No bank could be loaded" in out and "No banks found" not in out


def test_stats_goes_on_past_a_bad_bank_it_found_by_itself(capsys, monkeypatch, tmp_path, data):
    # Not named by the learner: reported, but the command did what was asked.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "question_banks").mkdir()
    (tmp_path / "question_banks" / "broken.yaml").write_text(BROKEN)
    code, out, err = run(capsys, "stats", "--data-dir", str(data))
    assert code == 0 and "broken.yaml:" in err


def test_stats_on_a_missing_bank_path(capsys, tmp_path, data):
    code, _, err = run(capsys, "stats", str(tmp_path / "nope.yaml"), "--data-dir", str(data))
    assert code == 2 and "nope.yaml: no such file or folder" in err


def test_stats_on_a_damaged_data_dir(capsys, banks, data):
    study(data)
    (data / "progress.json").write_text('{"version": 2, "cards": [')
    code, out, err = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0
    (aside,) = data.glob("progress.json.damaged-*")
    assert str(aside) in err and "progress.json" in err
    assert "Reviews: 3 in all" in out  # nothing lost: rebuilt from the journal
    # Told once: the next run is quiet.
    code, _, err = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0 and err == ""


def test_stats_and_results_refuse_a_newer_data_dir(capsys, banks, data):
    data.mkdir()
    raw = '{"format": "quiz-progress", "version": 99, "cards": {}}'
    (data / "progress.json").write_text(raw)
    for argv in (["stats", str(banks)], ["results"], ["results", "--csv"]):
        code, out, err = run(capsys, *argv, "--data-dir", str(data))
        assert code == 1 and out == ""
        assert "newer version" in err and "99" in err and str(data / "progress.json") in err
    assert (data / "progress.json").read_text() == raw


# -- quiz results ------------------------------------------------------------------------------


def test_results_on_an_empty_data_dir(capsys, data):
    code, out, err = run(capsys, "results", "--data-dir", str(data))
    assert (code, err) == (0, "")
    assert "No finished sessions yet" in out
    code, out, _ = run(capsys, "results", "--csv", "--data-dir", str(data))
    assert code == 0 and out.splitlines() == [
        "date,bank,mode,score,max,percent,duration_seconds,passed,answered,total,session_id,"
        "completed"
    ]


def test_results_table(capsys, data):
    study(data)
    code, out, _ = run(capsys, "results", "--data-dir", str(data))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Bank", "Mode", "Score", "Max", "%", "Time", "Result"]
    assert "quiz" in lines[1] and "67%" in lines[1] and "2:05" in lines[1]
    assert "exam" in lines[2] and "83%" in lines[2] and "1:02:06" in lines[2]
    assert "passed" in lines[2]
    assert "2 sessions" in out


def test_results_shows_the_latest_sessions_and_says_how_many_there_are(capsys, data):
    # A year of study is thousands of sessions: the table shows the latest 20 (the newest
    # last, above the summary), --last N and --all others, and the CSV has every one.
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for n in range(45):
        store.record_session(
            {
                "id": f"s{n}",
                "mode": "review",
                "banks": ["geo"],
                "started": (start + timedelta(days=n)).isoformat(),
                "score": n % 5,
                "max": 4,
            }
        )

    def shown(out):
        return [line for line in out.splitlines()[1:] if line.startswith("2026")]

    code, out, _ = run(capsys, "results", "--data-dir", str(data))
    days = [line.split()[0] for line in shown(out)]
    assert code == 0 and len(days) == 20 and days[-1] == "2026-02-14" and days[0] == "2026-01-26"
    mean = sum(100 * (n % 5) / 4 for n in range(45)) / 45
    assert out.splitlines()[-1] == (
        f"45 sessions, mean score {mean:.0f}%; the latest 20 shown "
        "(--all for every one, --csv for a spreadsheet)"
    )
    code, out, _ = run(capsys, "results", "--last", "3", "--data-dir", str(data))
    assert len(shown(out)) == 3 and out.splitlines()[-1].endswith("; the latest 3 shown")
    code, out, _ = run(capsys, "results", "--all", "--data-dir", str(data))
    assert len(shown(out)) == 45 and out.splitlines()[-1] == f"45 sessions, mean score {mean:.0f}%"
    code, out, _ = run(capsys, "results", "--csv", "--data-dir", str(data))
    assert [r["session_id"] for r in csv.DictReader(io.StringIO(out))] == [
        f"s{n}" for n in range(45)
    ]
    code, out, _ = run(capsys, "results", "--csv", "--last", "2", "--data-dir", str(data))
    assert [r["session_id"] for r in csv.DictReader(io.StringIO(out))] == ["s43", "s44"]
    for wrong in (["--last", "0"], ["--last", "x"], ["--last", "2", "--all"]):
        with pytest.raises(SystemExit) as exit_code:
            main(["results", *wrong, "--data-dir", str(data)])
        assert exit_code.value.code == 2
        assert "--last" in capsys.readouterr().err


def test_results_csv_is_machine_readable(capsys, data):
    study(data)
    code, out, _ = run(capsys, "results", "--csv", "--data-dir", str(data))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["session_id"] for r in rows] == ["s1", "s2"]
    first, second = rows
    assert (first["mode"], first["score"], first["max"], first["percent"]) == (
        "quiz",
        "2",
        "3",
        "66.67",
    )
    assert first["duration_seconds"] == "125.0" and first["passed"] == ""
    assert second["duration_seconds"] == "3725.5"  # one decimal in every row
    assert second["bank"] == "geo, other, with comma"  # quoted by the csv module
    assert (second["score"], second["passed"]) == ("2.5", "yes")
    assert first["date"].count(":") == 2 and first["date"][:4] == "2024"


def test_results_on_a_damaged_data_dir(capsys, data):
    study(data)
    (data / "progress.json").write_bytes(b"\x00\x01 not json")
    code, out, err = run(capsys, "results", "--data-dir", str(data))
    assert code == 0
    (aside,) = data.glob("progress.json.damaged-*")
    assert str(aside) in err
    assert "2 sessions" in out


def test_results_reads_sessions_kept_by_version_1(capsys, data):
    data.mkdir()
    fixture = Path(__file__).parent / "study" / "fixtures" / "progress-v1.json"
    (data / "progress.json").write_bytes(fixture.read_bytes())
    code, out, err = run(capsys, "results", "--csv", "--data-dir", str(data))
    assert code == 0 and "Upgraded" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["session_id"], r["max"], r["percent"]) for r in rows] == [
        ("s-1", "2", "100.0"),
        ("s-2", "3", "66.7"),
    ]


def test_results_round_partial_credit_to_two_decimals(capsys, data):
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    store.record_session(
        {
            "id": "s3",
            "mode": "quiz",
            "banks": ["geo"],
            "started": "2024-05-03T09:00:00+00:00",
            "duration": 10.0,
            "score": 1 / 3,
            "max": 31,
            "percent": 100 / 93,
            "passed": None,
            "answered": 1,
            "total": 31,
        }
    )
    code, out, _ = run(capsys, "results", "--data-dir", str(data))
    assert code == 0 and "0.33" in out and "0.333" not in out
    code, out, _ = run(capsys, "results", "--csv", "--data-dir", str(data))
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["score"], row["percent"]) == ("0.33", "1.08")


def test_results_of_an_exam_worth_no_points_show_no_verdict(capsys, data):
    from quiz.bank.model import Bank, Choice, ChoiceQuestion
    from quiz.study.session import Mode, SessionOptions, start_session

    question = ChoiceQuestion(
        id="z", prompt="?", choices=(Choice("a"), Choice("b")), answer=0, points=0
    )
    bank = Bank(id="zero", title="Zero", questions=(question,))
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    session = start_session([bank], store, SessionOptions(mode=Mode.EXAM, seed=1))
    session.answer(session.current, 1, elapsed=1.0)
    session.finish()
    code, out, _ = run(capsys, "results", "--csv", "--data-dir", str(data))
    row = next(csv.DictReader(io.StringIO(out)))
    assert code == 0 and (row["max"], row["percent"], row["passed"]) == ("0", "", "")
    code, out, _ = run(capsys, "results", "--data-dir", str(data))
    assert code == 0 and "failed" not in out and "passed" not in out


def test_results_mark_sessions_left_early(capsys, data):
    from quiz.bank.model import Bank, Choice, ChoiceQuestion
    from quiz.study.session import Mode, SessionOptions, start_session

    questions = tuple(
        ChoiceQuestion(id=f"q{i}", prompt="?", choices=(Choice("a"), Choice("b")), answer=0)
        for i in range(5)
    )
    bank = Bank(id="five", title="Five", questions=questions)
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    left = start_session([bank], store, SessionOptions(mode=Mode.EXAM, seed=1))
    left.answer(left.current, 0, elapsed=1.0)
    left.finish(abandoned=True)
    done = start_session([bank], store, SessionOptions(mode=Mode.QUIZ, seed=1))
    for _ in range(5):
        done.answer(done.current, 0, elapsed=1.0)
    done.finish(abandoned=True)  # every question answered: complete however it was left
    code, out, _ = run(capsys, "results", "--data-dir", str(data))
    exam_line, quiz_line = out.splitlines()[1:3]
    assert code == 0 and "left early" in exam_line and "failed" not in exam_line
    assert "left early" not in quiz_line
    code, out, _ = run(capsys, "results", "--csv", "--data-dir", str(data))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[-1] == "completed"
    assert [(r["completed"], r["passed"], r["answered"]) for r in rows] == [
        ("no", "", "1"),
        ("yes", "", "5"),
    ]


def test_stats_overall_reviews_add_up_with_the_banks_listed(capsys, banks, data):
    study(data)  # three answers to geo
    store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
    for key in ("elsewhere/a", "elsewhere/b"):
        store.record_review(
            key,
            rating=Rating.GOOD,
            correct=True,
            response_time=1.0,
            session_id="s9",
            now=datetime.now(UTC) - timedelta(minutes=5),
        )
    code, out, _ = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0 and "Reviews: 3 in all" in out
    assert "2 more reviews of banks or questions not listed here" in out
    code, out, _ = run(capsys, "stats", str(banks), "--json", "--data-dir", str(data))
    doc = json.loads(out)
    assert (doc["reviews"], doc["other_reviews"]) == (3, 2)
    assert doc["reviews"] == sum(b["reviews"] for b in doc["banks"])


def test_stats_says_nothing_of_other_reviews_when_there_are_none(capsys, banks, data):
    study(data)
    code, out, _ = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0 and "not listed here" not in out
    code, out, _ = run(capsys, "stats", str(banks), "--json", "--data-dir", str(data))
    assert json.loads(out)["other_reviews"] == 0


def test_stats_count_suspended_buried_and_flagged_questions(capsys, banks, data):
    study(data)
    store = ProgressStore.open(data)
    store.suspend("geo/fr")
    store.bury("geo/az")
    store.flag("geo/de")
    store.flag("geo/fr")
    code, out, _ = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert code == 0
    assert "Suspended: 1 · buried until tomorrow: 1 · flagged: 2" in out
    row = next(line for line in out.splitlines() if line.startswith("Capitals"))
    # Out of sessions, so out of new, learning, due and mastered: only "de" is left (new).
    assert row.split()[1:6] == ["3", "1", "0", "0", "0"]
    code, out, _ = run(capsys, "stats", str(banks), "--json", "--data-dir", str(data))
    (geo,) = json.loads(out)["banks"]
    assert (geo["suspended"], geo["buried"], geo["flagged"]) == (1, 1, 2)


def test_stats_say_nothing_of_marks_when_there_are_none(capsys, banks, data):
    study(data)
    _, out, _ = run(capsys, "stats", str(banks), "--data-dir", str(data))
    assert "Suspended" not in out
