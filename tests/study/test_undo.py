"""Undo of an answer: the journal keeps an undo event naming the review (nothing is deleted);
the card, its counts and the day's counts go back; and that holds after replays, duplicated
lines, a crash mid-append, an older file restored, a rebuild from the journal alone, and for
any mix of answers, amends and undos (a property against a model that recomputes every
schedule from the reviews left, as a merge of several devices' journals would)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study.scheduler import Rating, Scheduler
from quiz.study.session import Mode, SessionError, SessionOptions, start_session
from quiz.study.store import JOURNAL_FILE, PROGRESS_FILE, DayCounts, ProgressStore, Settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)
exact = Scheduler(enable_fuzzing=False)


def open_store(data) -> ProgressStore:
    return ProgressStore.open(data, defaults=EXACT, tz=UTC)


def answer(store, key, *, rating=Rating.GOOD, correct=True, at=T0, answer_id=None, schedule=True):
    return store.record_review(
        key,
        rating=rating,
        correct=correct,
        response_time=2.0,
        session_id="s",
        now=at,
        update_schedule=schedule,
        answer_id=answer_id,
    )


def lines(data) -> list[dict]:
    text = (data / JOURNAL_FILE).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()[1:]]


def picture(store: ProgressStore) -> dict:
    """Everything a learner sees of the progress."""
    keys = store.keys()  # a list, not a dict's view
    return {
        "cards": {k: (store.card(k), store.counts(k), store.last_correct(k)) for k in keys},
        "days": store.days(),
        "reviews": [(r.key, r.time, r.rating, r.correct) for r in store.reviews()],
    }


# -- the store ---------------------------------------------------------------------------------


def test_undo_restores_the_card_and_the_day_and_keeps_every_line(tmp_path):
    store = open_store(tmp_path)
    first = answer(store, "b/q", rating=Rating.GOOD)
    answer(store, "b/q", rating=Rating.AGAIN, correct=False, at=T0 + timedelta(minutes=5))
    answer(store, "b/other", at=T0 + timedelta(minutes=6))
    assert store.counts("b/q") == (2, 1)
    restored = store.undo_last_review("b/q", now=T0 + timedelta(minutes=7))
    assert restored == first == store.card("b/q")
    assert store.counts("b/q") == (1, 1) and store.last_correct("b/q") is True
    assert store.day_counts("2024-05-01") == DayCounts(answers=2, correct=2, new=2, reviews=0)
    assert [r.key for r in store.reviews()] == ["b/q", "b/other"]
    events = lines(tmp_path)
    assert [e["type"] for e in events] == ["review", "review", "review", "undo"]
    assert events[-1]["review"] == events[1]["id"]  # names the review it takes back


def test_undos_in_a_row_go_back_one_review_each_down_to_a_new_card(tmp_path):
    store = open_store(tmp_path)
    states = [None]
    for n, rating in enumerate([Rating.GOOD, Rating.GOOD, Rating.HARD]):
        states.append(answer(store, "b/q", rating=rating, at=T0 + timedelta(days=n)))
    later = T0 + timedelta(days=5)
    assert store.undo_last_review("b/q", now=later) == states[2]
    assert store.undo_last_review("b/q", now=later) == states[1]
    assert store.undo_last_review("b/q", now=later) is None
    assert store.counts("b/q") == (0, 0) and store.days() == {}
    with pytest.raises(ValueError, match="no answer"):
        store.undo_last_review("b/q", now=later)
    assert picture(open_store(tmp_path)) == picture(store)


def test_an_undone_new_card_no_longer_counts_against_the_days_new_limit(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/new")
    assert store.new_studied_on("2024-05-01") == 1
    store.undo_last_review("b/new", now=T0)
    assert store.new_studied_on("2024-05-01") == 0 and store.card("b/new") is None


def test_an_undone_review_of_a_review_card_leaves_the_review_count(tmp_path):
    store = open_store(tmp_path)
    state = answer(store, "b/q")
    while state.status != 2:  # through the learning steps
        state = answer(store, "b/q", at=state.due)
    day = store.study_day(state.due)
    before = store.day_counts(day)
    answer(store, "b/q", at=state.due)
    assert store.day_counts(day).reviews == before.reviews + 1
    assert store.undo_last_review("b/q", now=state.due) == state
    assert store.day_counts(day) == before


def test_an_amended_review_is_undone_whole(tmp_path):
    store = open_store(tmp_path)
    first = answer(store, "b/q")
    answer(store, "b/q", at=T0 + timedelta(days=3))
    store.amend_last_review("b/q", rating=Rating.AGAIN, correct=True, now=T0 + timedelta(days=3))
    assert store.undo_last_review("b/q", now=T0 + timedelta(days=3)) == first
    assert store.counts("b/q") == (1, 1)


def test_a_cram_answer_is_undone_without_touching_the_schedule(tmp_path):
    store = open_store(tmp_path)
    state = answer(store, "b/q")
    answer(store, "b/q", correct=False, rating=Rating.AGAIN, schedule=False, at=T0)
    assert store.last_correct("b/q") is False
    assert store.undo_last_review("b/q", now=T0) == state
    assert store.last_correct("b/q") is True and store.counts("b/q") == (1, 1)


def test_an_undo_retried_under_the_same_answer_id_takes_back_only_that_answer(tmp_path):
    store = open_store(tmp_path)
    first = answer(store, "b/q", answer_id="s/0")
    answer(store, "b/q", answer_id="s/1", at=T0 + timedelta(days=1))
    store.undo_last_review("b/q", now=T0, answer_id="s/1")
    # The first try did land but reported an error: the retry changes nothing.
    assert store.undo_last_review("b/q", now=T0, answer_id="s/1") == first
    assert store.counts("b/q") == (1, 1)
    assert [e["type"] for e in lines(tmp_path)].count("undo") == 1
    with pytest.raises(ValueError):
        store.undo_last_review("b/q", now=T0, answer_id="s/never")


# -- replays, duplicates, crashes, restored files -----------------------------------------------


def _history(store):
    answer(store, "b/q", answer_id="s/0")
    answer(store, "b/r", answer_id="s/1")
    answer(store, "b/q", rating=Rating.AGAIN, correct=False, at=T0 + timedelta(days=2))
    store.undo_last_review("b/q", now=T0 + timedelta(days=2))
    answer(store, "b/q", rating=Rating.EASY, at=T0 + timedelta(days=2, minutes=1))
    store.undo_last_review("b/r", now=T0 + timedelta(days=2, minutes=2))


def test_the_journal_alone_gives_the_same_state_after_undos(tmp_path):
    store = open_store(tmp_path)
    _history(store)
    expected = picture(store)
    (tmp_path / PROGRESS_FILE).unlink()
    assert picture(open_store(tmp_path)) == expected
    assert picture(open_store(tmp_path)) == expected  # and once more, from its new snapshot


def test_an_undo_line_twice_counts_once(tmp_path):
    store = open_store(tmp_path)
    _history(store)
    expected = picture(store)
    journal = tmp_path / JOURNAL_FILE
    text = journal.read_text(encoding="utf-8")
    undo_lines = [line for line in text.splitlines() if '"type":"undo"' in line]
    journal.write_text(text + "\n".join(undo_lines) + "\n", encoding="utf-8")
    (tmp_path / PROGRESS_FILE).unlink()
    assert picture(open_store(tmp_path)) == expected
    # The whole journal appended to itself (a sync tool's merge): still each event once.
    journal.write_text(text + text.split("\n", 1)[1], encoding="utf-8")
    assert picture(open_store(tmp_path)) == expected


def test_an_undo_torn_by_a_crash_was_never_made(tmp_path):
    store = open_store(tmp_path)
    state = answer(store, "b/q")
    answer(store, "b/q", at=T0 + timedelta(days=1))
    before = picture(store)
    store.save()
    journal = tmp_path / JOURNAL_FILE
    size = journal.stat().st_size
    store.undo_last_review("b/q", now=T0 + timedelta(days=1))
    data = journal.read_bytes()
    journal.write_bytes(data[: size + (len(data) - size) // 2])  # killed mid-append
    again = open_store(tmp_path)
    assert picture(again) == before
    assert again.undo_last_review("b/q", now=T0 + timedelta(days=1)) == state
    assert picture(open_store(tmp_path)) == picture(again)


def test_an_older_snapshot_restored_replays_the_undo(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q")
    answer(store, "b/q", at=T0 + timedelta(days=1))
    store.save()
    old = (tmp_path / PROGRESS_FILE).read_bytes()
    store.undo_last_review("b/q", now=T0 + timedelta(days=1))
    store.save()
    expected = picture(store)
    (tmp_path / PROGRESS_FILE).write_bytes(old)
    assert picture(open_store(tmp_path)) == expected


def test_an_older_journal_restored_keeps_the_undo_the_snapshot_knows(tmp_path):
    store = open_store(tmp_path)
    answer(store, "b/q")
    answer(store, "b/q", at=T0 + timedelta(days=1))
    shutil.copy(tmp_path / JOURNAL_FILE, tmp_path / "old.jsonl")
    store.undo_last_review("b/q", now=T0 + timedelta(days=1))
    store.save()
    expected = {k: v for k, v in picture(store).items() if k != "reviews"}
    shutil.copy(tmp_path / "old.jsonl", tmp_path / JOURNAL_FILE)
    again = open_store(tmp_path)
    assert {k: v for k, v in picture(again).items() if k != "reviews"} == expected


def test_a_snapshot_edited_by_hand_is_rebuilt_with_the_undo(tmp_path):
    store = open_store(tmp_path)
    _history(store)
    store.save()
    expected = picture(store)
    path = tmp_path / PROGRESS_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["cards"]["b/q"]["answers"] = 99  # the digest no longer matches
    path.write_text(json.dumps(doc), encoding="utf-8")
    again = open_store(tmp_path)
    assert any("rebuilt" in n for n in again.notices)
    assert picture(again) == expected


def test_a_second_copy_of_the_app_sees_the_undo(tmp_path):
    one, two = open_store(tmp_path), open_store(tmp_path)
    first = answer(one, "b/q")
    answer(two, "b/q", at=T0 + timedelta(days=1))
    assert one.undo_last_review("b/q", now=T0 + timedelta(days=1)) == first
    two.refresh()
    assert picture(two) == picture(one)


# -- any mix of answers, amends and undos --------------------------------------------------------

KEYS = ["b/a", "b/b"]
step = st.one_of(
    st.tuples(
        st.just("answer"),
        st.sampled_from(KEYS),
        st.sampled_from(list(Rating)),
        st.integers(0, 3 * 24 * 60),
    ),
    st.tuples(st.just("amend"), st.sampled_from(list(Rating))),
    st.tuples(st.just("undo"), st.sampled_from(KEYS)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(step, max_size=14))
def test_any_mix_of_answers_amends_and_undos_matches_the_history_left(tmp_path_factory, steps):
    data = tmp_path_factory.mktemp("undo")
    store = open_store(data)
    now = T0
    left: dict[str, list[tuple[datetime, Rating]]] = {k: [] for k in KEYS}
    last_answered: str | None = None  # an amend is made right after an answer, as a session does
    for op in steps:
        if op[0] == "answer":
            _, key, rating, minutes = op
            now += timedelta(minutes=minutes)
            answer(store, key, rating=rating, correct=rating > Rating.AGAIN, at=now)
            left[key].append((now, rating))
            last_answered = key
        elif op[0] == "amend" and last_answered is not None:
            store.amend_last_review(last_answered, rating=op[1], correct=True, now=now)
            left[last_answered][-1] = (left[last_answered][-1][0], op[1])
            last_answered = None
        elif op[0] == "undo" and left[op[1]]:
            store.undo_last_review(op[1], now=now)
            left[op[1]].pop()
            last_answered = None
    # The model: every schedule recomputed from the reviews left, in order.
    for key, reviews in left.items():
        state = None
        for when, rating in reviews:
            state = exact.review(state, rating, when, key=key)
        assert store.card(key) == state
        assert store.counts(key)[0] == len(reviews)
    assert sum(d.answers for d in store.days().values()) == sum(len(r) for r in left.values())
    expected = picture(store)
    assert picture(open_store(data)) == expected
    (data / PROGRESS_FILE).unlink(missing_ok=True)
    assert picture(open_store(data)) == expected


# -- sessions ----------------------------------------------------------------------------------


def make_bank(n: int = 3) -> Bank:
    questions = tuple(
        ChoiceQuestion(
            id=f"q{i}",
            prompt=f"Question {i}?",
            choices=(Choice("right"), Choice("wrong")),
            answer=0,
            tags=("t",),
        )
        for i in range(n)
    )
    return Bank(id="geo", title="Geo", questions=questions)


@pytest.mark.parametrize("mode", [Mode.QUIZ, Mode.EXAM, Mode.REVIEW])
def test_session_undo_puts_the_question_back_and_corrects_the_score(tmp_path, mode):
    store = open_store(tmp_path)
    options = SessionOptions(
        mode=mode, seed=3, time_limit=timedelta(hours=1) if mode == "exam" else None
    )
    s = start_session([make_bank()], store, options, T0)
    first = s.current
    s.answer(first, 0, elapsed=9, now=T0)
    second = s.current
    s.answer(second, 1, elapsed=9, now=T0)
    assert s.running_score == (1, 2)
    undone = s.undo(now=T0)
    assert undone.item is second is s.current and undone.answer.grade.score == 0
    assert s.running_score == (1, 1) and s.position == 1
    assert store.card(second.key) is None and store.counts(second.key) == (0, 0)
    # Answered again: a new answer, recorded (not taken for a retry of the undone one).
    s.answer(second, 0, elapsed=9, now=T0)
    assert s.running_score == (2, 2) and store.counts(second.key) == (1, 1)
    s.undo(now=T0)
    s.undo(now=T0)
    assert s.current is first and s.position == 0
    with pytest.raises(SessionError, match="no answer"):
        s.undo(now=T0)
    assert store.days() == {} and store.reviews() == []


def test_undo_takes_back_the_repeat_an_again_put_at_the_end(tmp_path):
    store = open_store(tmp_path)
    s = start_session([make_bank(2)], store, SessionOptions(mode=Mode.REVIEW), T0)
    s.answer(s.current, 1, elapsed=9, now=T0)  # wrong: Again, shown again at the end
    assert len(s.items) == 3 and s.again_left == 1
    s.undo(now=T0)
    assert len(s.items) == 2 and s.again_left == 0


def test_undo_then_override_is_refused_until_answered_again(tmp_path):
    store = open_store(tmp_path)
    s = start_session([make_bank()], store, SessionOptions(seed=1), T0)
    s.answer(s.current, 0, elapsed=9, now=T0)
    s.answer(s.current, 0, elapsed=9, now=T0)
    s.undo(now=T0)
    with pytest.raises(SessionError, match="taken back"):
        s.override(False, now=T0)
    s.answer(s.current, 0, elapsed=9, now=T0)
    s.override(False, now=T0)
    assert s.answers[-1].rating == Rating.AGAIN


def test_an_exam_out_of_time_cannot_be_undone(tmp_path):
    store = open_store(tmp_path)
    options = SessionOptions(mode=Mode.EXAM, time_limit=timedelta(minutes=1))
    s = start_session([make_bank()], store, options, T0)
    s.answer(s.current, 0, elapsed=9, now=T0)
    with pytest.raises(SessionError, match="Time is up"):
        s.undo(now=T0 + timedelta(minutes=2))
    assert s.position == 1


def test_a_finished_session_cannot_be_undone():
    s = start_session([make_bank()], None, SessionOptions(seed=1), T0)
    s.answer(s.current, 0, elapsed=9, now=T0)
    s.finish(T0)
    with pytest.raises(SessionError, match="finished"):
        s.undo(now=T0)


def test_a_failed_undo_changes_nothing_in_the_session(tmp_path):
    from quiz.study.store import ProgressError

    store = open_store(tmp_path)
    s = start_session([make_bank()], store, SessionOptions(seed=1), T0)
    s.answer(s.current, 0, elapsed=9, now=T0)

    def fail(*args, **kwargs):
        raise ProgressError("disk full")

    store.undo_last_review = fail
    with pytest.raises(ProgressError):
        s.undo(now=T0)
    assert s.position == 1 and s.running_score == (1, 1)
