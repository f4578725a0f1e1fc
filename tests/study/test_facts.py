"""What the statistics read of each card comes from the cache folder's facts index, and it is
always what parsing every card would give: after answers by this copy or another, a hand
edit, a restored snapshot, a damaged or foreign index, a cache folder that cannot be written."""

from __future__ import annotations

import json
import random
import shutil
from datetime import UTC, date, datetime, timedelta

import pytest

from quiz import cachefile
from quiz.bank.model import Bank, FlashcardQuestion
from quiz.study import facts, stats
from quiz.study.days import is_due
from quiz.study.scheduler import CardStatus, Rating
from quiz.study.store import ProgressStore, Settings

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
KEYS = [f"geo/q{i}" for i in range(40)]
BANK = Bank(
    id="geo",
    title="Geo",
    questions=tuple(
        FlashcardQuestion(id=f"q{i}", prompt=f"Question {i}", answer=f"A{i}") for i in range(45)
    ),
)


def open_store(data) -> ProgressStore:
    return ProgressStore.open(data, defaults=Settings(enable_fuzzing=False), tz=UTC)


def answer_each(store, keys, right: bool = True) -> None:
    for key in keys:
        store.record_review(
            key,
            rating=Rating.GOOD if right else Rating.AGAIN,
            correct=right,
            response_time=2.0,
            session_id=None,
            now=NOW,
        )


def index_file(tmp_path, store):
    return facts.index_path(tmp_path / "cache", store.data_dir)


def parsed_facts(data) -> dict[str, facts.Facts]:
    """Every card of the progress in ``data`` parsed from the files, no index involved."""
    store = open_store(data)
    return held(store)


def held(store) -> dict[str, facts.Facts]:
    """The facts of every card ``store`` holds, each parsed."""
    keys = store.keys()
    return {key: facts.of_card(store._cards[key]) for key in keys}


def reference_stats(store, now) -> stats.BankStats:
    """bank_stats worked out card by card through the store's own answers (as it was before
    the facts index): the definition the fast counts must meet."""
    new = learning = due = mastered = reviews = right = suspended = buried = flagged = 0
    day_end = store.end_of_study_day(now)
    for question in BANK.questions:
        key = BANK.key(question)
        answers, correct = store.counts(key)
        reviews += answers
        right += correct
        flagged += store.is_flagged(key)
        if store.is_suspended(key):
            suspended += 1
            continue
        if store.is_buried(key, now):
            buried += 1
            continue
        state = store.card(key)
        if state is None:
            new += 1
            continue
        learning += state.status in (CardStatus.LEARNING, CardStatus.RELEARNING)
        due += is_due(state, now, day_end)
        mastered += (
            state.status is CardStatus.REVIEW
            and store.scheduler.retrievability(state, now) >= stats.MASTERED
        )
    return stats.BankStats(
        BANK.id,
        BANK.title,
        len(BANK.questions),
        new,
        learning,
        due,
        mastered,
        reviews,
        right / reviews if reviews else None,
        suspended,
        buried,
        flagged,
    )


def reference_forecast(store, now, days=7) -> list[int]:
    today = date.fromisoformat(store.study_day(now))
    counts = [0] * days
    for question in BANK.questions:
        key = BANK.key(question)
        state = store.card(key)
        if state is None or store.is_suspended(key):
            continue
        offset = max(0, (date.fromisoformat(store.study_day(state.due)) - today).days)
        if offset == 0 and store.is_buried(key, now):
            offset = 1
        if offset < days:
            counts[offset] += 1
    return counts


def act(store, rng, at) -> None:
    """One thing a learner does to a random card."""
    key = rng.choice(KEYS)
    roll = rng.random()
    if roll < 0.55:
        right = rng.random() < 0.7
        store.record_review(
            key,
            rating=Rating.GOOD if right else Rating.AGAIN,
            correct=right,
            response_time=2.0,
            session_id="s",
            now=at,
            update_schedule=rng.random() < 0.9,
        )
    elif roll < 0.65 and store.counts(key)[0]:
        store.undo_last_review(key, now=at)
    elif roll < 0.72 and store.counts(key)[0]:
        store.amend_last_review(key, rating=Rating.GOOD, correct=True, now=at)
    elif roll < 0.8:
        store.suspend(key, rng.random() < 0.6, now=at)
    elif roll < 0.9:
        store.bury(key, rng.random() < 0.6, now=at)
    else:
        store.flag(key, rng.random() < 0.6, now=at)


def check(store, data, now) -> None:
    assert store.card_facts() == parsed_facts(data)
    for when in (now, now + timedelta(hours=20), now + timedelta(days=3)):
        assert stats.bank_stats(BANK, store, when) == reference_stats(store, when)
        assert stats.due_forecast([BANK], store, when, 7) == reference_forecast(store, when)


