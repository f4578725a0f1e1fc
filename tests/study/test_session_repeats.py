"""Review sessions showing cards again: why (Item.reason), and at most MAX_SHOWS times."""

from __future__ import annotations

from datetime import UTC, timedelta

from test_session import NOW, FakeStore, make_bank, right

from quiz.bank.model import Bank, FlashcardQuestion
from quiz.study.scheduler import Rating
from quiz.study.session import MAX_SHOWS, Mode, SessionOptions, start_session

REVIEW = SessionOptions(mode=Mode.REVIEW, seed=3)


def test_a_card_failed_again_and_again_is_shown_at_most_max_shows_times():
    store = FakeStore()
    s = start_session([make_bank(n=2)], store, REVIEW, NOW)
    moment = NOW
    while not s.done:
        moment += timedelta(minutes=2)
        s.answer(s.current, 1, elapsed=3, now=moment)  # always wrong: a one-minute step every time
    assert len(s.answers) == 2 * MAX_SHOWS == 6
    assert store.card("geo/q0").due <= moment  # still due: it waits for the next session
    later = start_session([make_bank(n=2)], store, REVIEW, moment + timedelta(minutes=2))
    assert {i.key for i in later.items} == {"geo/q0", "geo/q1"}


def test_a_failed_card_comes_back_as_again_and_counts_in_again_left():
    store = FakeStore()
    s = start_session([make_bank(n=3)], store, REVIEW, NOW)
    assert all(i.reason is None for i in s.items) and s.again_left == 0
    s.answer(s.current, 1, elapsed=3, now=NOW)
    assert s.items[-1].reason == "again" and s.again_left == 1
    s.answer(s.current, right(s.current), elapsed=3, now=NOW)  # right: a day later, no re-show
    assert len(s.items) == 4 and s.again_left == 1


def test_knew_it_turns_the_again_into_at_most_a_step():
    store = FakeStore()
    s = start_session([make_bank(n=2)], store, REVIEW, NOW)
    s.answer(s.current, 1, elapsed=3, now=NOW)
    s.override(True, now=NOW)
    assert len(s.items) == 2 and s.again_left == 0


def test_a_flashcard_rated_good_is_a_step_not_an_again(tmp_path):
    from quiz.study.store import ProgressStore, Settings

    store = ProgressStore.open(tmp_path, defaults=Settings(enable_fuzzing=False), tz=UTC)
    card = FlashcardQuestion(id="c", prompt="Front", answer="Back")
    bank = Bank(id="cards", title="Cards", questions=(card,))
    s = start_session([bank], store, REVIEW, NOW)
    s.answer(
        s.current, Rating.GOOD, elapsed=3, now=NOW
    )  # a new card's next learning step: 10 minutes
    assert len(s.items) == 2 and s.items[-1].reason == "step" and s.again_left == 0
    s.answer(s.current, Rating.AGAIN, elapsed=3, now=NOW + timedelta(minutes=11))
    assert s.items[-1].reason == "again" and s.again_left == 1


def test_the_counts_follow_every_change_to_the_list():
    # question_count and again_left are counted once per list and position: through
    # answers, repeats, overrides, undos and dropped cards they are what counting gives.
    import random

    rng = random.Random(7)
    store = FakeStore()
    s = start_session([make_bank(n=6)], store, REVIEW, NOW)
    moment = NOW

    def counted() -> tuple[int, int]:
        distinct = len({i.key for i in s.items})
        return distinct, sum(1 for i in s.items[s.position :] if i.reason == "again")

    assert (s.question_count, s.again_left) == counted() == (6, 0)
    for _ in range(60):
        if s.done:
            break
        moment += timedelta(minutes=2)
        step = rng.random()
        if step < 0.55:
            s.answer(s.current, rng.choice([1, right(s.current)]), elapsed=3, now=moment)
        elif step < 0.7 and s.answers:
            s.override(rng.random() < 0.5, now=moment)
        elif step < 0.85 and s.answers:
            s.undo(now=moment)
        elif step < 0.95:
            s.drop_card(s.current.key)
        else:
            s.drop_current()
        assert (s.question_count, s.again_left) == counted()
