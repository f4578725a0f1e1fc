"""Study sessions over an in-memory fake store: ordering, filters, daily limits, exams, the
mistakes mode, overrides and results."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from quiz.bank.model import (
    Bank,
    Choice,
    ChoiceQuestion,
    FlashcardQuestion,
    MultiQuestion,
    OrderQuestion,
    ShortQuestion,
)
from quiz.study.days import end_of_study_day
from quiz.study.scheduler import CardState, CardStatus, Rating
from quiz.study.session import (
    Mode,
    SessionError,
    SessionOptions,
    StaleAnswer,
    WrongResponse,
    expected_seconds,
    result_to_dict,
    retry_session,
    start_session,
)
from quiz.study.store import Marks, Settings

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)


def choice(qid: str, tags: tuple[str, ...] = (), points: float = 1.0) -> ChoiceQuestion:
    return ChoiceQuestion(
        id=qid,
        prompt=f"Question {qid}?",
        choices=(Choice("right"), Choice("wrong", "Not this one."), Choice("also wrong")),
        answer=0,
        tags=tags,
        points=points,
        explanation=f"Because {qid}.",
    )


def make_bank(bank_id: str = "geo", n: int = 10) -> Bank:
    questions = tuple(choice(f"q{i}", tags=("even",) if i % 2 == 0 else ("odd",)) for i in range(n))
    return Bank(id=bank_id, title=bank_id.title(), questions=questions)


def right(item) -> int:
    """The response that answers a choice item right."""
    return item.question.answer


@dataclass
class FakeStore:
    """Just enough of ProgressStore: cards, a review log, counters per day, sessions."""

    settings: Settings = field(default_factory=Settings)
    cards: dict[str, CardState] = field(default_factory=dict)
    log: list[dict] = field(default_factory=list)
    amended: list[dict] = field(default_factory=list)
    recorded: list[dict] = field(default_factory=list)
    undone: list[dict] = field(default_factory=list)
    suspended: set[str] = field(default_factory=set)
    flagged: set[str] = field(default_factory=set)
    new_today: int = 0
    reviews_today: int = 0

    def card(self, key):
        return self.cards.get(key)

    def set_due(self, key, due):
        self.cards[key] = CardState(1, CardStatus.REVIEW, None, 5.0, 5.0, due, due - timedelta(5))

    def _schedule(self, key, rating, now):
        # Again lands on a one-minute learning step, anything else a day later.
        delay = timedelta(minutes=1) if rating == Rating.AGAIN else timedelta(days=1)
        state = CardState(1, CardStatus.LEARNING, 0, 1.0, 5.0, now + delay, now)
        self.cards[key] = state
        return state

    def record_review(
        self,
        key,
        *,
        rating,
        correct,
        response_time,
        session_id,
        now,
        update_schedule=True,
        counts_as_new=True,
        answer_id=None,
    ):
        assert now.tzinfo is not None
        self.log.append(
            dict(
                answer_id=answer_id,
                key=key,
                rating=rating,
                correct=correct,
                response_time=response_time,
                session_id=session_id,
                update_schedule=update_schedule,
                counts_as_new=counts_as_new,
            )
        )
        return self._schedule(key, rating, now) if update_schedule else self.cards.get(key)

    def amend_last_review(self, key, *, rating, correct, now):
        self.amended.append(dict(key=key, rating=rating, correct=correct))
        return self._schedule(key, rating, now)

    def undo_last_review(self, key, *, now, answer_id=None):
        self.undone.append(dict(key=key, answer_id=answer_id))
        return self.cards.get(key)

    def excluded(self, key, now):
        return key in self.suspended

    def is_flagged(self, key):
        return key in self.flagged

    def marks(self, now):
        return Marks(frozenset(self.suspended), frozenset(), frozenset(self.flagged))

    def studied(self):
        return self.cards.keys() | self.suspended | self.flagged

    def preview(self, key, now):
        return {rating: timedelta(days=int(rating)) for rating in Rating}

    def preview_amend(self, key):
        return self.preview(key, None)

    def last_correct(self, key):
        for entry in reversed(self.log):
            if entry["key"] == key:
                return entry["correct"]
        return None

    def record_session(self, result):
        self.recorded.append(result)

    def study_day(self, now):
        return now.date().isoformat()

    def end_of_study_day(self, now):
        return end_of_study_day(now, 0, UTC)

    def new_studied_on(self, day):
        return self.new_today

    def reviewed_on(self, day):
        return self.reviews_today


# --- ordering -------------------------------------------------------------------------------


def test_same_seed_same_order_and_choices():
    banks = [make_bank()]
    a = start_session(banks, None, SessionOptions(seed=7), NOW)
    b = start_session(banks, None, SessionOptions(seed=7), NOW)
    c = start_session(banks, None, SessionOptions(seed=8), NOW)
    assert [(i.key, i.order) for i in a.items] == [(i.key, i.order) for i in b.items]
    assert [(i.key, i.order) for i in a.items] != [(i.key, i.order) for i in c.items]
    assert a.id != b.id and a.seed == 7


def test_without_a_seed_one_is_drawn_and_kept():
    banks = [make_bank()]
    a = start_session(banks, None, SessionOptions(), NOW)
    again = start_session(banks, None, SessionOptions(seed=a.seed), NOW)
    assert [i.key for i in a.items] == [i.key for i in again.items]


def test_questions_and_choices_are_shuffled():
    s = start_session([make_bank(n=30)], None, SessionOptions(seed=1), NOW)
    keys = [i.key for i in s.items]
    assert sorted(keys) == sorted(f"geo/q{i}" for i in range(30)) and keys != sorted(keys)
    assert all(sorted(i.order) == [0, 1, 2] for i in s.items)
    assert len({i.order for i in s.items}) > 1


def test_order_items_never_start_solved():
    q2 = OrderQuestion(id="two", prompt="Order", items=("a", "b"))
    q1 = OrderQuestion(id="one", prompt="Order", items=("a",))
    bank = Bank(id="o", title="O", questions=(q2, q1))
    for seed in range(50):
        s = start_session([bank], None, SessionOptions(seed=seed), NOW)
        orders = {i.question.id: i.order for i in s.items}
        assert orders["two"] == (1, 0) and orders["one"] == (0,)


# --- filters and counts ---------------------------------------------------------------------


def test_tags_filter_count_and_several_banks():
    banks = [make_bank("geo", 6), make_bank("his", 6)]
    s = start_session(banks, None, SessionOptions(tags=frozenset({"even"}), seed=3), NOW)
    assert len(s.items) == 6 and all("even" in i.question.tags for i in s.items)
    assert {i.bank.id for i in s.items} == {"geo", "his"}
    assert s.banks == ("geo", "his")
    s = start_session(banks, None, SessionOptions(count=4, seed=3), NOW)
    assert len(s.items) == 4
    s = start_session(banks, None, SessionOptions(tags=frozenset({"even", "odd"})), NOW)
    assert len(s.items) == 12


def test_the_same_bank_twice_gives_each_question_once():
    bank = make_bank(n=3)
    assert len(start_session([bank, bank], None, SessionOptions(), NOW).items) == 3


@pytest.mark.parametrize(
    "options",
    [
        SessionOptions(count=-1),
        SessionOptions(mode=Mode.EXAM, time_limit=timedelta(0)),
        SessionOptions(mode=Mode.EXAM, pass_mark=120),
    ],
)
def test_bad_options_are_refused(options):
    with pytest.raises(ValueError):
        start_session([make_bank()], None, options, NOW)


def test_aware_times_in_other_zones_become_utc():
    baku = timezone(timedelta(hours=4))
    s = start_session([make_bank()], None, SessionOptions(), NOW.astimezone(baku))
    assert s.started == NOW and s.started.tzinfo is UTC


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        start_session([make_bank()], None, SessionOptions(), datetime(2025, 1, 1))
    s = start_session([make_bank()], None, SessionOptions(), NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        s.answer(s.current, 0, elapsed=1, now=datetime(2025, 1, 1))


# --- answering ------------------------------------------------------------------------------


def test_quiz_answers_are_graded_recorded_and_advance():
    store = FakeStore()
    s = start_session([make_bank(n=3)], store, SessionOptions(seed=1), NOW)
    first = s.current
    g = s.answer(s.current, right(first), elapsed=30.0, now=NOW)
    assert g.correct and s.position == 1 and s.current is not s.items[0]
    entry = store.log[0]
    assert entry["key"] == first.key and entry["correct"] and entry["session_id"] == s.id
    assert entry["update_schedule"] is True and entry["response_time"] == 30.0
    s.answer(s.current, 1, elapsed=5, now=NOW)
    assert store.log[1]["rating"] == Rating.AGAIN and not store.log[1]["correct"]
    s.answer(s.current, 0, elapsed=5, now=NOW)
    assert s.done and s.current is None
    with pytest.raises(SessionError):
        s.answer(s.current, 0, elapsed=1, now=NOW)


def test_an_answer_for_an_item_that_is_not_current_is_refused_and_not_recorded():
    store = FakeStore()
    s = start_session([make_bank(n=3)], store, SessionOptions(seed=1), NOW)
    first = s.current
    s.answer(first, right(first), elapsed=1, now=NOW)
    # A screen that already submitted, or a key typed for the question that has gone.
    with pytest.raises(StaleAnswer):
        s.answer(first, right(first), elapsed=1, now=NOW)
    # An equal item is not the item on screen: a repeat of a card is another showing.
    copy = replace(s.current)
    assert copy == s.current
    with pytest.raises(StaleAnswer):
        s.answer(copy, right(copy), elapsed=1, now=NOW)
    assert len(store.log) == 1 and s.position == 1


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (ShortQuestion(id="s", prompt="Who?", answer="Ali"), False),
        (ShortQuestion(id="s", prompt="Who?", answer="Ali"), 0),
        (choice("c"), "Paris"),
        (choice("c"), 7),
        (choice("c"), True),
        (
            MultiQuestion(
                id="m", prompt="?", choices=(Choice("a"), Choice("b")), answers=frozenset({0})
            ),
            0,
        ),
        (OrderQuestion(id="o", prompt="?", items=("a", "b")), "ab"),
        (FlashcardQuestion(id="f", prompt="Front", answer="Back"), "good"),
        (FlashcardQuestion(id="f", prompt="Front", answer="Back"), 9),
    ],
)
def test_a_response_of_the_wrong_shape_is_a_refusal_not_a_crash(question, response):
    store = FakeStore()
    s = start_session(
        [Bank(id="b", title="B", questions=(question,))], store, SessionOptions(), NOW
    )
    with pytest.raises(WrongResponse):
        s.answer(s.current, response, elapsed=1, now=NOW)
    assert store.log == [] and s.position == 0 and isinstance(WrongResponse(), SessionError)


def test_each_answer_has_an_id_of_its_session_and_position():
    store = FakeStore()
    s = start_session([make_bank(n=2)], store, SessionOptions(seed=1), NOW)
    s.answer(s.current, 1, elapsed=1, now=NOW)
    s.answer(s.current, 1, elapsed=1, now=NOW)
    assert [e["answer_id"] for e in store.log] == [f"{s.id}/0", f"{s.id}/1"]


def test_ratings_fast_slow_hint_and_typo():
    short = ShortQuestion(id="s", prompt="Who?", answer="Heydar Aliyev")
    bank = Bank(id="b", title="B", questions=(short,) * 1)
    fast = expected_seconds(short) / 2
    cases = [
        (dict(response="Heydar Aliyev", elapsed=fast), Rating.EASY),
        (dict(response="Heydar Aliyev", elapsed=expected_seconds(short) * 2), Rating.GOOD),
        (dict(response="Heydar Aliyev", elapsed=fast, hint_used=True), Rating.GOOD),
        (dict(response="Heydar Aliev", elapsed=fast), Rating.GOOD),  # typo: never Easy
        (dict(response="Ilham", elapsed=fast), Rating.AGAIN),
    ]
    for kwargs, rating in cases:
        store = FakeStore()
        s = start_session([bank], store, SessionOptions(), NOW)
        s.answer(s.current, kwargs.pop("response"), now=NOW, **kwargs)
        assert store.log[0]["rating"] == rating, kwargs
        assert s.answers[0].rating == rating


def test_flashcard_rating_goes_to_the_schedule_as_given():
    card = FlashcardQuestion(id="f", prompt="Front", answer="Back")
    for rating in Rating:
        store = FakeStore()
        s = start_session(
            [Bank(id="b", title="B", questions=(card,))], store, SessionOptions(), NOW
        )
        g = s.answer(s.current, rating, elapsed=1, now=NOW)
        assert store.log[0]["rating"] == rating and g.correct is (rating != Rating.AGAIN)


def test_no_store_means_nothing_recorded_but_everything_works():
    s = start_session([make_bank(n=2)], None, SessionOptions(seed=2), NOW)
    s.answer(s.current, right(s.current), elapsed=1, now=NOW)
    s.answer(s.current, 2, elapsed=1, now=NOW)
    result = s.finish(NOW + timedelta(minutes=1))
    assert (result.score, result.max_score, result.percent) == (1, 2, 50)


def test_expected_seconds_grows_with_what_there_is_to_read_and_type():
    short_q = ShortQuestion(id="a", prompt="Who?", answer="Ali")
    long_q = ShortQuestion(id="a", prompt="Who was it " * 20, answer="Heydar Alirza oglu Aliyev")
    assert 3 < expected_seconds(short_q) < expected_seconds(long_q) < 60
    many = MultiQuestion(
        id="m",
        prompt="Which?",
        choices=tuple(Choice(str(i)) for i in range(6)),
        answers=frozenset({0}),
    )
    assert expected_seconds(many) > expected_seconds(choice("c"))


# --- review ---------------------------------------------------------------------------------


def test_review_due_most_overdue_first_then_new_in_bank_order():
    bank = make_bank(n=6)
    store = FakeStore()
    store.set_due("geo/q4", NOW - timedelta(days=1))
    store.set_due("geo/q1", NOW - timedelta(days=3))
    store.set_due("geo/q2", NOW + timedelta(days=2))  # not due yet
    s = start_session([bank], store, SessionOptions(mode=Mode.REVIEW, seed=1), NOW)
    assert [i.question.id for i in s.items] == ["q1", "q4", "q0", "q3", "q5"]


def test_review_daily_limits_count_what_was_done_today():
    bank = make_bank(n=10)
    store = FakeStore(settings=Settings(new_per_day=5, reviews_per_day=3))
    for i in range(4):
        store.set_due(f"geo/q{i}", NOW - timedelta(hours=i + 1))
    store.new_today, store.reviews_today = 2, 1
    s = start_session([bank], store, SessionOptions(mode=Mode.REVIEW), NOW)
    ids = [i.question.id for i in s.items]
    assert ids == ["q3", "q2", "q4", "q5", "q6"]  # 3-1 reviews, 5-2 new
    store.new_today, store.reviews_today = 9, 9
    assert start_session([bank], store, SessionOptions(mode=Mode.REVIEW), NOW).done
    s = start_session([bank], FakeStore(), SessionOptions(mode=Mode.REVIEW, count=2), NOW)
    assert len(s.items) == 2


def test_review_with_tags_and_without_store():
    s = start_session(
        [make_bank(n=50)],
        None,
        SessionOptions(mode=Mode.REVIEW, tags=frozenset({"odd"})),
        NOW,
    )
    assert len(s.items) == 20 and all("odd" in i.question.tags for i in s.items)  # 20 new a day


def test_review_again_comes_back_later_in_the_session_but_scores_once():
    store = FakeStore()
    s = start_session([make_bank(n=2)], store, SessionOptions(mode=Mode.REVIEW, seed=4), NOW)
    first = s.current
    s.answer(s.current, 1, elapsed=3, now=NOW)  # wrong: a one-minute learning step
    assert len(s.items) == 3 and s.items[-1].key == first.key
    s.answer(s.current, right(s.current), elapsed=3, now=NOW)
    s.answer(s.current, right(s.current), elapsed=3, now=NOW + timedelta(minutes=2))
    assert s.done and s.answers[-1].repeat and len(store.log) == 3
    assert s.running_score == (1, 2)
    result = s.finish(NOW + timedelta(minutes=3))
    assert (result.score, result.max_score, result.answered, result.total) == (1, 2, 2, 2)
    assert [a.item.key for a in result.wrong] == [first.key]


def test_override_knew_it_takes_back_the_repeat():
    store = FakeStore()
    s = start_session([make_bank(n=2)], store, SessionOptions(mode=Mode.REVIEW, seed=4), NOW)
    s.answer(s.current, 1, elapsed=3, now=NOW)
    assert len(s.items) == 3
    s.override(True, now=NOW)
    assert len(s.items) == 2


# --- mistakes -------------------------------------------------------------------------------


def test_mistakes_mode_takes_last_wrong_and_leaves_the_schedule():
    bank = make_bank(n=5)
    store = FakeStore()
    store.log += [
        dict(key="geo/q0", correct=False),
        dict(key="geo/q1", correct=False),
        dict(key="geo/q1", correct=True),  # since answered right
        dict(key="geo/q3", correct=False),
    ]
    s = start_session([bank], store, SessionOptions(mode=Mode.MISTAKES, seed=1), NOW)
    assert sorted(i.question.id for i in s.items) == ["q0", "q3"]
    assert not s.update_schedule
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    assert store.log[-1]["update_schedule"] is False and store.cards == {}
    forced = start_session(
        [bank], store, SessionOptions(mode=Mode.MISTAKES, update_schedule=True), NOW
    )
    forced.answer(forced.current, 1, elapsed=2, now=NOW)
    assert store.log[-1]["update_schedule"] is True and store.cards


def test_mistakes_without_history_is_empty():
    s = start_session([make_bank()], None, SessionOptions(mode=Mode.MISTAKES), NOW)
    assert s.items == () and s.done and s.current is None


# --- exam -----------------------------------------------------------------------------------


def exam(store=None, n=10, **kw):
    options = SessionOptions(mode=Mode.EXAM, seed=5, **kw)
    return start_session([make_bank(n=n)], store, options, NOW)


def test_exam_time_limit_refuses_late_answers_and_counts_unanswered_as_zero():
    store = FakeStore()
    s = exam(store, n=4, time_limit=timedelta(minutes=10))
    assert not s.immediate_feedback
    assert s.time_left(NOW + timedelta(minutes=4)) == timedelta(minutes=6)
    s.answer(s.current, right(s.current), elapsed=5, now=NOW + timedelta(minutes=1))
    s.answer(s.current, right(s.current), elapsed=5, now=NOW + timedelta(minutes=9))
    with pytest.raises(SessionError, match="Time is up"):
        s.answer(s.current, right(s.current), elapsed=5, now=NOW + timedelta(minutes=10))
    assert s.time_left(NOW + timedelta(hours=1)) == timedelta(0) and len(store.log) == 2
    result = s.finish(NOW + timedelta(hours=1))
    assert (result.score, result.max_score, result.percent) == (2, 4, 50)
    assert (result.answered, result.total, result.passed, result.pass_mark) == (2, 4, False, 70)
    assert result.duration == timedelta(minutes=10)  # capped at the limit
    skipped = [a for a in result.wrong if a.skipped]
    assert len(skipped) == 2 and all(a.grade.score == 0 and a.grade.correct_answer for a in skipped)
    assert store.recorded[0]["passed"] is False and len(store.recorded[0]["wrong"]) == 2


@pytest.mark.parametrize(("right_answers", "passed"), [(7, True), (6, False)])
def test_exam_default_pass_mark_is_70(right_answers, passed):
    s = exam()
    for n in range(10):
        s.answer(s.current, right(s.current) if n < right_answers else 1, elapsed=1, now=NOW)
    assert s.finish(NOW).passed is passed


def test_exam_custom_pass_mark_and_quiz_has_no_verdict():
    s = exam(n=4, pass_mark=50)
    s.answer(s.current, right(s.current), elapsed=1, now=NOW)
    s.answer(s.current, right(s.current), elapsed=1, now=NOW)
    assert s.finish(NOW).passed is True  # 2 of 4, the two unanswered count 0
    q = start_session([make_bank(n=2)], None, SessionOptions(), NOW)
    q.answer(q.current, 1, elapsed=1, now=NOW)
    assert q.finish(NOW).passed is None


def test_exam_refuses_overrides():
    s = exam()
    s.answer(s.current, 1, elapsed=1, now=NOW)
    with pytest.raises(SessionError):
        s.override(True, now=NOW)


# --- overrides ------------------------------------------------------------------------------


def test_knew_it_reschedules_as_good_and_the_score_keeps_the_wrong_answer():
    store = FakeStore()
    s = start_session([make_bank(n=3)], store, SessionOptions(seed=1), NOW)
    s.answer(s.current, 1, elapsed=2, now=NOW)
    g = s.override(True, now=NOW)
    assert not g.correct and g.score == 0 and "knew" in g.note
    # The record keeps what was answered (wrong); only the rating changes.
    assert store.amended == [dict(key=s.items[0].key, rating=Rating.GOOD, correct=False)]
    assert s.answers[0].override == "knew" and s.answers[0].rating == Rating.GOOD
    with pytest.raises(SessionError, match="already"):
        s.override(False, now=NOW)
    result = s.finish(NOW)
    assert result.score == 0 and [a.item.key for a in result.wrong] == [s.items[0].key]


def test_guessed_reschedules_as_again_and_the_score_keeps_the_right_answer():
    store = FakeStore()
    s = start_session([make_bank(n=3)], store, SessionOptions(seed=1), NOW)
    s.answer(s.current, right(s.current), elapsed=2, now=NOW)
    g = s.override(False, now=NOW)
    assert g.correct and g.score == 1 and "guessed" in g.note
    assert store.amended[0]["rating"] == Rating.AGAIN and store.amended[0]["correct"] is True
    result = s.finish(NOW)
    assert result.score == 1 and result.wrong == ()


def test_override_only_the_last_answer_and_not_before_any():
    s = start_session([make_bank(n=3)], None, SessionOptions(seed=1), NOW)
    with pytest.raises(SessionError):
        s.override(True, now=NOW)
    s.answer(s.current, 1, elapsed=2, now=NOW)
    s.answer(s.current, 1, elapsed=2, now=NOW)
    s.override(True, now=NOW)  # applies to the second answer
    assert s.answers[0].override is None and s.answers[1].override == "knew"
    s.finish(NOW)
    with pytest.raises(SessionError):
        s.override(False, now=NOW)


# --- results --------------------------------------------------------------------------------


def test_result_by_tag_wrong_list_and_record():
    bank = Bank(
        id="mix",
        title="Mix",
        questions=(
            choice("a", tags=("geo",), points=2),
            choice("b", tags=("geo", "his")),
            MultiQuestion(
                id="m",
                prompt="Which?",
                choices=(Choice("x"), Choice("y"), Choice("z")),
                answers=frozenset({0, 1}),
                tags=("his",),
                points=2,
            ),
        ),
    )
    store = FakeStore()
    s = start_session([bank], store, SessionOptions(seed=0), NOW)
    responses = {"a": 0, "b": 1, "m": frozenset({0})}
    for _ in range(3):
        s.answer(s.current, responses[s.current.question.id], elapsed=4, now=NOW)
    result = s.finish(NOW + timedelta(seconds=95))
    assert (result.score, result.max_score) == (3, 5) and result.percent == pytest.approx(60)
    assert result.by_tag == {"geo": (2, 3), "his": (1, 3)}
    assert sorted(a.item.question.id for a in result.wrong) == ["b", "m"]  # partial is wrong too
    assert result.duration == timedelta(seconds=95)
    wrong_b = next(a for a in result.wrong if a.item.question.id == "b")
    assert wrong_b.grade.correct_answer == "right" and wrong_b.grade.explanation == "Because b."
    (record,) = store.recorded
    assert record == json.loads(json.dumps(record)) == result_to_dict(result)
    assert record["id"] == s.id and record["mode"] == "quiz" and record["banks"] == ["mix"]
    assert record["started"] == NOW.isoformat() and record["duration"] == 95
    assert (record["score"], record["max"], record["percent"]) == (3, 5, 60)
    assert (record["answered"], record["total"], record["passed"]) == (3, 3, None)
    assert sorted(record["wrong"]) == ["mix/b", "mix/m"]
    assert s.finish(NOW) is result and len(store.recorded) == 1  # finishing twice records once


def test_quiz_left_early_counts_only_answered_and_empty_is_not_recorded():
    store = FakeStore()
    s = start_session([make_bank(n=5)], store, SessionOptions(seed=1), NOW)
    s.answer(s.current, right(s.current), elapsed=1, now=NOW)
    result = s.finish(NOW)
    assert (result.score, result.max_score, result.answered, result.total) == (1, 1, 1, 5)
    assert result.wrong == ()
    with pytest.raises(SessionError):
        s.answer(s.current, 0, elapsed=1, now=NOW)
    empty = start_session([make_bank(n=5)], store, SessionOptions(seed=1), NOW)
    assert empty.finish(NOW).percent is None and len(store.recorded) == 1


def test_an_exam_worth_no_points_has_no_percentage_and_no_verdict():
    store = FakeStore()
    bank = Bank(id="zero", title="Zero", questions=(choice("a", points=0), choice("b", points=0)))
    s = start_session([bank], store, SessionOptions(mode=Mode.EXAM, seed=1), NOW)
    s.answer(s.current, right(s.current), elapsed=1, now=NOW)
    s.answer(s.current, 2, elapsed=1, now=NOW)
    result = s.finish(NOW)
    assert (result.score, result.max_score, result.percent, result.passed) == (0, 0, None, None)
    assert result.pass_mark == 70
    record = store.recorded[-1]
    assert (record["max"], record["percent"], record["passed"]) == (0, None, None)
    # An exam with no question at all: nothing to pass or fail either.
    empty = start_session([bank], store, SessionOptions(mode=Mode.EXAM, tags=frozenset({"x"})))
    assert empty.finish(NOW).passed is None


def test_retry_the_wrong_ones():
    store = FakeStore()
    s = start_session([make_bank(n=6)], store, SessionOptions(seed=1), NOW)
    for n in range(6):
        s.answer(s.current, right(s.current) if n % 2 else 2, elapsed=1, now=NOW)
    result = s.finish(NOW)
    retry = retry_session(result, store, seed=9, now=NOW)
    assert sorted(i.key for i in retry.items) == sorted(a.item.key for a in result.wrong)
    assert len(retry.items) == 3 and retry.mode is Mode.MISTAKES and not retry.update_schedule
    assert retry.banks == ("geo",) and retry.id != s.id
    retry.answer(retry.current, right(retry.current), elapsed=1, now=NOW)
    assert store.log[-1]["update_schedule"] is False
    again = retry_session(result, None, seed=9, now=NOW)
    assert [i.key for i in again.items] == [i.key for i in retry.items]


# --- against the real progress store ----------------------------------------------------------


def test_sessions_against_a_real_progress_store(tmp_path):
    from quiz.study.store import ProgressStore

    data = tmp_path / "data"
    store = ProgressStore.open(data, tz=UTC)
    bank = make_bank(n=4)
    quiz = start_session([bank], store, SessionOptions(seed=1), NOW)
    wrong_key = quiz.current.key
    quiz.answer(quiz.current, 1, elapsed=6, now=NOW)
    for n in range(3):
        quiz.answer(
            quiz.current, right(quiz.current), elapsed=40, now=NOW + timedelta(minutes=n + 1)
        )
    result = quiz.finish(NOW + timedelta(minutes=5))

    # Cram over the mistake: recorded, schedule untouched, override amends without rescheduling.
    before = store.card(wrong_key)
    cram = start_session(
        [bank], store, SessionOptions(mode=Mode.MISTAKES), NOW + timedelta(hours=1)
    )
    assert [i.key for i in cram.items] == [wrong_key]
    cram.answer(cram.current, right(cram.current), elapsed=3, now=NOW + timedelta(hours=1))
    cram.override(False, now=NOW + timedelta(hours=1))
    cram.finish(NOW + timedelta(hours=1, minutes=1))
    assert store.card(wrong_key) == before

    reopened = ProgressStore.open(data, tz=UTC)
    reviews = reopened.reviews()
    assert [r.session_id for r in reviews] == [quiz.id] * 4 + [cram.id]
    assert [r.scheduled for r in reviews] == [True] * 4 + [False]
    assert reviews[0].rating == Rating.AGAIN and reviews[1].rating == Rating.GOOD
    # "I guessed": rated Again, and recorded as answered (right).
    assert reviews[-1].rating == Rating.AGAIN and reviews[-1].correct
    assert reopened.last_correct(wrong_key) is True
    sessions = reopened.sessions()
    assert [s["mode"] for s in sessions] == ["quiz", "mistakes"]
    assert sessions[0] == result_to_dict(result) and sessions[0]["wrong"] == [wrong_key]
    doc = json.loads((data / "progress.json").read_text(encoding="utf-8"))
    assert set(doc["cards"]) == {f"geo/q{i}" for i in range(4)}


def test_review_sessions_against_a_real_progress_store(tmp_path):
    from quiz.study.store import ProgressStore

    store = ProgressStore.open(tmp_path / "data", tz=UTC)
    bank = make_bank(n=3)
    first = start_session([bank], store, SessionOptions(mode=Mode.REVIEW), NOW)
    assert [i.question.id for i in first.items] == ["q0", "q1", "q2"]  # new, in bank order
    moment = NOW
    while not first.done:  # learning steps come back until each card graduates
        moment += timedelta(minutes=11)
        first.answer(first.current, right(first.current), elapsed=60, now=moment)
    assert len(first.items) > 3 and all(a.rating == Rating.GOOD for a in first.answers)
    result = first.finish(moment)
    assert (result.score, result.answered, result.total) == (3, 3, 3)
    assert all(store.card(f"geo/q{i}").due > moment + timedelta(hours=12) for i in range(3))
    assert start_session([bank], store, SessionOptions(mode=Mode.REVIEW), moment).done
    later = moment + timedelta(days=60)
    due = start_session([bank], store, SessionOptions(mode=Mode.REVIEW), later)
    assert sorted(i.question.id for i in due.items) == ["q0", "q1", "q2"]
    dues = [store.card(i.key).due for i in due.items]
    assert dues == sorted(dues)


def test_result_names_stay_importable_from_session():
    import quiz.study.results as results
    import quiz.study.session as session

    assert session.SessionResult is results.SessionResult
    assert session.result_to_dict is results.result_to_dict