def test_a_fresh_opening_reads_the_facts_off_the_index_without_splitting_the_snapshot(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    rng = random.Random(1)
    at = NOW - timedelta(days=30)
    for _ in range(200):
        act(store, rng, at)
        at += timedelta(hours=rng.choice([1, 5, 30]))
    store.save()
    check(open_store(data), data, at)  # no index yet: every card parsed, the index written
    again = open_store(data)
    assert again.card_facts() == parsed_facts(data)
    assert again._pending_body is not None, "the snapshot was split though the index has it all"
    assert stats.bank_stats(BANK, again, at) == reference_stats(open_store(data), at)
    # Every answer the learner gave is there to count: none is lost on the fast path.
    answers = [again.counts(key)[0] for key in list(again.keys())]
    assert sum(f.answers for f in again.card_facts().values()) == sum(answers)


def test_the_facts_follow_every_change_in_this_copy_and_another(tmp_path):
    # A hammer: learners' actions in random order, from two copies of the app, with saves,
    # reopenings and the statistics asked in between; every time, the facts are those of
    # every card parsed from the files.
    data = tmp_path / "data"
    rng = random.Random(7)
    mine, other = open_store(data), open_store(data)
    at = NOW - timedelta(days=20)
    for step in range(120):
        act(mine if rng.random() < 0.7 else other, rng, at)
        mine.refresh()
        at += timedelta(hours=rng.choice([1, 7, 26]))
        if step % 9 == 0:
            (mine if rng.random() < 0.5 else other).save()
        if step % 13 == 0:
            mine = open_store(data)
        if step % 5 == 0:
            assert mine.card_facts() == parsed_facts(data), f"step {step}"
    check(mine, data, at)
    other.save()
    check(open_store(data), data, at)


def test_a_changed_card_is_parsed_and_the_others_are_read_off_the_index(tmp_path, monkeypatch):
    data = tmp_path / "data"
    store = open_store(data)
    for n, key in enumerate(KEYS):
        store.record_review(
            key, rating=Rating.GOOD, correct=True, response_time=2.0, session_id=None, now=NOW
        )
        if n % 4 == 0:
            store.flag(key, now=NOW)
    store.save()
    open_store(data).card_facts()  # writes the index
    later = open_store(data)
    later.record_review(
        "geo/q3", rating=Rating.AGAIN, correct=False, response_time=2.0, session_id=None, now=NOW
    )
    later.save()
    worked_out = []
    real = facts.of_card
    monkeypatch.setattr(facts, "of_card", lambda card: worked_out.append(card) or real(card))
    reopened = open_store(data)
    found = reopened.card_facts()
    assert len(worked_out) == 1, "only the card answered since was parsed"
    assert found["geo/q3"].answers == 2 and found["geo/q3"].correct == 1
    assert found == parsed_facts(data)
    # Which the index now has too, for the snapshot as it is: the next opening parses none.
    worked_out.clear()
    assert open_store(data).card_facts() == found and worked_out == []


def test_a_hand_edited_or_restored_snapshot_is_counted_as_it_is(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    answer_each(store, KEYS[:10])
    store.save()
    old = (data / "progress.json").read_bytes()
    open_store(data).card_facts()
    # A hand edit: one card's answers changed in the file (its digest no longer matches, so
    # the store rebuilds from the journal; the facts are those of what the store holds).
    doc = json.loads(old)
    doc["cards"]["geo/q1"]["answers"] = 7
    (data / "progress.json").write_text(json.dumps(doc))
    edited = open_store(data)
    assert edited.card_facts() == held(edited)
    # An older snapshot put back over a newer one whose index is in the cache.
    store = open_store(data)
    store.record_review(
        "geo/q2", rating=Rating.AGAIN, correct=False, response_time=2.0, session_id=None, now=NOW
    )
    store.save()
    open_store(data).card_facts()
    (data / "progress.json").write_bytes(old)
    check(open_store(data), data, NOW)


def test_a_damaged_or_foreign_index_is_never_trusted(tmp_path):
    data = tmp_path / "data"
    store = open_store(data)
    answer_each(store, KEYS[:12])
    store.save()
    open_store(data).card_facts()
    path = index_file(tmp_path, store)
    good = path.read_bytes()
    expected = parsed_facts(data)
    payload = good.partition(b"\n")[2]
    damaged = [
        good[: len(good) // 2],  # truncated
        good[:-9] + bytes([good[-9] ^ 1]) + good[-8:],  # a bit changed
        b"",
        b"\x00" * 100,
    ]
    doc = json.loads(payload)
    for name, value in [
        ("answers", ["1"] * 12),
        ("status", [9] * 12),
        ("keys", doc["keys"][:-1]),
        ("stability", [-1.0] * 12),
        ("checks", [-5] * 12),
        ("version", 99),
    ]:
        wrong = json.dumps({**doc, name: value}).encode()
        damaged.append(cachefile.digest(wrong).encode() + b"\n" + wrong)
    for raw in damaged:
        path.write_bytes(raw)
        assert facts.read(path) is None
        path.write_bytes(raw)
        reopened = open_store(data)
        assert reopened.card_facts() == expected
        assert facts.read(path) is not None, "not written again"
    # The index of another learner's folder, copied over this one's: its cards' lines differ.
    elsewhere = tmp_path / "elsewhere"
    theirs = open_store(elsewhere)
    answer_each(theirs, KEYS[:12], right=False)
    theirs.save()
    open_store(elsewhere).card_facts()
    shutil.copy(index_file(tmp_path, theirs), path)
    assert open_store(data).card_facts() == expected


def test_counting_works_when_the_cache_folder_cannot_be_written(tmp_path, monkeypatch):
    data = tmp_path / "data"
    store = open_store(data)
    answer_each(store, KEYS[:5])
    store.save()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(blocker))
    check(open_store(data), data, NOW)


@pytest.mark.parametrize(
    "moment", ["2026-03-02T12:00:00.000001+00:00", "1970-01-01T00:00:00+00:00"]
)
def test_times_are_kept_to_the_microsecond(moment):
    at = datetime.fromisoformat(moment)
    assert facts.micros(at) == round((at - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds() * 1e6)
    # The day count the mastered share uses is that of the datetimes, a microsecond either side.
    for delta in (timedelta(days=3), timedelta(days=3, microseconds=-1)):
        later = at + delta
        assert (facts.micros(later) - facts.micros(at)) // 86_400_000_000 == (later - at).days
