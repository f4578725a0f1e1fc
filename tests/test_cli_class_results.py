"""`quiz results --class DIR`: every student's sessions with the per-tag breakdown, and the
questions the class got right least often."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.study.classroom import report, students
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressStore


def _student(class_dir: Path, name: str, answers: dict[str, bool], passed: bool) -> None:
    store = ProgressStore.open(class_dir / name)
    now = datetime(2026, 5, 1, 9, tzinfo=UTC)
    for key, correct in answers.items():
        store.record_review(
            key,
            rating=Rating.GOOD if correct else Rating.AGAIN,
            correct=correct,
            response_time=3.0,
            session_id="s1",
            now=now,
        )
        now += timedelta(minutes=1)
    right = sum(answers.values())
    store.record_session(
        {
            "id": f"{name}-s1",
            "mode": "exam",
            "banks": ["geo"],
            "started": "2026-05-01T09:00:00+00:00",
            "duration": 60.0,
            "score": right,
            "max": len(answers),
            "percent": 100 * right / len(answers),
            "passed": passed,
            "answered": len(answers),
            "total": len(answers),
            "by_tag": {"europe": [int(answers["geo/france"]), 1], "asia": [right - 1, 2]},
        }
    )


@pytest.fixture
def class_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    _student(folder, "ann", {"geo/france": True, "geo/japan": False, "geo/peru": True}, True)
    _student(folder, "bo", {"geo/france": True, "geo/japan": False, "geo/peru": False}, False)
    (folder / ".cache").mkdir()  # the server's: not a student
    return folder


def test_the_report_holds_every_student_and_the_hardest_questions_first(class_dir) -> None:
    assert [name for name, _ in students(class_dir)] == ["ann", "bo"]
    found = report(class_dir)
    assert [(s, r["id"]) for s, r in found.sessions] == [("ann", "ann-s1"), ("bo", "bo-s1")]
    assert [(h.key, h.right, h.answers, h.students) for h in found.hardest] == [
        ("geo/japan", 0, 2, 2),
        ("geo/peru", 1, 2, 2),
        ("geo/france", 2, 2, 2),
    ]
    assert found.problems == []


def test_quiz_results_class_prints_one_table(class_dir, capsys) -> None:
    assert main(["results", "--class", str(class_dir)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Student", "Date", "Bank"]
    ann = next(line for line in lines if line.startswith("ann "))
    assert "passed" in ann and "asia 1/2, europe 1/1" in ann
    bo = next(line for line in lines if line.startswith("bo "))
    assert "failed" in bo and "33%" in bo
    assert "2 sessions of 2 students" in out
    hard = lines[lines.index("Hardest questions (lowest share right):") + 2]
    assert hard.split() == ["geo/japan", "0", "2", "2", "0%"]


def test_quiz_results_class_csv(class_dir, capsys) -> None:
    assert main(["results", "--class", str(class_dir), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["student"], r["score"], r["passed"]) for r in rows] == [
        ("ann", "2", "yes"),
        ("bo", "1", "no"),
    ]
    assert rows[1]["tags"] == "asia 0/2, europe 1/1"


def test_a_missing_class_folder_is_an_error(tmp_path, capsys) -> None:
    assert main(["results", "--class", str(tmp_path / "nowhere")]) == 1
    assert "no such class folder" in capsys.readouterr().err


def test_an_empty_class_folder_says_so(tmp_path, capsys) -> None:
    assert main(["results", "--class", str(tmp_path)]) == 0
    assert "No finished sessions" in capsys.readouterr().out
