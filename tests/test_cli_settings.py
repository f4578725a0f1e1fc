"""`quiz settings`: the study settings are shown, changed, validated and kept."""

from __future__ import annotations

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
