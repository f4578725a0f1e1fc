"""Opening the progress store writes nothing: a read-only data folder can be looked at, the
journal replayed in memory, and the checkpoint is written at the next real save. Damaged
journal lines are reported once, not on every open."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import filelock
import pytest

import quiz.study.atomic as atomic_module
import quiz.study.disk as disk_module
import quiz.study.journal as journal_module
from quiz.__main__ import main
from quiz.study.scheduler import Rating
from quiz.study.store import JOURNAL_FILE, PROGRESS_FILE, ProgressError, ProgressStore, Settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def open_store(data: Path) -> ProgressStore:
    return ProgressStore.open(data, defaults=Settings(enable_fuzzing=False), tz=UTC)


def answer(store: ProgressStore, key: str, at: datetime = T0) -> None:
    store.record_review(
        key, rating=Rating.GOOD, correct=True, response_time=2.0, session_id="s", now=at
    )


def behind(data: Path) -> None:
    """A data folder whose snapshot is two answers behind its journal (answers since the
    last checkpoint), and one finished session."""
    store = open_store(data)
    answer(store, "b/q1")
    old = (data / PROGRESS_FILE).read_bytes()
    answer(store, "b/q2", T0 + timedelta(seconds=1))
    answer(store, "b/q3", T0 + timedelta(seconds=2))
    store.record_session({"id": "s", "mode": "quiz", "score": 3, "max": 3})
    (data / PROGRESS_FILE).write_bytes(old)


def no_writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every kind of write in the data folder fail as in a read-only folder; the list
    collects what was attempted."""
    tried: list[str] = []

    def refuse(what: str):
        def fail(path, *args, **kwargs):
            tried.append(f"{what} {Path(path).name}")
            raise PermissionError(13, "Permission denied", str(path))

        return fail

    monkeypatch.setattr(atomic_module, "write_atomic", refuse("write"))
    monkeypatch.setattr(disk_module, "write_atomic", refuse("write"))
    monkeypatch.setattr(journal_module, "write_atomic", refuse("write"))
    monkeypatch.setattr(journal_module, "append_durable", refuse("append"))
    monkeypatch.setattr(journal_module, "cut_torn_tail", refuse("cut"))
    return tried


