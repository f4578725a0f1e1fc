"""Choosing what a session shows: which questions (filters, the review queue with its daily
limits), in which order of choices, and how long a confident answer should take.

Separate from ``quiz.study.session`` so the session model stays readable; everything random takes
the session's seeded ``random.Random``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import permutations

from quiz.bank.model import (
    Bank,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
)
from quiz.records import Record, record
from quiz.study.days import is_due
from quiz.study.store import ProgressStore, Settings
from quiz.words import format_number


def eligible(banks: Iterable[Bank], tags: frozenset[str]) -> list[tuple[Bank, Question]]:
    """Every question with any of ``tags`` (all without tags), in bank order, each key once."""
    banks = list(banks)
    if len(banks) == 1 and not tags and banks[0].has_unique_ids:
        return [(banks[0], question) for question in banks[0].questions]
    seen: set[str] = set()
    found: list[tuple[Bank, Question]] = []
    for bank in banks:
        for question in bank.questions:
            key = bank.key(question)
            if key in seen or (tags and not tags.intersection(question.tags)):
                continue
            seen.add(key)
            found.append((bank, question))
    return found


@record
class ReviewToday(Record):
    """What a review session started now would offer (the same rules as ``review_queue``)."""

    due: int  # due cards it would show, within what is left of today's review limit
    new: int  # new cards it would introduce, within what is left of today's new-card limit
    held_back: int  # due or new cards that today's limits leave for another day
    next_due: datetime | None  # the earliest due time of a card that is not due yet


def _limits_left(store: ProgressStore | None, now: datetime) -> tuple[int, int]:
    """(reviews, new cards) still allowed today."""
    settings = store.settings if store is not None else Settings()
    new_left = settings.new_per_day
    reviews_left = settings.reviews_per_day
    if store is not None:
        today = store.study_day(now)
        new_left -= store.new_studied_on(today)
        reviews_left -= store.reviewed_on(today)
    return max(0, reviews_left), max(0, new_left)


def _due_and_new(
    candidates: list[tuple[Bank, Question]], store: ProgressStore | None, now: datetime
) -> tuple[list[tuple[Bank, Question]], list[tuple[Bank, Question]], datetime | None]:
    """The due cards (most overdue first, ties in bank order), the new ones (bank order) and
    the earliest due time of the rest."""
    due: list[tuple[datetime, int, tuple[Bank, Question]]] = []
    new: list[tuple[Bank, Question]] = []
    later: datetime | None = None
    if store is None:
        return [], list(candidates), None
    day_end = store.end_of_study_day(now)
    marks = store.marks(now)
    studied = store.studied()
    for n, (bank, question) in enumerate(candidates):
        key = bank.key(question)
        if key not in studied:
            new.append((bank, question))  # no progress, so no mark either
            continue
        if marks.excluded(key):
            continue  # suspended, or buried today: not offered, so not counted
        card = store.card(key)
        if card is None:
            new.append((bank, question))
        elif is_due(card, now, day_end):
            due.append((card.due, n, (bank, question)))
        elif later is None or card.due < later:
            later = card.due
    due.sort(key=lambda d: (d[0], d[1]))
    return [d[2] for d in due], new, later


@dataclass(slots=True)
class _Tally:
    """Due and new cards counted (before today's limits), and the earliest due time of the
    rest: what ``_due_and_new`` finds, as numbers that add up across banks."""

    due: int = 0
    new: int = 0
    later: datetime | None = None

    def add(self, other: _Tally) -> None:
        self.due += other.due
        self.new += other.new
        if other.later is not None and (self.later is None or other.later < self.later):
            self.later = other.later


def _tally(
    candidates: list[tuple[Bank, Question]], store: ProgressStore | None, now: datetime
) -> _Tally:
    due, new, later = _due_and_new(candidates, store, now)
    return _Tally(len(due), len(new), later)


def review_queue(
    candidates: list[tuple[Bank, Question]], store: ProgressStore | None, now: datetime
) -> list[tuple[Bank, Question]]:
    """Due cards first (capped at today's review limit), then new ones (capped at today's
    new-card limit)."""
    due, new, _ = _due_and_new(candidates, store, now)
    reviews_left, new_left = _limits_left(store, now)
    return due[:reviews_left] + new[:new_left]


def review_today(
    banks: Iterable[Bank],
    store: ProgressStore | None,
    now: datetime,
    tags: frozenset[str] = frozenset(),
) -> ReviewToday:
    """What a review of ``banks`` would offer now, counted without building a session: the
    numbers a home screen shows as "today"."""
    return _offered(_tally(eligible(banks, tags), store, now), store, now)


def review_today_each(
    banks: list[Bank],
    store: ProgressStore | None,
    now: datetime,
    tags: frozenset[str] = frozenset(),
) -> tuple[list[ReviewToday], ReviewToday]:
    """``review_today`` of each bank alone, and of all of them together, in one pass over
    their questions where it can be: a key names its bank, so banks with different ids share
    no card and the whole is the sum of its parts (two copies of one bank are counted
    together again, each card once)."""
    tallies = [_tally(eligible([bank], tags), store, now) for bank in banks]
    if len({bank.id for bank in banks}) == len(banks):
        whole = _Tally()
        for tally in tallies:
            whole.add(tally)
    else:
        whole = _tally(eligible(banks, tags), store, now)
    return [_offered(t, store, now) for t in tallies], _offered(whole, store, now)


def _offered(tally: _Tally, store: ProgressStore | None, now: datetime) -> ReviewToday:
    reviews_left, new_left = _limits_left(store, now)
    offered_due, offered_new = min(tally.due, reviews_left), min(tally.new, new_left)
    return ReviewToday(
        due=offered_due,
        new=offered_new,
        held_back=tally.due - offered_due + tally.new - offered_new,
        next_due=tally.later,
    )


def display_order(question: Question, rng: random.Random) -> tuple[int, ...]:
    """The shuffled order an item is shown in (see ``Item.order``)."""
    match question:
        case ChoiceQuestion() | MultiQuestion():
            return _shuffled(len(question.choices), rng)
        case MatchQuestion():
            return _shuffled(len(question.pairs), rng)
        case OrderQuestion():
            n = len(question.items)
            if n < 2:
                return tuple(range(n))
            # Never start in the right order: that would hand out the answer.
            while True:
                order = _shuffled(n, rng)
                if order != tuple(range(n)):
                    return order
    return ()


def _shuffled(n: int, rng: random.Random) -> tuple[int, ...]:
    # One draw from the table of every order (as uniform as a shuffle): a session over
    # 10,000 questions shuffles them all as it starts, and a shuffle draws n - 1 times.
    if n <= _TABLED:
        orders = _orders(n)
        return orders[rng.randrange(len(orders))]
    order = list(range(n))
    rng.shuffle(order)
    return tuple(order)


_TABLED = 6  # up to 720 orders


@cache
def _orders(n: int) -> tuple[tuple[int, ...], ...]:
    return tuple(permutations(range(n)))


# --- timing and results ----------------------------------------------------------------------

READING_WORDS_PER_SECOND = 3.5  # about 210 words a minute: careful reading
TYPING_SECONDS_PER_CHAR = 0.4  # about 150 characters a minute, thinking included
BASE_SECONDS = 3.0  # take in the screen and press a key


def _words(*texts: str) -> float:
    return sum(len(t.split()) for t in texts) / READING_WORDS_PER_SECOND


def expected_seconds(question: Question) -> float:
    """How long a learner who knows the answer well needs for ``question``; answering faster
    (without a hint) is rated Easy. It is ``BASE_SECONDS`` plus reading the prompt, plus per type:
    reading the options (multi: and one second per option to weigh it), typing the answer
    (short, numeric, cloze), 2.5 seconds per match pair and 2 per order item with their texts
    read. Flashcards are self-rated, so the figure only matters to callers that want it."""
    prompt = question.prompt
    if isinstance(question, ClozeQuestion):
        prompt = question.display_prompt()
    seconds = BASE_SECONDS + _words(prompt)
    match question:
        case ChoiceQuestion():
            seconds += _words(*(c.text for c in question.choices))
        case MultiQuestion():
            seconds += _words(*(c.text for c in question.choices)) + len(question.choices)
        case ShortQuestion():
            seconds += TYPING_SECONDS_PER_CHAR * len(question.answer)
        case NumericQuestion():
            seconds += TYPING_SECONDS_PER_CHAR * len(format_number(question.answer))
        case ClozeQuestion():
            seconds += TYPING_SECONDS_PER_CHAR * sum(len(b[0]) for b in question.blanks)
        case MatchQuestion():
            seconds += 2.5 * len(question.pairs) + _words(*question.lefts, *question.rights)
        case OrderQuestion():
            seconds += 2.0 * len(question.items) + _words(*question.items)
        case FlashcardQuestion():
            seconds += _words(question.answer)
    return seconds
