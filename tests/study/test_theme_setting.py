"""The colour theme is a setting: the one chosen in the app is kept in the progress file."""

from __future__ import annotations

import pytest

from quiz.study.store import ProgressStore, Settings


def test_the_default_theme_until_one_is_chosen(tmp_path):
    assert ProgressStore.open(tmp_path).settings.theme is None


def test_the_theme_is_kept_and_cleared(tmp_path):
    ProgressStore.open(tmp_path).update_settings(theme="nord")
    assert ProgressStore.open(tmp_path).settings.theme == "nord"
    ProgressStore.open(tmp_path).update_settings(theme=None)
    assert ProgressStore.open(tmp_path).settings.theme is None


@pytest.mark.parametrize("bad", ["", 3, True, ["nord"]])
def test_a_bad_theme_is_refused(bad):
    with pytest.raises(ValueError, match="settings.theme"):
        Settings.from_dict({"theme": bad})


def test_an_older_file_without_the_field_still_opens():
    assert Settings.from_dict({"new_per_day": 5}).theme is None
