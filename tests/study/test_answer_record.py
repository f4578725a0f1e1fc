"""The record of answers: every event counts once, whatever is replayed, retried, restored,
damaged or written by a second copy of the app; progress files are read safely.

Each test here reproduces a way the record used to break (issue: "Every answer counted once")
and fails on the store before events had identities.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quiz.study.atomic as atomic_module
import quiz.study.disk as disk_module
import quiz.study.store as store_module
from quiz.study.scheduler import Rating
from quiz.study.store import (
    JOURNAL_FILE,
    PROGRESS_FILE,
    ProgressError,
    ProgressStore,
    Settings,
)

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def open_store(data: Path) -> ProgressStore:
    return ProgressStore.open(data, defaults=EXACT, tz=UTC)


def answer(store, key, n=0, *, correct=True, answer_id=None):
    return store.record_review(
        key,
        rating=Rating.GOOD if correct else Rating.AGAIN,
        correct=correct,
        response_time=2.0,
        session_id="s1",
        now=T0 + timedelta(minutes=n),
        answer_id=answer_id,
    )


def state_of(store: ProgressStore) -> dict:
    """Everything a learner can see of their progress, for comparisons."""
    return {
        "cards": {k: (store.card(k), store.counts(k)) for k in sorted(store.keys())},
        "days": store.days(),
        "reviews": len(store.reviews()),
        "sessions": len(store.sessions()),
    }


def journal_lines(data: Path) -> list[bytes]:
    return (data / JOURNAL_FILE).read_bytes().splitlines(keepends=True)


def twelve_answers(data: Path) -> ProgressStore:
    store = open_store(data)
    for n in range(12):
        answer(store, f"b/q{n % 4}", n * 60 * 24, correct=n % 5 != 0)
    store.save()
    return store


# -- finding 3: a replayed journal is counted once ---------------------------------------------


def test_a_restored_older_journal_counts_nothing_twice(tmp_path):
    before = state_of(twelve_answers(tmp_path))
    assert before["reviews"] == 12
    lines = journal_lines(tmp_path)
    (tmp_path / JOURNAL_FILE).write_bytes(b"".join(lines[:4]))  # `head -4`
    first = open_store(tmp_path)
    assert sum(c.answers for c in first.days().values()) == 12
    second = open_store(tmp_path)
    assert sum(c.answers for c in second.days().values()) == 12
    for key, (card, counts) in before["cards"].items():
        assert second.card(key) == card  # schedules do not roll back
        assert second.counts(key) == counts
    # Answering on continues the count, and the next opening agrees.
    answer(second, "b/q0", 99_999)
    assert sum(c.answers for c in open_store(tmp_path).days().values()) == 13


def test_the_same_journal_lines_twice_count_once(tmp_path):
    before = state_of(twelve_answers(tmp_path))
    lines = journal_lines(tmp_path)
    (tmp_path / JOURNAL_FILE).write_bytes(b"".join(lines + lines[1:]))
    (tmp_path / PROGRESS_FILE).unlink()  # rebuilt from the journal alone
    assert state_of(open_store(tmp_path)) == before


def test_a_lost_snapshot_is_rebuilt_exactly(tmp_path):
    before = state_of(twelve_answers(tmp_path))
    (tmp_path / PROGRESS_FILE).unlink()
    assert state_of(open_store(tmp_path)) == before


# -- finding 4: the journal append is the commit point -----------------------------------------


def _failing_snapshots(monkeypatch):
    real = disk_module.write_atomic

    def write_atomic(path, data):
        if Path(path).name == PROGRESS_FILE:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(disk_module, "write_atomic", write_atomic)


def test_a_failing_checkpoint_is_a_warning_not_a_lost_answer(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    answer(store, "b/q0", 0)
    _failing_snapshots(monkeypatch)
    store.notices.clear()
    store.record_session({"id": "s"})  # forces a checkpoint, which fails
    state = answer(store, "b/q1", 1, answer_id="s1/1")
    assert state is not None
    warnings = store.take_notices()
    assert len(warnings) == 1 and "safe in progress.journal.jsonl" in warnings[0]
    # A retry of the same answer (the app used to retry on "not saved") appends nothing.
    answer(store, "b/q1", 1, answer_id="s1/1")
    answer(store, "b/q1", 1, answer_id="s1/1")
    monkeypatch.undo()
    again = open_store(tmp_path)
    assert [r.key for r in again.reviews()] == ["b/q0", "b/q1"]
    assert again.counts("b/q1") == (1, 1)


def test_a_failed_append_leaves_no_half_answer_and_a_retry_counts_once(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    answer(store, "b/q0", 0)
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(errno.EIO, "Input/output error")
        return real(fd)

    monkeypatch.setattr(atomic_module.os, "fsync", fsync)
    with pytest.raises(ProgressError, match="Not saved"):
        answer(store, "b/q1", 1, answer_id="s1/1")
    monkeypatch.undo()
    assert len(journal_lines(tmp_path)) == 2  # header + the first answer: rolled back
    answer(store, "b/q1", 1, answer_id="s1/1")
    assert [r.key for r in open_store(tmp_path).reviews()] == ["b/q0", "b/q1"]


def test_a_retry_whose_first_append_did_land_counts_once(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    answer(store, "b/q0", 0)
    import quiz.study.journal as journal_module

    real_append, real_truncate = journal_module.append_durable, journal_module.truncate

    def append_then_fail(path, data):
        real_append(path, data)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(journal_module, "append_durable", append_then_fail)
    # The roll-back cannot cut it either: the line stays although "not saved" was said.
    monkeypatch.setattr(journal_module, "truncate", lambda path, size: None)
    with pytest.raises(ProgressError):
        answer(store, "b/q1", 1, answer_id="s1/1")
    monkeypatch.setattr(journal_module, "append_durable", real_append)
    monkeypatch.setattr(journal_module, "truncate", real_truncate)
    answer(store, "b/q1", 1, answer_id="s1/1")  # the learner retries
    again = open_store(tmp_path)
    assert [r.key for r in again.reviews()] == ["b/q0", "b/q1"]
    assert again.counts("b/q1") == (1, 1)


# -- properties over event sequences -----------------------------------------------------------

OPS = st.lists(
    st.tuples(st.sampled_from(["b/a", "b/b", "b/c"]), st.booleans(), st.sampled_from([0, 1])),
    min_size=1,
    max_size=12,
)


def _run(stores, ops):
    for n, (key, correct, who) in enumerate(ops):
        answer(stores[who % len(stores)], key, n * 30, correct=correct)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS, failing=st.lists(st.booleans(), min_size=12, max_size=12))
def test_retries_after_failed_checkpoints_equal_one_application(tmp_path_factory, ops, failing):
    single = tmp_path_factory.mktemp("single")
    _run([open_store(single)], ops)
    expected = state_of(open_store(single))

    # Each answer is given while checkpoints fail or not, and retried as the app would
    # after any error: the record is the same as giving each answer once.
    data = tmp_path_factory.mktemp("retried")
    store = open_store(data)
    real = disk_module.write_atomic
    # A checkpoint after every answer, and a failed one tried again at the next.
    saved = store_module.CHECKPOINT_EVERY, disk_module.CHECKPOINT_RETRY_SECONDS
    store_module.CHECKPOINT_EVERY, disk_module.CHECKPOINT_RETRY_SECONDS = 1, 0.0
    for n, (key, correct, _who) in enumerate(ops):
        fails_now = failing[n % len(failing)]

        def write_atomic(path, blob, fail=fails_now):
            if fail and Path(path).name == PROGRESS_FILE:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(path, blob)

        disk_module.write_atomic = write_atomic
        try:
            for _attempt in range(2):
                answer(store, key, n * 30, correct=correct, answer_id=f"s1/{n}")
        finally:
            disk_module.write_atomic = real
    store_module.CHECKPOINT_EVERY, disk_module.CHECKPOINT_RETRY_SECONDS = saved
    assert state_of(store) == expected
    assert state_of(open_store(data)) == expected


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS, cut=st.integers(min_value=1, max_value=13))
def test_replays_of_any_kind_equal_one_application(tmp_path_factory, ops, cut):
    single = tmp_path_factory.mktemp("single")
    _run([open_store(single)], ops)
    expected = state_of(open_store(single))

    # Two writers interleaved on one folder.
    shared = tmp_path_factory.mktemp("shared")
    _run([open_store(shared), open_store(shared)], ops)
    assert state_of(open_store(shared)) == expected

    # A prefix of the journal restored, then the whole one back.
    lines = journal_lines(shared)
    (shared / JOURNAL_FILE).write_bytes(b"".join(lines[: min(cut, len(lines))]))
    prefix = open_store(shared)
    # What the snapshot and the prefix hold, each answer once: never more than was given.
    for key in list(prefix.keys()):
        done, right = prefix.counts(key)
        assert done <= expected["cards"][key][1][0] and right <= expected["cards"][key][1][1]
    (shared / JOURNAL_FILE).write_bytes(b"".join(lines))
    assert state_of(open_store(shared)) == expected

    # The journal replayed twice over the snapshot, and alone.
    (shared / JOURNAL_FILE).write_bytes(b"".join(lines + lines[1:]))
    assert state_of(open_store(shared))["cards"] == expected["cards"]
    (shared / PROGRESS_FILE).unlink()
    for extra in shared.glob("progress.json.bak*"):
        extra.unlink()
    assert state_of(open_store(shared)) == expected


# -- finding 5: recovery salvages ---------------------------------------------------------------


def test_a_damaged_journal_header_keeps_every_intact_line(tmp_path):
    store = twelve_answers(tmp_path)
    answer(store, "b/late", 99_999)  # after the last checkpoint: only in the journal
    before = state_of(open_store(tmp_path))
    lines = journal_lines(tmp_path)
    (tmp_path / JOURNAL_FILE).write_bytes(b"\x00garbage\n" + b"".join(lines[1:]))
    again = open_store(tmp_path)
    assert any("damaged first line" in n and "13 intact" in n for n in again.notices)
    assert state_of(again) == before
    assert list(tmp_path.glob("progress.journal.jsonl.damaged*"))
    assert state_of(open_store(tmp_path)) == before and open_store(tmp_path).notices == []


def test_a_foreign_journal_is_merged_not_moved_aside(tmp_path):
    mine, other = tmp_path / "mine", tmp_path / "other"
    twelve_answers(mine)
    theirs = open_store(other)
    answer(theirs, "x/q1", 5)
    answer(theirs, "x/q2", 6)
    shutil.copy(other / JOURNAL_FILE, mine / JOURNAL_FILE)
    merged = open_store(mine)
    assert any("belongs to another progress file" in n for n in merged.notices)
    assert merged.counts("x/q1") == (1, 1) and merged.counts("b/q1") == (3, 2)
    assert sum(c.answers for c in open_store(mine).days().values()) == 14
    assert {r.key for r in merged.reviews()} == {"x/q1", "x/q2"}


def test_a_snapshot_missing_a_card_is_rebuilt_from_the_journal(tmp_path):
    before = state_of(twelve_answers(tmp_path))
    doc = json.loads((tmp_path / PROGRESS_FILE).read_text())
    del doc["cards"]["b/q2"]
    (tmp_path / PROGRESS_FILE).write_text(json.dumps(doc, indent=2))
    again = open_store(tmp_path)
    assert any("rebuilt" in n for n in again.notices)
    assert state_of(again) == before
    assert open_store(tmp_path).notices == []


def test_an_unreadable_snapshot_is_left_where_it_is(tmp_path, monkeypatch):
    twelve_answers(tmp_path)
    raw = (tmp_path / PROGRESS_FILE).read_bytes()
    real = os.open

    def denied(path, flags, *args, **kwargs):
        if Path(path).name == PROGRESS_FILE and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(atomic_module.os, "open", denied)
    with pytest.raises(ProgressError, match="permission denied"):
        open_store(tmp_path)
    monkeypatch.undo()
    assert (tmp_path / PROGRESS_FILE).read_bytes() == raw
    assert not list(tmp_path.glob("progress.json.damaged*"))


# -- finding 6: progress files are read safely --------------------------------------------------


@pytest.mark.parametrize("name", [PROGRESS_FILE, JOURNAL_FILE])
def test_a_symlink_to_dev_zero_is_refused_at_once(tmp_path, name):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (tmp_path / name).symlink_to("/dev/zero")
    with pytest.raises(ProgressError, match="device"):
        open_store(tmp_path)


@pytest.mark.parametrize("name", [PROGRESS_FILE, JOURNAL_FILE])
def test_a_fifo_is_refused_not_waited_on(tmp_path, name):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / name)
    with pytest.raises(ProgressError, match="FIFO"):
        open_store(tmp_path)


@pytest.mark.parametrize("name", [PROGRESS_FILE, JOURNAL_FILE])
def test_a_folder_in_place_of_a_file_is_a_clear_error(tmp_path, name):
    (tmp_path / name).mkdir()
    with pytest.raises(ProgressError, match="folder"):
        open_store(tmp_path)


def test_an_append_never_follows_a_symlink_planted_at_the_journal(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q0", 0)
    target = tmp_path / "elsewhere.jsonl"
    target.write_bytes((tmp_path / JOURNAL_FILE).read_bytes())
    (tmp_path / JOURNAL_FILE).unlink()
    (tmp_path / JOURNAL_FILE).symlink_to(target)
    before = target.read_bytes()
    with pytest.raises(ProgressError, match="symbolic link"):
        answer(store, "b/q1", 1)
    assert target.read_bytes() == before


@pytest.mark.parametrize("command", ["stats", "results", "settings"])
@pytest.mark.parametrize("damage", ["fifo", "folder", "devzero"])
def test_commands_say_what_is_wrong_without_a_traceback(tmp_path, command, damage):
    data = tmp_path / "data"
    data.mkdir()
    journal = data / JOURNAL_FILE
    if damage == "fifo":
        os.mkfifo(journal)
    elif damage == "folder":
        journal.mkdir()
    else:
        journal.symlink_to("/dev/zero")
    out = subprocess.run(
        [sys.executable, "-m", "quiz", command, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert f"{journal}:" in out.stderr and "error" in out.stderr


def test_settings_on_a_data_dir_under_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    out = subprocess.run(
        [sys.executable, "-m", "quiz", "settings", "--new-per-day", "5"]
        + ["--data-dir", str(tmp_path / "file" / "data")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "error" in out.stderr


def _mount(*args: str) -> bool:
    if not ROOT or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def test_a_read_only_file_system_still_shows_stats(tmp_path):
    data, view = tmp_path / "data", tmp_path / "ro"
    twelve_answers(data)
    view.mkdir()
    if not _mount("--bind", str(data), str(view)):
        pytest.skip("cannot make a bind mount here (needs root and mount permission)")
    try:
        if not _mount("-o", "remount,ro,bind", str(view)):
            pytest.skip("cannot remount read-only here")
        with pytest.raises(OSError) as excinfo:
            (view / "probe").write_text("x")
        assert excinfo.value.errno == errno.EROFS
        store = open_store(view)
        assert sum(c.answers for c in store.days().values()) == 12
        for command in ("stats", "results"):
            out = subprocess.run(
                [sys.executable, "-m", "quiz", command, "--data-dir", str(view)],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert out.returncode == 0, out.stderr
            assert "Traceback" not in out.stderr
        with pytest.raises(ProgressError, match="read-only"):
            answer(store, "b/q9", 1)
    finally:
        subprocess.run(["umount", str(view)], capture_output=True)


def test_a_full_disk_keeps_every_confirmed_answer(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=96k", "tmpfs", str(disk)):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount permission)")
    try:
        store = open_store(disk)
        confirmed = []
        for n in range(400):
            try:
                answer(store, f"b/q{n}", n, answer_id=f"s/{n}")
            except ProgressError as error:
                assert "Not saved" in str(error)
                break
            confirmed.append(f"b/q{n}")
        else:
            pytest.fail("the tiny disk never filled up")
        # Room again: a retry of the failed answer counts once; nothing confirmed is lost.
        assert _mount("-o", "remount,size=1m", str(disk))
        answer(store, f"b/q{len(confirmed)}", len(confirmed), answer_id=f"s/{len(confirmed)}")
        again = open_store(disk)
        keys = [r.key for r in again.reviews()]
        assert keys == [*confirmed, f"b/q{len(confirmed)}"]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# -- finding 7: no litter, one rotation a day per folder -----------------------------------------


def test_stale_temp_files_are_removed_at_the_next_open(tmp_path):
    twelve_answers(tmp_path)
    for name in (".progress.json.abc123.tmp", ".progress.journal.jsonl.x.tmp"):
        (tmp_path / name).write_bytes(b"x" * 100_000)
    open_store(tmp_path)
    assert not list(tmp_path.glob(".*.tmp"))


def test_interrupted_upgrades_keep_one_pre_migration_copy(tmp_path):
    original = (FIXTURES / "progress-v1.json").read_bytes()
    (tmp_path / PROGRESS_FILE).write_bytes(original)
    # Two earlier upgrades were interrupted after their copy was made.
    (tmp_path / "progress.json.v1").write_bytes(original)
    (tmp_path / "progress.json.v1-2").write_bytes(original)
    store = open_store(tmp_path)
    assert "progress.json.v1" in store.notices[0]
    assert sorted(p.name for p in tmp_path.glob("progress.json.v*")) == ["progress.json.v1"]
    assert (tmp_path / "progress.json.v1").read_bytes() == original


def test_two_copies_rotate_the_backups_once_a_day(tmp_path, monkeypatch):
    day = {"n": 0}
    monkeypatch.setattr(disk_module, "_now", lambda: T0 + timedelta(days=day["n"]))
    first, second = open_store(tmp_path), open_store(tmp_path)
    answer(first, "b/q0", 0)
    answer(second, "b/q1", 1)
    day["n"] = 1
    real_stat = os.stat

    answer(first, "b/q2", 60 * 24)  # rotates: bak1 is day 0's snapshot
    bak1 = (tmp_path / "progress.json.bak1").read_bytes()
    # Make bak1's time fall on the faked study day, as a real rotation today would.
    stamp = (T0 + timedelta(days=1)).timestamp()
    os.utime(tmp_path / "progress.json.bak1", (stamp, stamp))
    answer(second, "b/q3", 60 * 24 + 1)  # the other copy must not rotate again today
    assert (tmp_path / "progress.json.bak1").read_bytes() == bak1
    assert not (tmp_path / "progress.json.bak2").exists()
    del real_stat


# -- the version-2 fixture migrates to identities ------------------------------------------------


def test_a_version_2_folder_is_migrated_with_every_answer(tmp_path):
    for name in ("progress.json", "progress.journal.jsonl"):
        shutil.copy(FIXTURES / "v2" / name, tmp_path / name)
    expected = json.loads((FIXTURES / "v2-expected.json").read_text())
    store = open_store(tmp_path)
    assert any("from format 2 to 3" in n for n in store.notices)
    assert (tmp_path / "progress.json.v2").read_bytes() == (
        FIXTURES / "v2/progress.json"
    ).read_bytes()
    assert (tmp_path / "progress.journal.jsonl.v2").exists()

    def check(s):
        keys = list(s.keys())
        assert {k: (s.card(k).to_dict() if s.card(k) else None) for k in keys} == expected["cards"]
        assert {k: list(s.counts(k)) for k in keys} == expected["counts"]
        assert {d: list(dataclasses.astuple(c)) for d, c in s.days().items()} == expected["days"]
        assert [[r.key, int(r.rating), r.correct] for r in s.reviews()] == expected["reviews"]
        assert len(s.sessions()) == expected["sessions"]
        assert s.settings.new_per_day == expected["new_per_day"]

    check(store)
    lines = [json.loads(x) for x in journal_lines(tmp_path)]
    assert lines[0]["version"] == 3
    ids = [e["id"] for e in lines[1:]]
    assert len(set(ids)) == len(ids) == len(lines) - 1
    again = open_store(tmp_path)
    assert again.notices == []
    check(again)
    # Migrating the same version-2 files again (an interrupted upgrade) gives the same ids.
    for name in ("progress.json", "progress.journal.jsonl"):
        shutil.copy(FIXTURES / "v2" / name, tmp_path / name)
    check(open_store(tmp_path))
    assert [json.loads(x)["id"] for x in journal_lines(tmp_path)[1:]] == ids


def test_a_version_2_journal_without_its_snapshot_is_numbered_and_counted_once(tmp_path):
    shutil.copy(FIXTURES / "v2" / JOURNAL_FILE, tmp_path / JOURNAL_FILE)
    expected = json.loads((FIXTURES / "v2-expected.json").read_text())
    store = open_store(tmp_path)
    assert any("kept as" in n and "v2" in n for n in store.notices)
    assert {k: list(store.counts(k)) for k in list(store.keys())} == expected["counts"]
    answer(store, "geo/q9", 10_000)
    again = open_store(tmp_path)
    assert again.notices == []
    assert len(again.reviews()) == len(expected["reviews"]) + 1
    assert sum(c.answers for c in again.days().values()) == len(expected["reviews"]) + 1


# -- checkpoints off the key-press path ---------------------------------------------------------


def test_deferred_checkpoints_wait_for_the_caller_and_lose_nothing(tmp_path):
    store = open_store(tmp_path)
    store.defer_checkpoints = True
    answer(store, "b/q0", 0)
    assert not (tmp_path / PROGRESS_FILE).exists()  # the journal alone holds it
    assert store.checkpoint_wanted
    store.checkpoint()
    assert (tmp_path / PROGRESS_FILE).exists() and not store.checkpoint_wanted
    assert open_store(tmp_path).counts("b/q0") == (1, 1)


def test_a_checkpoint_thread_racing_the_answers_loses_none(tmp_path):
    import threading

    store = open_store(tmp_path)
    store.defer_checkpoints = True
    stop = threading.Event()

    def checkpoints():
        while not stop.is_set():
            store.checkpoint()

    worker = threading.Thread(target=checkpoints)
    worker.start()
    try:
        for n in range(150):
            answer(store, f"b/q{n % 7}", n, correct=n % 4 != 0, answer_id=f"s/{n}")
    finally:
        stop.set()
        worker.join()
    expected = state_of(store)
    assert expected["reviews"] == 150
    assert state_of(open_store(tmp_path)) == expected
    store.save()
    assert state_of(open_store(tmp_path)) == expected


def test_sessions_are_found_among_many_reviews_in_order_and_once(tmp_path):
    # sessions() looks for the session lines in the journal's text instead of splitting it:
    # every session, in the order finished, none twice, whatever the reviews around them hold
    # (a review's session id names the session too).
    store = open_store(tmp_path)
    for n in range(5):
        for i in range(3):
            store.record_review(
                f"b/q{n}-{i}",
                rating=Rating.GOOD,
                correct=True,
                response_time=2.0,
                session_id=f"result-{n}",
                now=T0 + timedelta(minutes=10 * n + i),
            )
        store.record_session({"id": f"result-{n}", "result": {"score": n}})
    assert [s["id"] for s in store.sessions()] == [f"result-{n}" for n in range(5)]
    reopened = open_store(tmp_path).sessions()
    assert [s["result"] for s in reopened] == [{"score": n} for n in range(5)]


def test_lines_naming_finds_each_line_once_to_the_last_one():
    data = b'{"a": "result"}\n{"b": 1}\n{"c": "result", "d": "result"}\n{"e": "result"}'
    assert list(store_module._lines_naming(data, b'"result"')) == [
        b'{"a": "result"}',
        b'{"c": "result", "d": "result"}',
        b'{"e": "result"}',
    ]
    assert list(store_module._lines_naming(b"", b'"result"')) == []
