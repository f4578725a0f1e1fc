"""`quiz optimize`: too short a history, a fit shown side by side and adopted, a dry run, a
revert."""

from __future__ import annotations

from quiz.__main__ import main
from quiz.study import optimize
from quiz.study.scheduler import DEFAULT_PARAMETERS
from quiz.study.store import ProgressStore
from tests.study.test_optimize import simulated


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_too_short_a_history_says_so_and_changes_nothing(capsys, tmp_path):
    simulated(tmp_path, cards=2, days=2)
    code, out, err = run(capsys, "optimize", "--data-dir", str(tmp_path))
    assert code == 3 and "Not enough history" in err and "400 are needed" in err
    assert ProgressStore.open(tmp_path).settings.previous_parameters == ()


def test_a_fit_is_shown_side_by_side_then_adopted_and_reverted(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(optimize, "MIN_REVIEWS", 50)
    simulated(tmp_path)
    code, out, _ = run(capsys, "optimize", "--dry-run", "--data-dir", str(tmp_path))
    assert code == 0 and "current" in out and "fitted" in out and "log loss" in out
    assert "Dry run" in out
    assert ProgressStore.open(tmp_path).settings.parameters == DEFAULT_PARAMETERS
    code, out, _ = run(capsys, "optimize", "--data-dir", str(tmp_path))
    assert code == 0 and "used from now on" in out
    assert ProgressStore.open(tmp_path).settings.parameters != DEFAULT_PARAMETERS
    code, out, _ = run(capsys, "optimize", "--revert", "--data-dir", str(tmp_path))
    assert code == 0 and "Back to" in out
    assert ProgressStore.open(tmp_path).settings.parameters == DEFAULT_PARAMETERS


def test_revert_with_nothing_to_revert_to(capsys, tmp_path):
    code, out, _ = run(capsys, "optimize", "--revert", "--data-dir", str(tmp_path))
    assert code == 0 and "never optimized" in out
