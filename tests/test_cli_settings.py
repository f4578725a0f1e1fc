"""`quiz settings`: the study settings are shown, changed, validated and kept."""

from __future__ import annotations

import pytest

from quiz.__main__ import main
from quiz.study.store import ProgressStore


def test_settings_show_the_defaults(capsys, tmp_path):
    assert main(["settings", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "new-per-day        20" in out and "day-starts-at      4" in out


def test_settings_change_and_persist(capsys, tmp_path):
    code = main(
        [
            "settings",
            "--data-dir",
            str(tmp_path),
            "--new-per-day",
            "5",
            "--day-starts-at",
            "6",
            "--desired-retention",
            "0.85",
        ]
    )
    assert code == 0
    settings = ProgressStore.open(tmp_path).settings
    assert (settings.new_per_day, settings.day_starts_at, settings.desired_retention) == (
        5,
        6,
        0.85,
    )
    assert settings.reviews_per_day == 200


def test_bad_settings_are_refused_with_the_option_name(capsys, tmp_path):
    assert main(["settings", "--data-dir", str(tmp_path), "--day-starts-at", "30"]) == 2
    err = capsys.readouterr().err
    assert "--day-starts-at must be an hour from 0 to 23" in err
    assert main(["settings", "--data-dir", str(tmp_path), "--desired-retention", "1.5"]) == 2
    assert ProgressStore.open(tmp_path).settings.day_starts_at == 4


def test_the_exam_date_is_set_shown_and_cleared(capsys, tmp_path):
    data = ["settings", "--data-dir", str(tmp_path)]
    assert main([*data, "--exam-date", "2099-12-10"]) == 0
    assert ProgressStore.open(tmp_path).settings.exam_date == "2099-12-10"
    assert "exam-date          2099-12-10" in capsys.readouterr().out
    assert main([*data, "--exam-date", ""]) == 0
    assert ProgressStore.open(tmp_path).settings.exam_date is None
    assert "exam-date          none" in capsys.readouterr().out


def test_a_bad_exam_date_is_refused(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["settings", "--data-dir", str(tmp_path), "--exam-date", "2000-01-01"])
    assert exit_info.value.code == 2
    assert "is in the past" in capsys.readouterr().err
    assert ProgressStore.open(tmp_path).settings.exam_date is None
