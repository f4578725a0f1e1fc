"""The exam date is a setting: kept in the progress file with the learner's other settings."""

from __future__ import annotations

import pytest

from quiz.study.store import ProgressStore, Settings


def test_no_exam_date_by_default(tmp_path):
    assert ProgressStore.open(tmp_path).settings.exam_date is None


def test_the_exam_date_is_kept_and_cleared(tmp_path):
    ProgressStore.open(tmp_path).update_settings(exam_date="2026-12-10")
    assert ProgressStore.open(tmp_path).settings.exam_date == "2026-12-10"
    ProgressStore.open(tmp_path).update_settings(exam_date=None)
    assert ProgressStore.open(tmp_path).settings.exam_date is None


@pytest.mark.parametrize("bad", ["10/12/2026", "2026-13-01", 20261210, True, ["2026-12-10"]])
def test_a_bad_exam_date_is_refused(bad):
    with pytest.raises(ValueError, match="settings.exam_date"):
        Settings.from_dict({"exam_date": bad})


def test_an_older_file_without_the_field_still_opens():
    assert Settings.from_dict({"new_per_day": 5}).exam_date is None
