"""The finished sessions come partly from the cache folder's index and partly from the journal
after it, and are always those the journal holds: after sessions by this copy or another, a
journal restored from an older copy (and written on), another journal put in its place, a
damaged index, or the same event twice."""

from __future__ import annotations

import json
import random
import shutil
from datetime import UTC, datetime, timedelta

from quiz import cachefile
from quiz.study import journal, sessionindex
from quiz.study.scheduler import Rating
from quiz.study.store import JOURNAL_FILE, ProgressStore, Settings

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def open_store(data) -> ProgressStore:
    return ProgressStore.open(data, defaults=Settings(enable_fuzzing=False), tz=UTC)


def in_journal(data) -> list[dict]:
    """Every session result in the journal file, each event once, read line by line."""
    seen, results = set(), []
    for entry in journal.read_from(data / JOURNAL_FILE, 0).entries:
        if entry.get("type") != "session" or entry.get("id") in seen:
            continue
        seen.add(entry.get("id"))
        results.append(entry["result"])
    return results


def study(store, rng, n, at) -> None:
    for k in range(n):
        store.record_review(
            f"b/q{rng.randrange(30)}",
            rating=Rating.GOOD,
            correct=True,
            response_time=1.0,
            session_id="s",
            now=at + timedelta(minutes=k),
        )
    store.record_session({"id": f"s{rng.randrange(10**9)}", "score": n, "words": "é ünïcode"})


def test_sessions_are_those_in_the_journal_through_copies_and_restores(tmp_path):
    data = tmp_path / "data"
    rng = random.Random(3)
    mine, other = open_store(data), open_store(data)
    at = T0
    kept = None
    for step in range(24):
        study(mine if rng.random() < 0.6 else other, rng, rng.randrange(0, 20), at)
        at += timedelta(hours=3)
        if step == 10:
            kept = (data / JOURNAL_FILE).read_bytes()
        if step % 3 == 0:
            assert open_store(data).sessions() == in_journal(data), f"step {step}"
        assert mine.sessions() == in_journal(data), f"step {step}"
    assert kept is not None
    whole = (data / JOURNAL_FILE).read_bytes()
    # An older copy of the journal put back (shorter than where the index was made) ...
    (data / JOURNAL_FILE).write_bytes(kept)
    (data / "progress.json").unlink(missing_ok=True)
    assert open_store(data).sessions() == in_journal(data)
    # ... or put back and written on past that point before the sessions are next asked
    # for: the bytes before the index's end differ now.
    (data / JOURNAL_FILE).write_bytes(whole)
    (data / "progress.json").unlink(missing_ok=True)
    assert open_store(data).sessions() == in_journal(data)  # the index is at the end again
    (data / JOURNAL_FILE).write_bytes(kept)
    (data / "progress.json").unlink(missing_ok=True)
    restored = open_store(data)
    while (data / JOURNAL_FILE).stat().st_size <= len(whole):
        study(restored, rng, 25, at)
        at += timedelta(hours=3)
    assert open_store(data).sessions() == in_journal(data)


def test_a_second_reading_reads_only_the_journal_after_the_index(tmp_path, monkeypatch):
    data = tmp_path / "data"
    store = open_store(data)
    rng = random.Random(5)
    for n in range(20):
        study(store, rng, 20, T0 + timedelta(days=n))
    assert open_store(data).sessions() == in_journal(data)
    read_from = []
    real = ProgressStore._journal_bytes

    def spy(self, start=0):
        read = real(self, start)
        read_from.append((start, len(read)))
        return read

    monkeypatch.setattr(ProgressStore, "_journal_bytes", spy)
    again = open_store(data)
    study(again, rng, 5, T0 + timedelta(days=30))
    assert again.sessions() == in_journal(data)
    size = (data / JOURNAL_FILE).stat().st_size
    assert read_from and all(start > 0 for start, _ in read_from)
    assert sum(length for _, length in read_from) < size // 4


def test_another_journal_or_a_damaged_index_is_read_whole(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    rng = random.Random(9)
    for n in range(6):
        study(store, rng, 10, T0 + timedelta(days=n))
    assert open_store(data).sessions() == in_journal(data)
    path = sessionindex.index_path(tmp_path / "cache", store.data_dir)
    good = path.read_bytes()
    payload = good.partition(b"\n")[2]
    doc = json.loads(payload)
    damaged = [good[:-7], good[:50] + bytes([good[50] ^ 4]) + good[51:], b"nonsense"]
    for name, value in [("end", -1), ("ids", [7] * len(doc["ids"])), ("results", [1, 2])]:
        wrong = json.dumps({**doc, name: value}).encode()
        damaged.append(cachefile.digest(wrong).encode() + b"\n" + wrong)
    for raw in damaged:
        path.write_bytes(raw)
        assert sessionindex.read(path) is None
        path.write_bytes(raw)
        assert open_store(data).sessions() == in_journal(data)
    # An index claiming more sessions than the journal holds, for this journal: its check
    # of the bytes before its end is wrong, so it is not believed.
    lying = {**doc, "results": doc["results"] + [{"id": "never"}], "ids": doc["ids"] + [None]}
    lying["check"] = (doc["check"] + 1) % 2**32
    text = json.dumps(lying).encode()
    path.write_bytes(cachefile.digest(text).encode() + b"\n" + text)
    assert open_store(data).sessions() == in_journal(data)
    # Another learner's journal copied in (another id), with their index left behind.
    elsewhere = tmp_path / "elsewhere"
    theirs = open_store(elsewhere)
    study(theirs, rng, 3, T0)
    shutil.copy(elsewhere / JOURNAL_FILE, data / JOURNAL_FILE)
    (data / "progress.json").unlink(missing_ok=True)
    assert open_store(data).sessions() == in_journal(data) and len(in_journal(data)) == 1


def test_an_event_twice_in_the_journal_is_one_session(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    rng = random.Random(2)
    study(store, rng, 4, T0)
    assert len(open_store(data).sessions()) == 1
    # The same session line appended again (as a retried append or a merge may leave it).
    lines = (data / JOURNAL_FILE).read_bytes().splitlines(keepends=True)
    session_line = next(line for line in lines if b'"type":"session"' in line)
    with open(data / JOURNAL_FILE, "ab") as handle:
        handle.write(session_line)
    assert open_store(data).sessions() == in_journal(data) and len(in_journal(data)) == 1
