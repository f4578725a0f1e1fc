"""Session.drop_current: a card suspended or buried on screen leaves the running session,
and undo still takes back exactly the answers given."""

from __future__ import annotations

from test_session import NOW, FakeStore, make_bank, right

from quiz.study.session import Mode, SessionOptions, start_session

REVIEW = SessionOptions(mode=Mode.REVIEW, seed=3)


def test_dropping_the_current_question_moves_to_the_next_without_an_answer():
    s = start_session([make_bank(n=3)], FakeStore(), REVIEW, NOW)
    first, second = s.items[0], s.items[1]
    assert s.drop_current() is first
    assert s.current is second and s.position == 0 and not s.answers
    assert first.key not in {i.key for i in s.items}


def test_dropping_a_failed_cards_repeat_then_undoing_both_answers_restores_the_rest():
    s = start_session([make_bank(n=2)], FakeStore(), REVIEW, NOW)
    keys = [i.key for i in s.items]
    s.answer(s.current, 1, elapsed=3, now=NOW)  # wrong: shown again at the end
    s.answer(s.current, 1, elapsed=3, now=NOW)  # wrong too
    assert [i.reason for i in s.items[2:]] == ["again", "again"]
    s.drop_current()  # the first card's repeat
    assert [i.key for i in s.items] == [keys[0], keys[1], keys[1]]
    undone = s.undo(now=NOW)  # the second answer: its repeat goes, the first card's stays gone
    assert undone.item is s.current and s.current.key == keys[1]
    assert [i.key for i in s.items] == keys
    undone = s.undo(now=NOW)
    assert undone.item is s.current and s.current.key == keys[0]
    assert [i.key for i in s.items] == keys and not s.answers


def test_the_last_question_dropped_ends_the_session():
    s = start_session([make_bank(n=2)], FakeStore(), REVIEW, NOW)
    s.answer(s.current, right(s.current), elapsed=3, now=NOW)
    s.drop_current()
    assert s.done and s.current is None
    s.undo(now=NOW)
    assert s.current is s.items[0] and len(s.items) == 1


def test_dropping_a_card_just_answered_takes_its_repeat_away_and_undo_still_works():
    s = start_session([make_bank(n=2)], FakeStore(), REVIEW, NOW)
    key = s.current.key
    s.answer(s.current, 1, elapsed=3, now=NOW)  # wrong: shown again at the end
    assert s.drop_card(key) == 1 and len(s.items) == 2
    assert s.drop_card(key) == 0
    s.undo(now=NOW)
    assert s.current.key == key and len(s.items) == 2