def test_opening_replays_the_journal_in_memory_and_writes_nothing(tmp_path, monkeypatch):
    data = tmp_path / "data"  # (beside the cache folder, which may be written)
    behind(data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    tried = no_writes(monkeypatch)
    store = open_store(data)
    assert set(store.keys()) == {"b/q1", "b/q2", "b/q3"}
    assert [s["id"] for s in store.sessions()] == ["s"]
    assert store.notices == [] and tried == []
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_the_checkpoint_is_written_at_the_next_save(tmp_path):
    behind(tmp_path)
    store = open_store(tmp_path)
    assert set(json.loads((tmp_path / PROGRESS_FILE).read_text())["cards"]) == {"b/q1"}
    answer(store, "b/q4", T0 + timedelta(seconds=3))
    snapshot = json.loads((tmp_path / PROGRESS_FILE).read_text())
    assert set(snapshot["cards"]) == {"b/q1", "b/q2", "b/q3", "b/q4"}
    assert snapshot["journal"]["offset"] == (tmp_path / JOURNAL_FILE).stat().st_size


def test_stats_and_results_work_on_a_read_only_data_dir(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    behind(data)
    tried = no_writes(monkeypatch)
    assert main(["stats", "--json", "--data-dir", str(data)]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)  # bank "b" is not among the banks listed: its reviews are "other"
    assert (doc["reviews"], doc["other_reviews"], err) == (0, 3, "")
    assert main(["results", "--csv", "--data-dir", str(data)]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 2 and err == ""
    assert tried == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_chmod_555_data_dir(tmp_path, capsys):
    data = tmp_path / "data"
    behind(data)
    data.chmod(0o555)
    try:
        assert main(["stats", "--data-dir", str(data)]) == 0
        assert main(["results", "--data-dir", str(data)]) == 0
        assert "error" not in capsys.readouterr().err
    finally:
        data.chmod(0o755)


def test_a_torn_line_in_a_read_only_journal_is_ignored(tmp_path, monkeypatch):
    behind(tmp_path)
    journal = tmp_path / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes() + b'{"type":"review","key":"b/q9"')
    no_writes(monkeypatch)
    assert set(open_store(tmp_path).keys()) == {"b/q1", "b/q2", "b/q3"}
    monkeypatch.undo()
    store = open_store(tmp_path)
    answer(store, "b/q4", T0 + timedelta(seconds=3))  # cuts the torn line before appending
    assert set(open_store(tmp_path).keys()) == {"b/q1", "b/q2", "b/q3", "b/q4"}


def deny_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock file cannot be created: a read-only copy, or another user's folder."""

    def acquire(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", self.lock_file)

    monkeypatch.setattr(filelock.FileLock, "acquire", acquire)


def test_a_folder_that_cannot_be_locked_is_read_without_the_lock(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    behind(data)
    journal = data / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes() + b'{"type":"review"')  # a torn line too
    tried = no_writes(monkeypatch)
    deny_the_lock(monkeypatch)
    store = open_store(data)
    assert set(store.keys()) == {"b/q1", "b/q2", "b/q3"}
    assert [r.key for r in store.reviews()] == ["b/q1", "b/q2", "b/q3"]
    with pytest.raises(ProgressError, match="cannot use this folder"):
        answer(store, "b/q4")
    assert main(["results", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().err == "" and tried == []


def test_a_read_only_folder_that_needs_repair_is_a_clear_error(tmp_path, monkeypatch):
    behind(tmp_path)
    (tmp_path / PROGRESS_FILE).write_text("{not json")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    deny_the_lock(monkeypatch)
    with pytest.raises(ProgressError, match="is not valid JSON.* is read-only, so it cannot be"):
        open_store(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# -- damaged journal lines: told once ------------------------------------------------------


@pytest.mark.parametrize("with_good_lines", [False, True])
def test_unreadable_journal_lines_are_reported_once(tmp_path, with_good_lines):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    store.save()
    journal = tmp_path / JOURNAL_FILE
    snapshot, start = (tmp_path / PROGRESS_FILE).read_bytes(), journal.read_bytes()
    answer(store, "b/q2", T0 + timedelta(seconds=1))
    good = journal.read_bytes()[len(start) :] if with_good_lines else b""
    journal.write_bytes(start + b"not json at all\n" + good + b"[1, 2]\n")
    (tmp_path / PROGRESS_FILE).write_bytes(snapshot)
    first = open_store(tmp_path)
    assert len(first.notices) == 1 and "skipped 2 unreadable line(s)" in first.notices[0]
    second = open_store(tmp_path)
    assert second.notices == []
    assert set(second.keys()) == ({"b/q1", "b/q2"} if with_good_lines else {"b/q1"})
    answer(second, "b/q3", T0 + timedelta(seconds=5))
    assert open_store(tmp_path).notices == []
    assert "b/q3" in set(open_store(tmp_path).keys())


def test_unreadable_lines_in_a_read_only_folder_are_reported_until_they_can_be_recorded(
    tmp_path, monkeypatch
):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    journal = tmp_path / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes() + b"not json\n")
    no_writes(monkeypatch)
    assert len(open_store(tmp_path).notices) == 1
    assert len(open_store(tmp_path).notices) == 1  # nothing could record that it was said
    monkeypatch.undo()
    assert len(open_store(tmp_path).notices) == 1
    assert open_store(tmp_path).notices == []


def test_a_missing_journal_is_reported_once(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    (tmp_path / JOURNAL_FILE).unlink()
    assert "is missing" in open_store(tmp_path).notices[0]
    again = open_store(tmp_path)
    assert again.notices == [] and again.card("b/q1") is not None
