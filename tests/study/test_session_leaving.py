"""Sessions the learner leaves early (``finish(abandoned=True)``): recorded as not completed,
with no verdict and no unanswered question counted wrong."""

from __future__ import annotations

from datetime import timedelta

from test_session import NOW, FakeStore, make_bank, right

from quiz.study.session import Mode, SessionOptions, start_session


def exam(store, n=5, **kw):
    return start_session([make_bank(n=n)], store, SessionOptions(mode=Mode.EXAM, seed=5, **kw), NOW)


def test_an_abandoned_exam_has_no_verdict_and_no_unanswered_wrong_ones():
    store = FakeStore()
    s = exam(store)
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    result = s.finish(NOW + timedelta(seconds=5), abandoned=True)
    assert not result.completed and result.passed is None
    assert (result.score, result.max_score, result.answered, result.total) == (1, 1, 1, 5)
    assert result.wrong == ()
    (recorded,) = store.recorded
    assert recorded["completed"] is False and recorded["passed"] is None
    assert recorded["wrong"] == []


def test_an_abandoned_review_is_recorded_as_not_completed():
    store = FakeStore()
    s = start_session([make_bank(n=4)], store, SessionOptions(mode=Mode.REVIEW, seed=1), NOW)
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    s.answer(s.current, 1, elapsed=2, now=NOW)
    result = s.finish(NOW, abandoned=True)
    assert not result.completed and (result.score, result.max_score) == (1, 2)
    assert store.recorded[0]["completed"] is False


def test_finishing_normally_is_completed_and_an_exam_still_fails():
    store = FakeStore()
    s = exam(store)
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    result = s.finish(NOW)
    assert result.completed and result.passed is False and len(result.wrong) == 4
    assert store.recorded[0]["completed"] is True


def test_all_answered_or_out_of_time_counts_as_completed_even_if_left():
    store = FakeStore()
    s = exam(store, n=2)
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    assert s.finish(NOW, abandoned=True).completed
    timed = exam(store, n=3, time_limit=timedelta(minutes=1))
    timed.answer(timed.current, right(timed.current), elapsed=2, now=NOW)
    result = timed.finish(NOW + timedelta(minutes=2), abandoned=True)
    assert result.completed and result.passed is False and len(result.wrong) == 2


def test_an_exam_abandoned_before_any_answer_is_not_recorded():
    store = FakeStore()
    result = exam(store).finish(NOW, abandoned=True)
    assert not result.completed and store.recorded == []
