"""Suspend, bury and flag: journal events that survive replays and restored files; suspended
cards leave every session, buried ones come back the next study day, flagged ones and
explicit keys can be studied together; the next intervals the grade keys show; the tag a
session scored lowest on."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study.results import weakest_tag
from quiz.study.scheduler import Rating, Scheduler, format_interval
from quiz.study.session import (
    Mode,
    SessionOptions,
    result_to_dict,
    retry_session,
    start_session,
    study_weakest_tag,
)
from quiz.study.store import JOURNAL_FILE, PROGRESS_FILE, Marks, ProgressStore, Settings

# Noon UTC; study days roll over at 4:00 UTC here.
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)


def open_store(data) -> ProgressStore:
    return ProgressStore.open(data, defaults=EXACT, tz=UTC)


def marks(store: ProgressStore, now: datetime = T0) -> tuple[list, list, list]:
    return (
        sorted(store.suspended_keys()),
        sorted(store.buried_keys(now)),
        sorted(store.flagged_keys()),
    )


def make_bank(n: int = 4) -> Bank:
    questions = tuple(
        ChoiceQuestion(
            id=f"q{i}",
            prompt=f"Question {i}?",
            choices=(Choice("right"), Choice("wrong")),
            answer=0,
            tags=("even",) if i % 2 == 0 else ("odd",),
        )
        for i in range(n)
    )
    return Bank(id="geo", title="Geo", questions=questions)


# -- the store ---------------------------------------------------------------------------------


def test_marks_are_journal_events_kept_across_reopening(tmp_path):
    store = open_store(tmp_path)
    store.suspend("b/s", now=T0)
    store.bury("b/b", now=T0)
    store.flag("b/f", now=T0)
    assert store.is_suspended("b/s") and store.is_flagged("b/f") and store.is_buried("b/b", T0)
    assert store.card("b/s") is None  # a mark is not progress: the card is still new
    events = [json.loads(line) for line in (tmp_path / JOURNAL_FILE).read_text().splitlines()[1:]]
    assert [(e["type"], e["key"]) for e in events] == [
        ("mark", "b/s"),
        ("mark", "b/b"),
        ("mark", "b/f"),
    ]
    assert events[1]["buried"] == "2024-05-01" and events[0]["suspended"] is True
    expected = marks(store)
    assert marks(open_store(tmp_path)) == expected  # from the snapshot
    (tmp_path / PROGRESS_FILE).unlink(missing_ok=True)
    assert marks(open_store(tmp_path)) == expected  # from the journal alone


def test_marks_undone_and_marks_that_change_nothing_write_nothing(tmp_path):
    store = open_store(tmp_path)
    store.flag("b/f", on=False)  # nothing to unflag
    assert not (tmp_path / JOURNAL_FILE).exists()
    store.suspend("b/s")
    store.suspend("b/s")  # already so
    store.suspend("b/s", on=False)
    assert not store.is_suspended("b/s")
    lines = (tmp_path / JOURNAL_FILE).read_text().splitlines()
    assert len(lines) == 1 + 2
    assert marks(open_store(tmp_path)) == ([], [], [])


def test_a_buried_card_is_back_the_next_study_day(tmp_path):
    store = open_store(tmp_path)
    store.bury("b/q", now=T0)
    assert store.is_buried("b/q", T0 + timedelta(hours=15))  # 3:00 the next morning
    assert not store.is_buried("b/q", T0 + timedelta(hours=16))  # 4:00: a new study day
    store.bury("b/r", now=T0)
    store.bury("b/r", on=False, now=T0)
    assert not store.is_buried("b/r", T0)


def test_marks_keep_a_cards_progress_and_count_once_when_replayed_twice(tmp_path):
    store = open_store(tmp_path)
    state = store.record_review(
        "b/q", rating=Rating.GOOD, correct=True, response_time=1, session_id="s", now=T0
    )
    store.flag("b/q")
    store.suspend("b/q")
    assert store.card("b/q") == state and store.counts("b/q") == (1, 1)
    journal = tmp_path / JOURNAL_FILE
    text = journal.read_text()
    journal.write_text(text + text.split("\n", 1)[1])  # every event twice
    (tmp_path / PROGRESS_FILE).unlink(missing_ok=True)
    again = open_store(tmp_path)
    assert again.card("b/q") == state and again.counts("b/q") == (1, 1)
    assert marks(again) == (["b/q"], [], ["b/q"])


def test_a_mark_torn_by_a_crash_was_never_made(tmp_path):
    store = open_store(tmp_path)
    store.flag("b/a")
    size = (tmp_path / JOURNAL_FILE).stat().st_size
    store.suspend("b/a")
    journal = tmp_path / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes()[: size + 10])
    again = open_store(tmp_path)
    assert marks(again) == ([], [], ["b/a"])
    again.suspend("b/a")  # the cut-off line does not glue itself to this one
    assert marks(open_store(tmp_path)) == (["b/a"], [], ["b/a"])


def test_a_bad_mark_is_refused():
    from quiz.study.ledger import Ledger

    ledger = Ledger()
    for entry in (
        {"type": "mark", "key": "b/q"},
        {"type": "mark", "key": "b/q", "suspended": "yes"},
        {"type": "mark", "key": "b/q", "buried": "tomorrow"},
        {"type": "mark", "key": "", "flagged": True},
    ):
        with pytest.raises((ValueError, TypeError)):
            ledger._apply(entry)
    assert ledger._cards == {}


# -- sessions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(Mode))
def test_suspended_and_buried_cards_leave_every_session(tmp_path, mode):
    store = open_store(tmp_path)
    bank = make_bank()
    for q in bank.questions:  # every card answered wrong once, so mistakes has them all
        store.record_review(
            bank.key(q),
            rating=Rating.AGAIN,
            correct=False,
            response_time=1,
            session_id="s",
            now=T0 - timedelta(days=2),
        )
    store.suspend("geo/q0")
    store.bury("geo/q1", now=T0)
    s = start_session([bank], store, SessionOptions(mode=mode, seed=1), T0)
    assert sorted({i.key for i in s.items}) == ["geo/q2", "geo/q3"]
    # The next study day the buried card is back; the suspended one only when unsuspended.
    later = T0 + timedelta(days=1)
    s = start_session([bank], store, SessionOptions(mode=mode, seed=1), later)
    assert sorted({i.key for i in s.items}) == ["geo/q1", "geo/q2", "geo/q3"]
    store.suspend("geo/q0", on=False)
    s = start_session([bank], store, SessionOptions(mode=mode, seed=1), later)
    assert "geo/q0" in {i.key for i in s.items}


def test_retrying_the_wrong_ones_leaves_a_suspended_card_out(tmp_path):
    store = open_store(tmp_path)
    s = start_session([make_bank(2)], store, SessionOptions(seed=1), T0)
    while not s.done:
        s.answer(s.current, 1, elapsed=3, now=T0)
    result = s.finish(T0)
    store.suspend(result.wrong[0].item.key)
    retry = retry_session(result, store, seed=1, now=T0)
    assert [i.key for i in retry.items] == [result.wrong[1].item.key]


def test_a_session_over_the_flagged_cards(tmp_path):
    store = open_store(tmp_path)
    store.flag("geo/q3")
    store.flag("geo/q1")
    s = start_session([make_bank()], store, SessionOptions(flagged=True, seed=1), T0)
    assert sorted(i.key for i in s.items) == ["geo/q1", "geo/q3"]
    s = start_session([make_bank()], None, SessionOptions(flagged=True), T0)
    assert s.items == () and s.done


def test_a_session_over_explicit_keys_keeps_their_order_in_review(tmp_path):
    store = open_store(tmp_path)
    keys = ("geo/q3", "geo/q0", "geo/nope", "geo/q3")
    options = SessionOptions(mode=Mode.REVIEW, keys=keys)
    s = start_session([make_bank()], store, options, T0)
    assert [i.key for i in s.items] == ["geo/q3", "geo/q0"]  # new cards, in the order given
    quiz = start_session([make_bank()], store, SessionOptions(keys=keys, seed=2), T0)
    assert sorted(i.key for i in quiz.items) == ["geo/q0", "geo/q3"]
    # Every filter given must pass: keys and tags.
    both = SessionOptions(keys=keys, tags=frozenset({"odd"}))
    assert [i.key for i in start_session([make_bank()], store, both, T0).items] == ["geo/q3"]


# -- the tag where the score was lowest ------------------------------------------------------


def test_the_weakest_tag_from_a_result_and_from_its_record(tmp_path):
    s = start_session([make_bank()], None, SessionOptions(seed=1), T0)
    while not s.done:
        # Right on the odd questions only.
        odd = s.current.question.tags == ("odd",)
        s.answer(s.current, 0 if odd else 1, elapsed=3, now=T0)
    result = s.finish(T0)
    assert weakest_tag(result) == "even"
    assert weakest_tag(result_to_dict(result)) == "even"
    assert weakest_tag({"by_tag": {}}) is None and weakest_tag({"by_tag": {"x": "bad"}}) is None
    weak = study_weakest_tag([make_bank()], None, result, now=T0)
    assert weak is not None and {i.question.tags for i in weak.items} == {("even",)}


def test_of_equal_shares_the_tag_with_more_at_stake_is_weaker():
    record = {"by_tag": {"a": [1, 2], "b": [2, 4], "c": [3, 3]}}
    assert weakest_tag(record) == "b"


# -- next intervals ----------------------------------------------------------------------------


def test_the_preview_is_what_each_rating_would_schedule(tmp_path):
    exact = Scheduler(enable_fuzzing=False)
    state = exact.review(None, Rating.GOOD, T0, key="b/q")
    state = exact.review(state, Rating.GOOD, state.due)
    preview = exact.preview(state, state.due)
    for rating in Rating:
        assert preview[rating] == exact.review(state, rating, state.due).due - state.due
    assert list(preview) == list(Rating)
    assert (
        preview[Rating.AGAIN] < preview[Rating.HARD] < preview[Rating.GOOD] < preview[Rating.EASY]
    )
    # With fuzzing on, the preview still shows the exact interval (and changes nothing).
    fuzzy = Scheduler()
    assert fuzzy.preview(state, state.due) == preview
    new = exact.preview(None, T0, key="b/q")
    assert new[Rating.AGAIN] == timedelta(minutes=1) and new[Rating.GOOD] == timedelta(minutes=10)


def test_the_store_previews_the_next_answer_and_the_override_of_the_last(tmp_path):
    store = open_store(tmp_path)
    before = store.preview("b/q", T0)
    store.record_review(
        "b/q", rating=Rating.GOOD, correct=True, response_time=1, session_id="s", now=T0
    )
    # "I guessed" would reschedule as if rated Again then: the same as before the answer.
    assert store.preview_amend("b/q") == before
    assert store.preview_amend("b/never") is None
    s = start_session([make_bank(1)], store, SessionOptions(seed=1), T0)
    assert s.preview(T0) == store.preview("geo/q0", T0)
    s.answer(s.current, 0, elapsed=3, now=T0)
    assert s.override_preview() == store.preview_amend("geo/q0")
    cram = start_session([make_bank(1)], store, SessionOptions(mode=Mode.MISTAKES), T0)
    assert cram.preview(T0) is None  # a cram leaves the schedule alone


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=3, hours=2), "3d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=330), "11mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=438), "1.2y"),
        (timedelta(days=36500), "100y"),
    ],
)
def test_intervals_read_as_the_grade_keys_show_them(delta, text):
    assert format_interval(delta) == text


def test_marks_read_from_a_snapshot_without_parsing_every_card(tmp_path):
    # Sessions ask every card of the bank whether it is left out: a snapshot's unmarked cards
    # say no without being parsed, and marked ones (and keys that only look like a mark) are
    # parsed and answered right.
    store = open_store(tmp_path)
    keys = ["geo/plain", 'geo/"suspended"', "geo/s", "geo/b", "geo/f"]
    for key in keys:
        store.record_review(
            key, rating=Rating.GOOD, correct=True, response_time=3.0, session_id=None, now=T0
        )
    store.suspend("geo/s", now=T0)
    store.bury("geo/b", now=T0)
    store.flag("geo/f", now=T0)
    store.save()
    again = open_store(tmp_path)
    table = again._cards
    assert all(isinstance(dict.__getitem__(table, k), str) for k in keys), "parsed at opening"
    assert [again.excluded(k, T0) for k in keys] == [False, False, True, True, False]
    assert [again.is_flagged(k) for k in keys] == [False, False, False, False, True]
    marks = again.marks(T0)
    assert (marks.suspended, marks.buried, marks.flagged) == ({"geo/s"}, {"geo/b"}, {"geo/f"})
    assert again.marks(T0 + timedelta(days=1)).buried == frozenset()
    assert isinstance(dict.__getitem__(table, "geo/plain"), str), "an unmarked card was parsed"
    assert again.is_buried("geo/b", T0) and not again.is_buried("geo/b", T0 + timedelta(days=1))


def test_a_snapshot_without_marks_answers_for_every_card_at_once_and_marks_made_later(tmp_path):
    # A snapshot whose cards name no mark is searched once, not card by card; a mark made
    # after opening, and one made by another copy and read from the journal, still count.
    store = open_store(tmp_path)
    keys = [f"geo/q{i}" for i in range(4)]
    for key in keys:
        store.record_review(
            key, rating=Rating.GOOD, correct=True, response_time=3.0, session_id=None, now=T0
        )
    store.save()
    again = open_store(tmp_path)
    assert not again._cards._may_mark()
    assert again.marks(T0) == Marks(frozenset(), frozenset(), frozenset())
    assert not any(again.excluded(k, T0) for k in keys)
    again.suspend("geo/q1", now=T0)
    other = open_store(tmp_path)
    other.flag("geo/q2", now=T0)
    other.bury("geo/new", now=T0)  # a card never answered
    again.refresh()
    marks = again.marks(T0)
    assert (marks.suspended, marks.buried, marks.flagged) == (
        {"geo/q1"},
        {"geo/new"},
        {"geo/q2"},
    )
    assert again.excluded("geo/q1", T0) and again.is_flagged("geo/q2")
