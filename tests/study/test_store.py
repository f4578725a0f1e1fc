"""The progress store: what it keeps, how it survives crashes, damage, upgrades and a second
copy of the app."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quiz.study.disk as disk_module
import quiz.study.store as store_module
from quiz.study.scheduler import DEFAULT_PARAMETERS, CardStatus, Rating, Scheduler
from quiz.study.store import (
    JOURNAL_FILE,
    PROGRESS_FILE,
    DayCounts,
    ProgressError,
    ProgressStore,
    Settings,
)

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)


def open_store(data: Path) -> ProgressStore:
    return ProgressStore.open(data, defaults=EXACT, tz=UTC)


def answer(store, key, *, correct=True, at=T0, rating=None, session="s1", schedule=True):
    rating = rating or (Rating.GOOD if correct else Rating.AGAIN)
    return store.record_review(
        key,
        rating=rating,
        correct=correct,
        response_time=2.5,
        session_id=session,
        now=at,
        update_schedule=schedule,
    )


# -- what is kept ------------------------------------------------------------------------------


def test_opening_an_empty_folder_creates_nothing(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    assert store.card("b/q") is None
    assert store.reviews() == [] and store.sessions() == [] and store.notices == []
    assert not data.exists()


def test_answers_survive_reopening(tmp_path):
    store = open_store(tmp_path)
    state = answer(store, "geo/q1")
    answer(store, "geo/q2", correct=False, at=T0 + timedelta(seconds=5))

    again = open_store(tmp_path)
    assert again.card("geo/q1") == state
    assert again.card("geo/q1").status is CardStatus.LEARNING
    assert [r.key for r in again.reviews()] == ["geo/q1", "geo/q2"]
    first = again.reviews("geo/q1")[0]
    assert (first.rating, first.correct, first.response_time) == (Rating.GOOD, True, 2.5)
    assert (first.session_id, first.scheduled, first.time) == ("s1", True, T0)
    assert again.last_correct("geo/q1") is True
    assert again.last_correct("geo/q2") is False
    assert again.last_correct("geo/never") is None
    assert again.counts("geo/q2") == (1, 0)
    assert again.settings == store.settings
    assert again.settings.parameters == DEFAULT_PARAMETERS and not again.settings.enable_fuzzing
    again.save()  # opening writes nothing; a clean exit writes the checkpoint
    doc = json.loads((tmp_path / PROGRESS_FILE).read_text())
    assert doc["version"] == 3
    assert doc["settings"]["desired_retention"] == 0.9
    assert doc["settings"]["fsrs_version"]
    assert len(doc["settings"]["parameters"]) == 21
    assert set(doc["cards"]) == {"geo/q1", "geo/q2"}


def test_the_schedule_is_fsrs_with_the_stored_settings(tmp_path):
    store = open_store(tmp_path)
    state = answer(store, "b/q")
    assert state == Scheduler(enable_fuzzing=False).review(None, Rating.GOOD, T0, key="b/q")


def test_cram_answers_are_kept_but_leave_the_schedule_alone(tmp_path):
    store = open_store(tmp_path)
    before = answer(store, "b/q")
    after = answer(store, "b/q", correct=False, at=T0 + timedelta(hours=1), schedule=False)
    assert after == before == store.card("b/q")
    assert [r.scheduled for r in store.reviews("b/q")] == [True, False]
    assert store.last_correct("b/q") is False
    # A cram answer to a card never scheduled keeps it new.
    assert answer(store, "b/new", schedule=False) is None
    assert store.card("b/new") is None and store.counts("b/new") == (1, 1)


def test_amending_reschedules_from_the_state_before_the_answer(tmp_path):
    store = open_store(tmp_path)
    first = answer(store, "b/q")
    second_at = first.due
    answer(store, "b/q", correct=False, at=second_at)
    amended = store.amend_last_review("b/q", rating=Rating.GOOD, correct=True, now=second_at)
    expected = Scheduler(enable_fuzzing=False).review(first, Rating.GOOD, second_at)
    assert amended == expected == store.card("b/q")
    assert [r.correct for r in store.reviews("b/q")] == [True, True]
    assert store.reviews("b/q")[-1].rating is Rating.GOOD
    assert store.last_correct("b/q") is True
    assert store.counts("b/q") == (2, 2)

    again = open_store(tmp_path)
    assert again.card("b/q") == expected
    assert [r.correct for r in again.reviews("b/q")] == [True, True]
    assert again.day_counts(again.study_day(T0)).correct == 2


def test_amending_needs_an_answer(tmp_path):
    store = open_store(tmp_path)
    with pytest.raises(ValueError, match="no answer"):
        store.amend_last_review("b/q", rating=Rating.GOOD, correct=True, now=T0)


def test_sessions_are_kept_in_order_with_their_own_types(tmp_path):
    store = open_store(tmp_path)
    store.record_session({"id": "a", "started": T0, "duration": timedelta(seconds=90)})
    store.record_session({"id": "b", "tags": frozenset({"x"})})
    again = open_store(tmp_path)
    assert again.sessions() == [
        {"id": "a", "started": T0.isoformat(), "duration": 90.0},
        {"id": "b", "tags": ["x"]},
    ]
    with pytest.raises(TypeError):
        again.record_session({"bad": object()})


def test_naive_datetimes_are_refused(tmp_path):
    store = open_store(tmp_path)
    with pytest.raises(ValueError, match="timezone-aware"):
        answer(store, "b/q", at=datetime(2024, 5, 1, 12))
    assert not (tmp_path / JOURNAL_FILE).exists()


def test_other_time_zones_are_converted_to_utc(tmp_path):
    store = open_store(tmp_path)
    baku = timezone(timedelta(hours=4))
    answer(store, "b/q", at=datetime(2024, 5, 1, 16, 0, tzinfo=baku))
    assert store.reviews()[0].time == T0
    assert store.card("b/q").last_review == T0


def test_study_days_roll_over_at_the_configured_hour(tmp_path):
    store = open_store(tmp_path)
    assert store.study_day(datetime(2024, 5, 2, 3, 59, tzinfo=UTC)) == "2024-05-01"
    assert store.study_day(datetime(2024, 5, 2, 4, 0, tzinfo=UTC)) == "2024-05-02"
    store.update_settings(day_starts_at=0)
    assert store.study_day(datetime(2024, 5, 2, 0, 0, tzinfo=UTC)) == "2024-05-02"
    assert open_store(tmp_path).settings.day_starts_at == 0


def test_study_days_follow_the_learners_time_zone(tmp_path):
    baku = timezone(timedelta(hours=4))
    store = ProgressStore.open(tmp_path, tz=baku)
    # 23:30 UTC is 03:30 the next morning in Baku: still the previous study day there.
    assert store.study_day(datetime(2024, 5, 1, 23, 30, tzinfo=UTC)) == "2024-05-01"
    assert store.study_day(datetime(2024, 5, 2, 0, 30, tzinfo=UTC)) == "2024-05-02"


def test_daily_counts_for_limits(tmp_path):
    store = open_store(tmp_path)
    day = store.study_day(T0)
    for i in range(3):
        answer(store, f"b/new{i}", at=T0 + timedelta(seconds=i))
    # A learning step of a new card is neither a new card nor a review.
    answer(store, "b/new0", at=T0 + timedelta(minutes=1))
    assert (store.new_studied_on(day), store.reviewed_on(day)) == (3, 0)
    # A card in the review state, answered on a later day, is a review.
    state = answer(store, "b/new0", at=T0 + timedelta(minutes=11))
    assert state.status is CardStatus.REVIEW
    later = state.due
    answer(store, "b/new0", at=later)
    answer(store, "b/new0", at=later + timedelta(seconds=1), schedule=False)
    later_day = store.study_day(later)
    assert (store.new_studied_on(later_day), store.reviewed_on(later_day)) == (0, 1)
    assert store.day_counts(later_day).answers == 2
    assert open_store(tmp_path).reviewed_on(later_day) == 1


def test_settings_are_validated(tmp_path):
    store = open_store(tmp_path)
    with pytest.raises(ValueError):
        store.update_settings(desired_retention=1.5)
    with pytest.raises(ValueError):
        store.update_settings(parameters=[1.0, 2.0])
    with pytest.raises(ValueError):
        store.update_settings(day_starts_at=25)
    store.update_settings(new_per_day=5, desired_retention=0.85)
    again = open_store(tmp_path)
    assert (again.settings.new_per_day, again.settings.desired_retention) == (5, 0.85)
    assert again.scheduler.desired_retention == 0.85


# -- crashes -----------------------------------------------------------------------------------


def test_a_torn_last_journal_line_is_dropped(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    answer(store, "b/q2", at=T0 + timedelta(seconds=1))
    journal = tmp_path / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes() + b'{"type":"review","key":"b/q3","ti')
    again = open_store(tmp_path)
    assert [r.key for r in again.reviews()] == ["b/q1", "b/q2"]
    assert again.notices == []
    answer(again, "b/q4", at=T0 + timedelta(seconds=2))
    assert [r.key for r in open_store(tmp_path).reviews()] == ["b/q1", "b/q2", "b/q4"]


def test_answers_journaled_after_the_last_snapshot_are_replayed(tmp_path):
    # A crash between the journal append and the snapshot rename: the snapshot is one behind.
    store = open_store(tmp_path)
    answer(store, "b/q1")
    old_snapshot = (tmp_path / PROGRESS_FILE).read_bytes()
    state = answer(store, "b/q2", at=T0 + timedelta(seconds=1))
    (tmp_path / PROGRESS_FILE).write_bytes(old_snapshot)
    again = open_store(tmp_path)
    assert again.card("b/q2") == state
    assert again.counts("b/q2") == (1, 1)
    # Replayed in memory; the checkpoint is written at the next save.
    assert "b/q2" not in json.loads((tmp_path / PROGRESS_FILE).read_text())["cards"]
    answer(again, "b/q3", at=T0 + timedelta(seconds=2))
    assert json.loads((tmp_path / PROGRESS_FILE).read_text())["cards"]["b/q2"]["answers"] == 1


def test_the_snapshot_is_a_checkpoint_and_the_journal_holds_every_answer(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q0")  # first save of the day: checkpoint
    for i in range(1, 5):
        answer(store, f"b/q{i}", at=T0 + timedelta(seconds=i))
    snapshot = json.loads((tmp_path / PROGRESS_FILE).read_text())
    assert set(snapshot["cards"]) == {"b/q0"}
    # Nothing is lost for a reader: the journal after the snapshot's offset is replayed.
    assert set(open_store(tmp_path).keys()) == {f"b/q{i}" for i in range(5)}
    for i in range(5, 5 + store_module.CHECKPOINT_EVERY):
        answer(store, f"b/q{i}", at=T0 + timedelta(seconds=i))
    assert len(json.loads((tmp_path / PROGRESS_FILE).read_text())["cards"]) > 5
    store.save()
    snapshot = json.loads((tmp_path / PROGRESS_FILE).read_text())
    assert snapshot["journal"]["offset"] == (tmp_path / JOURNAL_FILE).stat().st_size
    assert len(snapshot["cards"]) == 5 + store_module.CHECKPOINT_EVERY


def test_the_real_file_is_never_opened_for_writing(tmp_path, monkeypatch):
    import builtins
    import os

    real_open, real_os_open = builtins.open, os.open
    target = str(tmp_path / PROGRESS_FILE)

    def guarded_open(file, mode="r", *args, **kwargs):
        assert not (str(file) == target and any(c in mode for c in "wa+")), mode
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        writing = flags & (os.O_WRONLY | os.O_RDWR)
        assert not (str(path) == target and writing)
        return real_os_open(path, flags, *args, **kwargs)

    store = open_store(tmp_path)
    answer(store, "b/q1")
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    answer(store, "b/q2", at=T0 + timedelta(seconds=1))
    store.record_session({"id": "s"})
    store.save()


# -- damage, backups, versions -----------------------------------------------------------------


def _days_later(monkeypatch, days: int) -> None:
    monkeypatch.setattr(disk_module, "_now", lambda: T0 + timedelta(days=days))


def test_backups_rotate_once_per_study_day(tmp_path, monkeypatch):
    _days_later(monkeypatch, 0)
    store = open_store(tmp_path)
    answer(store, "b/q1")
    answer(store, "b/q2")
    assert not (tmp_path / "progress.json.bak1").exists()
    for day in (1, 2, 3, 4):
        _days_later(monkeypatch, day)
        answer(store, f"b/day{day}", at=T0 + timedelta(days=day))
        answer(store, f"b/day{day}-again", at=T0 + timedelta(days=day, seconds=1))
    baks = sorted(p.name for p in tmp_path.glob("progress.json.bak*"))
    assert baks == ["progress.json.bak1", "progress.json.bak2", "progress.json.bak3"]
    newest = json.loads((tmp_path / "progress.json.bak1").read_text())
    # bak1 is the snapshot as it was before the first save of day 4 (written at the first
    # save of day 3, which checkpoints).
    assert "b/day3" in newest["cards"] and "b/day4" not in newest["cards"]


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not json": lambda raw: b"\x00\xffgarbage",
    "empty": lambda raw: b"",
    "a list": lambda raw: b"[1, 2, 3]",
    "no version": lambda raw: b'{"cards": {}}',
    "cards not an object": lambda raw: b'{"version": 3, "cards": []}',
    "bad card": lambda raw: raw.replace(b'"status":1', b'"status":"soon"'),
    "bad settings": lambda raw: raw.replace(b'"desired_retention":0.9', b'"desired_retention":7'),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_file_is_moved_aside_and_the_backup_restored(tmp_path, monkeypatch, damage):
    _days_later(monkeypatch, 0)
    store = open_store(tmp_path)
    answer(store, "b/q1")
    _days_later(monkeypatch, 1)
    answer(store, "b/q2", at=T0 + timedelta(days=1))  # rotates a backup
    answer(store, "b/q3", at=T0 + timedelta(days=1, seconds=1))
    path = tmp_path / PROGRESS_FILE
    damaged_bytes = damage(path.read_bytes())
    path.write_bytes(damaged_bytes)

    again = open_store(tmp_path)
    assert len(again.notices) == 1
    notice = again.notices[0]
    aside = list(tmp_path.glob("progress.json.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes
    assert str(aside[0]) in notice and "progress.json.bak1" in notice
    # The backup plus the journal give back every answer, not just the backup's.
    assert {r.key for r in again.reviews()} == {"b/q1", "b/q2", "b/q3"}
    assert again.card("b/q3") == store.card("b/q3")
    assert again.settings == store.settings
    # The restored state is saved: the next start is quiet.
    assert open_store(tmp_path).notices == []


def test_a_damaged_file_without_backups_is_rebuilt_from_the_journal(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    answer(store, "b/q2", correct=False, at=T0 + timedelta(seconds=1))
    store.record_session({"id": "s1"})
    (tmp_path / PROGRESS_FILE).write_text("{ not json")
    again = open_store(tmp_path)
    assert "No usable backup" in again.notices[0]
    assert again.card("b/q2") == store.card("b/q2")
    assert again.counts("b/q2") == (1, 0)
    assert again.sessions() == [{"id": "s1"}]


def test_a_newer_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / PROGRESS_FILE
    raw = b'{"format": "quiz-progress", "version": 4, "cards": {"x": "future"}}'
    path.write_bytes(raw)
    with pytest.raises(ProgressError) as excinfo:
        open_store(tmp_path)
    message = str(excinfo.value)
    assert str(path) in message and "4" in message and "3" in message and "newer" in message
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.lock"]


def test_a_newer_journal_is_refused_and_left_untouched(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    journal = tmp_path / JOURNAL_FILE
    lines = journal.read_bytes().split(b"\n")
    header = json.loads(lines[0])
    header["version"] = 9
    raw = b"\n".join([json.dumps(header).encode(), *lines[1:]])
    journal.write_bytes(raw)
    before = (tmp_path / PROGRESS_FILE).read_bytes()
    with pytest.raises(ProgressError, match="newer"):
        open_store(tmp_path)
    assert journal.read_bytes() == raw and (tmp_path / PROGRESS_FILE).read_bytes() == before


def test_version_1_is_upgraded(tmp_path):
    shutil.copy(FIXTURES / "progress-v1.json", tmp_path / PROGRESS_FILE)
    original = (FIXTURES / "progress-v1.json").read_bytes()
    store = open_store(tmp_path)
    assert "from format 1 to 3" in store.notices[0]
    assert (tmp_path / "progress.json.v1").read_bytes() == original
    fr = store.card("geo/capital-fr")
    assert fr.status is CardStatus.REVIEW and fr.card_id == 1001
    assert fr.due == datetime(2024, 3, 14, 9, tzinfo=UTC)
    assert store.card("geo/capital-az").step == 1
    assert store.card("old/removed") is None  # history kept for a removed question
    assert len(store.reviews()) == 6 and len(store.reviews("geo/capital-fr")) == 3
    assert store.counts("geo/capital-az") == (2, 1)
    assert store.last_correct("geo/capital-az") is True
    assert [s["session_id"] for s in store.sessions()] == ["s-1", "s-2"]
    assert store.day_counts("2024-03-01") == DayCounts(answers=2, correct=2, new=1, reviews=1)
    assert store.new_studied_on("2024-03-03") == 1
    assert store.settings.desired_retention == 0.9
    # Upgraded once: the next start reads version 3 quietly and sees the same.
    again = open_store(tmp_path)
    assert again.notices == []
    assert json.loads((tmp_path / PROGRESS_FILE).read_text())["version"] == 3
    assert len(again.reviews()) == 6 and again.card("geo/capital-fr") == fr
    # The journal alone holds the upgraded progress: a lost snapshot is rebuilt the same.
    for extra in tmp_path.glob("progress.json.bak*"):
        extra.unlink()
    (tmp_path / PROGRESS_FILE).write_text("garbage")
    rebuilt = open_store(tmp_path)
    assert "No usable backup" in rebuilt.notices[0]
    for key in ("geo/capital-fr", "geo/capital-az", "old/removed"):
        assert rebuilt.card(key) == again.card(key)
        assert rebuilt.counts(key) == again.counts(key)
    assert rebuilt.days() == again.days()
    # The last review before the upgrade cannot be amended in the schedule, only in the record.
    kept = again.amend_last_review("geo/capital-fr", rating=Rating.AGAIN, correct=False, now=T0)
    assert kept == fr and again.last_correct("geo/capital-fr") is False


def test_an_unreadable_version_1_file_counts_as_damaged(tmp_path):
    (tmp_path / PROGRESS_FILE).write_text('{"version": 1, "cards": [], "reviews": 5}')
    store = open_store(tmp_path)
    assert "damaged" in store.notices[0] or "moved" in store.notices[0]
    assert list(tmp_path.glob("progress.json.damaged-*"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
shaped = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 2]), "cards": json_values},
    optional={"settings": json_values, "days": json_values, "journal": json_values},
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=json_values | shaped)
def test_any_json_loads_or_is_recovered_never_crashes(tmp_path_factory, doc):
    data = tmp_path_factory.mktemp("fuzz")
    (data / PROGRESS_FILE).write_text(json.dumps(doc))
    store = open_store(data)
    answer(store, "b/q")
    assert open_store(data).counts("b/q")[0] >= 1


def test_a_garbage_line_inside_the_journal_is_skipped_and_reported(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q1")
    journal = tmp_path / JOURNAL_FILE
    snapshot = (tmp_path / PROGRESS_FILE).read_bytes()
    far = '{"type":"review","key":"b/x","time":"9999-12-31T23:59:59-05:00","rating":3}'
    journal.write_bytes(journal.read_bytes() + b"not json at all\n" + far.encode() + b"\n")
    answer(store, "b/q2", at=T0 + timedelta(seconds=1))
    (tmp_path / PROGRESS_FILE).write_bytes(snapshot)  # force a replay past the bad line
    again = open_store(tmp_path)
    assert "skipped 2 unreadable line" in again.notices[0]
    assert set(again.keys()) == {"b/q1", "b/q2"}
    assert [r.key for r in again.reviews()] == ["b/q1", "b/q2"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=st.lists(
        json_values
        | st.fixed_dictionaries(
            {
                "type": st.sampled_from(
                    ["review", "amend", "session", "settings", "import", "header"]
                )
            },
            optional={
                "key": st.text(max_size=4),
                "time": st.just(T0.isoformat()),
                "rating": st.integers(0, 5),
                "correct": json_values,
                "scheduled": json_values,
                "state": json_values,
                "result": json_values,
                "settings": json_values,
                "cards": json_values,
            },
        ),
        max_size=6,
    )
)
def test_any_journal_events_load_never_crash(tmp_path_factory, events):
    data = tmp_path_factory.mktemp("fuzzj")
    store = open_store(data)
    answer(store, "b/first")
    lines = b"".join(json.dumps(e).encode() + b"\n" for e in events)
    journal = data / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes() + lines)
    again = open_store(data)
    again.reviews()
    again.sessions()
    answer(again, "b/last", at=T0 + timedelta(seconds=1))
    assert {"b/first", "b/last"} <= set(open_store(data).keys())


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(ProgressError, match="not a folder"):
        open_store(not_a_folder)


# -- two copies of the app ---------------------------------------------------------------------


def test_two_stores_on_one_folder_merge_their_answers(tmp_path):
    first = open_store(tmp_path)
    second = open_store(tmp_path)
    answer(first, "b/q1")
    answer(second, "b/q2", at=T0 + timedelta(seconds=1))
    answer(first, "b/q3", at=T0 + timedelta(seconds=2))
    first.record_session({"id": "one"})
    second.record_session({"id": "two"})
    for store in (first, second, open_store(tmp_path)):
        assert [r.key for r in store.reviews()] == ["b/q1", "b/q2", "b/q3"]
        assert {s["id"] for s in store.sessions()} == {"one", "two"}
    assert second.card("b/q1") == first.card("b/q1")
    # An answer to a card the other copy scheduled continues from that copy's state.
    state = answer(second, "b/q1", at=T0 + timedelta(minutes=11))
    assert state.status is CardStatus.REVIEW


def test_a_lock_held_too_long_is_a_clear_error(tmp_path, monkeypatch):
    import filelock

    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    store = open_store(tmp_path)
    other = filelock.FileLock(str(tmp_path / "progress.lock"))
    with other, pytest.raises(ProgressError, match="another copy"):
        answer(store, "b/q")


# -- real processes: kill -9 and two writers ---------------------------------------------------

WRITER = """
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from quiz.study.store import ProgressStore, Settings
from quiz.study.scheduler import Rating

