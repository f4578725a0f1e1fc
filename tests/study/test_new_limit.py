"""The daily new-card limit counts the new cards reviews introduce, not quiz or exam answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study.session import Mode, SessionOptions, start_session
from quiz.study.store import ProgressStore, Settings

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def bank(bank_id: str, n: int) -> Bank:
    questions = tuple(
        ChoiceQuestion(id=f"q{i}", prompt="?", choices=(Choice("a"), Choice("b")), answer=0)
        for i in range(n)
    )
    return Bank(id=bank_id, title=bank_id, questions=questions)


def open_store(path) -> ProgressStore:
    defaults = Settings(enable_fuzzing=False, new_per_day=5)
    return ProgressStore.open(path, defaults=defaults, tz=UTC)


def answer_all(session, moment):
    while not session.done:
        moment += timedelta(seconds=30)
        session.answer(session.current, 0, elapsed=5, now=moment)
    session.finish(moment)
    return moment


def test_quiz_answers_on_new_cards_leave_the_new_card_limit_alone(tmp_path):
    store = open_store(tmp_path)
    practice, other = bank("practice", 6), bank("other", 8)
    moment = answer_all(start_session([practice], store, SessionOptions(seed=1), NOW), NOW)
    assert all(store.card(f"practice/q{i}") is not None for i in range(6))  # scheduled
    assert store.new_studied_on(store.study_day(moment)) == 0
    review = start_session([other], store, SessionOptions(mode=Mode.REVIEW), moment)
    assert len({i.key for i in review.items}) == 5  # the whole allowance is still there
    answer_all(review, moment)
    assert store.new_studied_on(store.study_day(moment)) == 5
    # The counters come back the same from the journal.
    (tmp_path / "progress.json").unlink()
    assert open_store(tmp_path).new_studied_on(store.study_day(moment)) == 5


def test_exam_answers_on_new_cards_do_not_count_as_new_either(tmp_path):
    store = open_store(tmp_path)
    exam = start_session([bank("b", 3)], store, SessionOptions(mode=Mode.EXAM, seed=2), NOW)
    moment = answer_all(exam, NOW)
    counts = store.day_counts(store.study_day(moment))
    assert (counts.answers, counts.new) == (3, 0)
