"""The summary shown when a learner leaves a session early."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quiz.bank.model import Bank, Choice, ChoiceQuestion
from quiz.study.session import Mode, SessionOptions, start_session
from quiz.study.store import ProgressStore, Settings
from quiz.study.summary import leaving_summary

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_bank(n: int) -> Bank:
    questions = tuple(
        ChoiceQuestion(
            id=f"q{i}", prompt=f"Q{i}?", choices=(Choice("right"), Choice("wrong")), answer=0
        )
        for i in range(n)
    )
    return Bank(id="geo", title="Geo", questions=questions)


def test_leaving_early_tells_what_was_answered_the_score_and_what_is_due(tmp_path):
    store = ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False), tz=UTC)
    bank = make_bank(5)
    s = start_session([bank], store, SessionOptions(mode=Mode.REVIEW), T0)
    s.answer(s.current, 0, elapsed=30, now=T0)  # right: a learning step, back in 10 minutes
    s.answer(s.current, 1, elapsed=30, now=T0)  # wrong: again in the session
    summary = leaving_summary(s, T0 + timedelta(seconds=30))
    assert (summary.answered, summary.total, summary.score, summary.max_score) == (2, 5, 1, 2)
    assert summary.percent == 50
    # Three new cards left today (within the daily limit); the two learning steps (1 and 10
    # minutes) are not due yet, and nothing is a review due tomorrow.
    assert (summary.due_today, summary.new_today, summary.due_tomorrow) == (0, 3, 0)
    later = leaving_summary(s, T0 + timedelta(minutes=15))
    assert later.due_today == 2
    store.suspend("geo/q4")
    assert leaving_summary(s, T0 + timedelta(minutes=15)).new_today == 2


def test_a_summary_before_any_answer_and_without_a_store():
    s = start_session([make_bank(3)], None, SessionOptions(seed=1), T0)
    summary = leaving_summary(s, T0)
    assert (summary.answered, summary.total, summary.percent) == (0, 3, None)
    assert (summary.due_today, summary.new_today, summary.due_tomorrow) == (0, 0, 0)
