"""A command that only reads (``quiz stats``, ``quiz results``) opens the progress without
the lock when the files are as the app leaves them, and sees exactly what an opening under
the lock sees; anything to repair or tell is left to an opening under the lock, which does
it as always. While another copy of the app answers, every reading is a consistent state
with every confirmed answer in it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quiz.study import journal
from quiz.study.scheduler import Rating
from quiz.study.store import JOURNAL_FILE, PROGRESS_FILE, ProgressStore, Settings

T0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def open_store(data: Path, reading: bool = False) -> ProgressStore:
    return ProgressStore.open(
        data, defaults=Settings(enable_fuzzing=False), tz=UTC, reading=reading
    )


def answer(store: ProgressStore, key: str, at: datetime = T0, right: bool = True) -> None:
    store.record_review(
        key,
        rating=Rating.GOOD if right else Rating.AGAIN,
        correct=right,
        response_time=2.0,
        session_id="s",
        now=at,
    )


def seen(store: ProgressStore) -> tuple:
    """What the statistics and the history read of a store."""
    keys = sorted(store.keys())
    return (
        keys,
        [store.counts(k) for k in keys],
        [store.card(k) for k in keys],
        {d: c for d, c in store.days().items()},
        store.sessions(),
        store.settings,
        store.card_facts(),
    )


def some_progress(data: Path) -> None:
    store = open_store(data)
    for n in range(12):
        answer(store, f"b/q{n % 5}", T0 + timedelta(hours=n), right=n % 3 != 0)
    store.flag("b/q1", now=T0)
    store.record_session({"id": "s", "mode": "quiz", "score": 8, "max": 12})
    answer(store, "b/q7", T0 + timedelta(days=1))  # after the last checkpoint


def test_a_clean_folder_is_read_without_the_lock_and_seen_the_same(tmp_path):
    data = tmp_path / "data"
    some_progress(data)
    reading = open_store(data, reading=True)
    assert reading._file_lock is None, "the lock was taken"
    assert "filelock" not in sys.modules or reading._file_lock is None
    assert seen(reading) == seen(open_store(data)) and reading.notices == []
    # It can still save like any store: the lock is taken then.
    answer(reading, "b/q9", T0 + timedelta(days=2))
    assert reading._file_lock is not None
    assert open_store(data).counts("b/q9") == (1, 1)


def test_what_needs_repairing_is_read_under_the_lock_and_repaired(tmp_path):
    data = tmp_path / "data"
    some_progress(data)
    # Litter of an interrupted write: removed, as by any opening under the lock.
    litter = data / ".progress.json.x1.tmp"
    litter.write_text("half")
    store = open_store(data, reading=True)
    assert not litter.exists() and store._file_lock is not None
    # A damaged snapshot: restored under the lock, and said once.
    (data / PROGRESS_FILE).write_text("{ not json")
    store = open_store(data, reading=True)
    assert store._file_lock is not None and len(store.notices) == 1
    assert "progress.json" in store.notices[0]
    assert seen(store) == seen(open_store(data)) and open_store(data, reading=True).notices == []
    # An unreadable line in the journal: told as an opening under the lock tells it (in a
    # copy of the folder), and then not again.
    with open(data / JOURNAL_FILE, "ab") as handle:
        handle.write(b"{garbage\n")
    shutil.copytree(data, tmp_path / "copy")
    locked_notices = open_store(tmp_path / "copy").notices
    store = open_store(data, reading=True)
    assert store.notices == locked_notices and len(locked_notices) == 1
    assert open_store(data, reading=True).notices == []


def test_a_line_being_written_is_left_alone_and_out(tmp_path):
    data = tmp_path / "data"
    some_progress(data)
    before = open_store(data)
    with open(data / JOURNAL_FILE, "ab") as handle:
        handle.write(b'{"id":"x:1","type":"review","key":"b/q1"')  # no newline: not done yet
    raw = (data / JOURNAL_FILE).read_bytes()
    store = open_store(data, reading=True)
    assert store._file_lock is None and store.notices == []
    assert (data / JOURNAL_FILE).read_bytes() == raw, "another copy's line was cut"
    assert seen(store) == seen(before)


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from quiz.study.scheduler import Rating
    from quiz.study.store import ProgressStore, Settings

    store = ProgressStore.open(Path(sys.argv[1]), defaults=Settings(enable_fuzzing=False), tz=UTC)
    t0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    for n in range(int(sys.argv[2])):
        store.record_review(
            f"b/q{n % 40}", rating=Rating.GOOD, correct=True, response_time=1.0,
            session_id="w", now=t0 + timedelta(minutes=n),
        )
        if n % 25 == 24:
            store.record_session({"id": f"w{n}", "score": 25, "max": 25})
    """
)


def test_readings_while_another_copy_answers_are_each_a_whole_state(tmp_path):
    data = tmp_path / "data"
    some_progress(data)
    total = 400
    start = (data / JOURNAL_FILE).stat().st_size
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(data), str(total)])
    counts = []
    try:
        # Read while it writes (not while it is still starting up).
        while writer.poll() is None and (data / JOURNAL_FILE).stat().st_size == start:
            time.sleep(0.005)
        while writer.poll() is None or not counts:
            store = open_store(data, reading=True)
            assert store.notices == []
            # Every answer the reading has is one the journal confirms up to its offset,
            # each counted once, in the cards and in the days alike.
            lines = journal.read_from(data / JOURNAL_FILE, 0, store._offset).entries
            reviews = [e for e in lines if e["type"] == "review"]
            keys = store.keys()
            answers = sum(store.counts(k)[0] for k in keys)
            assert answers == len(reviews) == sum(d.answers for d in store.days().values())
            assert sum(f.answers for f in store.card_facts().values()) == answers
            counts.append(answers)
            # The sessions are read as they are then (another copy's later ones included).
            sessions = store.sessions()
            lines = journal.read_from(data / JOURNAL_FILE, 0, store._offset).entries
            assert sessions == [e["result"] for e in lines if e["type"] == "session"]
    finally:
        writer.wait(60)
    assert writer.returncode == 0
    assert counts == sorted(counts), "a later reading had fewer answers"
    final = open_store(data, reading=True)
    keys = final.keys()
    assert sum(final.counts(k)[0] for k in keys) == 13 + total
    assert seen(final) == seen(open_store(data))


def test_a_session_s_marks_are_read_without_splitting_a_file_that_names_none(tmp_path):
    data = tmp_path / "data"
    some_progress(data)  # flags b/q1
    store = open_store(data, reading=True)
    marks = store.marks(T0)
    assert marks.flagged == {"b/q1"} and store._pending_body is None
    store = open_store(data)
    store.flag("b/q1", False, now=T0)
    store.save()
    reading = open_store(data, reading=True)
    assert reading.marks(T0) == type(marks)(frozenset(), frozenset(), frozenset())
    assert reading._pending_body is not None, "split though no card is marked"
    assert reading._file_lock is None
    reading.warm_up()
    assert reading._pending_body is None and reading._file_lock is not None
    assert not reading._cards._may_mark(), "searched for marks again, or found one"
    assert seen(reading) == seen(open_store(data))