data, prefix, start, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
pause = float(sys.argv[5])
store = ProgressStore.open(data, defaults=Settings(enable_fuzzing=False))
t0 = datetime(2024, 5, 1, tzinfo=timezone.utc)
print("ready", flush=True)
sys.stdin.readline()  # start together with the other writer
for i in range(start, start + count):
    store.record_review(f"{prefix}/q{i}", rating=Rating.GOOD, correct=i % 3 != 0,
                        response_time=1.0, session_id=prefix, now=t0 + timedelta(seconds=i))
    if i % 10 == 0:
        store.record_session({"writer": prefix, "upto": i})
    print(i, flush=True)
    time.sleep(pause)  # a learner thinks between answers; lets the other writer in
"""


def _writers(data: Path, *jobs: tuple[str, int, int], pause: float = 0.0):
    """Start one writer process per (prefix, start, count), released at the same moment."""
    import subprocess
    import sys

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), prefix, str(start), str(count), str(pause)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for prefix, start, count in jobs
    ]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return procs


def test_kill_9_at_any_moment_keeps_a_prefix_of_the_answers(tmp_path):
    import random
    import signal
    import time

    rng = random.Random(7)
    confirmed = -1
    for _round in range(5):
        start = len(open_store(tmp_path).reviews())
        (proc,) = _writers(tmp_path, ("k", start, 100_000))
        # Wait for the first confirmed answer, then kill at a random moment mid-stream.
        line = proc.stdout.readline()
        assert line, "the writer died before its first answer"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        printed = [int(x) for x in (line + out).split()]
        confirmed = max(confirmed, *printed)

        store = open_store(tmp_path)
        keys = [r.key for r in store.reviews()]
        assert keys == [f"k/q{i}" for i in range(len(keys))]
        assert len(keys) > confirmed  # every confirmed answer is there
        assert all(store.card(k) is not None for k in keys)
        assert store.notices == []


def test_two_writers_on_one_folder_lose_no_answer(tmp_path):
    procs = _writers(tmp_path, ("a", 0, 60), ("b", 0, 60), pause=0.01)
    for proc in procs:
        proc.communicate(timeout=60)
        assert proc.returncode == 0
    store = open_store(tmp_path)
    expected = {f"{name}/q{i}" for name in ("a", "b") for i in range(60)}
    assert {r.key for r in store.reviews()} == expected
    assert all(store.card(k) is not None for k in expected)
    assert set(store.keys()) == expected
    assert len(store.sessions()) == 12
    assert sum(c.answers for c in store.days().values()) == 120
    # The writers really overlapped (otherwise this test would prove little).
    order = "".join(r.key[0] for r in store.reviews())
    assert "ab" in order and "ba" in order
