"""Study sessions: review (spaced repetition), quiz, exam and mistakes, one model for all.

``start_session`` picks and orders the questions, ``Session.answer`` grades and records each
answer for the item it was given for (the store saves at once; a stale item or a response of
the wrong shape is refused with a ``SessionError``), ``Session.finish`` sums up a
``SessionResult`` and records it (how answers sum up lives in ``quiz.study.results``; its
names are importable from here too).

Rules worth knowing:
- Order is reproducible: everything random (question order, choice order, the scrambled start
  of an ``order`` question) comes from ``random.Random(seed)``; without a seed one is drawn and
  kept in ``Session.seed``.
- review: due cards first (most overdue first, capped at ``reviews_per_day`` minus today's
  reviews), then new cards in bank order (capped at ``new_per_day`` minus today's new cards).
  A card answered so that it is due again within ``LEARN_AHEAD`` (a learning step, e.g. after
  Again) comes back at the end of the session, as in Anki; such repeats are recorded for the
  schedule but only the first answer to a question counts for the score. A re-shown item says
  why in ``Item.reason``: "again" after a failed answer (rated Again), "step" when a right
  answer's next learning step (e.g. 10 minutes for a new card rated Good) falls within the
  session; the UI's "N again" counts only the former (``Session.again_left``).
- A card is shown at most ``MAX_SHOWS`` times in one session (first showing included): a
  learner who keeps failing a card is not held in the session by it. After that its relearning
  step is still due, and it waits for the next review session.
- quiz and exam: every matching question (or ``count`` of them), shuffled; their answers update
  the schedule, since they are real recall, but a new card first answered there does not use
  up review's daily new-card limit (the learner chose that practice; see ``DayCounts``).
- mistakes: the questions whose last answer was wrong; a cram mode that records answers
  without touching the schedule unless ``update_schedule``.
- exam: after the time limit ``answer`` raises ``SessionError`` (the UI then calls ``finish``),
  except for the answer on screen when the time ran out (``time_up=True``), which counts;
  unanswered questions score 0 out of their points and are listed among the wrong answers with
  ``Answer.skipped`` set. ``pass_mark`` defaults to 70 percent. Overrides are refused in an exam:
  its score is what was answered.
- override: the learner's word on the last answer changes its schedule, never its score (the
  score reports what was answered): "I knew it" reschedules it as Good, "I guessed" as Again
  (a guess is no recall). Once per answer, only the most recent one; see docs/studying.md.
- undo: ``Session.undo`` takes back the last answer in any mode (an exam while its time runs):
  the record keeps an undo event, the card gets its schedule from before, and the question
  is current again; again and again, back to the session's first answer.
- Suspended cards are in no session; buried ones in none until the next study day. Options
  may narrow a session to given keys (``SessionOptions.keys``) or the flagged cards.
- In quiz, review and mistakes modes a session ended early counts only the answered questions;
  a session with nothing answered is not recorded (an exam always is, unless abandoned).
- Abandoned (``finish(abandoned=True)``: the learner left with Escape or quit): the result is
  recorded with ``completed`` False, so the history can say "left early". An abandoned exam
  counts only what was answered, lists no unanswered question as wrong and has no verdict
  (``passed`` None). A session whose every question was answered, or an exam whose time ran
  out, is complete however it was left.
- Every ``now`` is injectable and must be timezone-aware; naive datetimes raise ``ValueError``.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import cast

from quiz.bank.model import Bank, FlashcardQuestion, Question
from quiz.records import Record, record
from quiz.study.grading import Grade, Response, grade, unanswered
from quiz.study.results import SessionResult, result_to_dict, summarise, weakest_tag
from quiz.study.scheduler import CardState, Rating, rating_for, utc_or_now
from quiz.study.selection import display_order, eligible, expected_seconds, review_queue
from quiz.study.store import ProgressStore
from quiz.study.types import DEFAULT_PASS_MARK, Answer, Item, Mode, SessionOptions

__all__ = [
    "DEFAULT_PASS_MARK",
    "Answer",
    "Item",
    "Mode",
    "Session",
    "SessionError",
    "SessionOptions",
    "SessionResult",
    "StaleAnswer",
    "Undone",
    "WrongResponse",
    "expected_seconds",
    "result_to_dict",
    "retry_session",
    "start_session",
    "study_weakest_tag",
    "weakest_tag",
]

# A card due again within this long (a learning step) is shown again in the same review session.
LEARN_AHEAD = timedelta(minutes=20)
# At most this many showings of one card per session (the first included); see the docstring.
MAX_SHOWS = 3

# The score counts what was answered; the learner's word changes only the schedule.
KNEW_NOTE = "you said you knew it: scheduled as remembered (the score counts the answer given)"
GUESSED_NOTE = "you said you guessed: scheduled to come back soon (the score counts it right)"


class SessionError(Exception):
    """What a session cannot do now (time is up, nothing left, already overridden); ``str()`` is
    a message for the learner."""


class StaleAnswer(SessionError):
    """An answer for an item that is not the current one (a screen that has already submitted,
    or a key typed for a question that has gone): it is not graded or recorded."""


class WrongResponse(SessionError):
    """A response of the wrong shape for the question (e.g. a bool for a typed answer): a bug
    in the caller, refused without grading or recording anything."""


@dataclass
class Session:
    id: str
    options: SessionOptions
    items: tuple[Item, ...]
    store: ProgressStore | None
    started: datetime
    answers: list[Answer] = field(default_factory=list)
    seed: int = 0
    banks: tuple[str, ...] = ()  # ids of the banks the session was started from
    result: SessionResult | None = None  # set by finish()
    rng: random.Random = field(default_factory=random.Random, repr=False)
    # Per answer, in step with ``answers``: the id it was recorded under, and whether it
    # put its card back at the end of the session (what an undo or override takes back).
    _given: list[_Given] = field(default_factory=list, repr=False)
    # Answers recorded so far, undone ones included: each answer gets a new id from it, so
    # an answer given again after an undo is never mistaken for a retry of the first.
    _recorded: int = field(default=0, repr=False)
    _overridable: bool = field(default=False, repr=False)
    # (items, position, questions, again) as last counted: see ``question_count``.
    _counted: tuple[tuple[Item, ...] | None, int, int, int] = field(
        default=(None, -1, 0, 0), repr=False, compare=False
    )

    @property
    def mode(self) -> Mode:
        return self.options.mode

    @property
    def update_schedule(self) -> bool:
        if self.options.update_schedule is not None:
            return self.options.update_schedule
        return self.options.mode is not Mode.MISTAKES

    @property
    def immediate_feedback(self) -> bool:
        """Whether the UI shows each grade at once (an exam shows them only at the end)."""
        return self.options.mode is not Mode.EXAM

    @property
    def pass_mark(self) -> float | None:
        if self.options.pass_mark is not None:
            return self.options.pass_mark
        return DEFAULT_PASS_MARK if self.options.mode is Mode.EXAM else None

    @property
    def position(self) -> int:
        """How many items have been answered (the index of the current one)."""
        return len(self.answers)

    @property
    def done(self) -> bool:
        return self.result is not None or self.position >= len(self.items)

    @property
    def running_score(self) -> tuple[float, float]:
        """(score, max) of the answers so far; learning-step repeats do not count."""
        counted = [a.grade for a in self.answers if not a.repeat]
        return sum(g.score for g in counted), sum(g.points for g in counted)

    @property
    def question_count(self) -> int:
        """How many questions the session shows: its first showings (a card shown again, a
        review's repeat, has a reason; the first showings are of distinct questions)."""
        return self._counts()[0]

    @property
    def again_left(self) -> int:
        """Items still to come that are shown again because an answer failed ("again")."""
        return self._counts()[1]

    def _counts(self) -> tuple[int, int]:
        # Counted once per list and position, not on every call: the status line and the
        # feedback ask several times per answer, and a 10,000-card session is a long list.
        # ``items`` is a tuple the session replaces whenever it changes (a repeat added, a
        # card dropped), so the tuple itself says whether the counts still hold.
        items, position, questions, again = self._counted
        if items is not self.items:
            items, position = self.items, -1
            questions = sum(1 for item in items if item.reason is None)
        if position != self.position:
            position = self.position
            again = sum(1 for item in items[position:] if item.reason == "again")
        self._counted = (items, position, questions, again)
        return questions, again

    @property
    def current(self) -> Item | None:
        return None if self.done else self.items[self.position]

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        if self.options.time_limit is None:
            return None
        left = self.started + self.options.time_limit - utc_or_now(now)
        return max(left, timedelta(0))

    def out_of_time(self, now: datetime | None = None) -> bool:
        left = self.time_left(now)
        return left is not None and left <= timedelta(0)

    def answer(
        self,
        item: Item,
        response: Response,
        *,
        elapsed: float,
        hint_used: bool = False,
        now: datetime | None = None,
        time_up: bool = False,
    ) -> Grade:
        """Grade ``item``'s answer, record it (saved at once) and move to the next item.
        ``item`` must be the current one (the one the learner was shown): any other is refused
        with ``StaleAnswer``, so an answer can never land on a question it was not given for.
        A response of the wrong shape is refused with ``WrongResponse``. ``time_up``: the
        answer that stood on screen when an exam's time ran out, accepted (as given at the
        end of the time) although the time is up."""
        now = utc_or_now(now)
        current = self._current_or_raise()
        if item is not current:
            # Identity, not equality: a repeat of a card is an equal but different showing.
            raise StaleAnswer("That answer was for a question no longer on screen: not recorded.")
        if self.out_of_time(now):
            if not time_up:
                raise SessionError("Time is up: the exam accepts no more answers.")
            assert self.options.time_limit is not None
            now = self.started + self.options.time_limit
        elapsed = max(0.0, float(elapsed))
        # Without undos, "<session>/<position>" as always.
        answer_id = f"{self.id}/{self._recorded}"
        try:
            graded = grade(item.question, response)
        except (TypeError, ValueError) as error:
            raise WrongResponse(f"That answer cannot be graded: {error}") from error
        if isinstance(item.question, FlashcardQuestion):
            rating = Rating(cast("int", response))  # graded above: a valid Rating
        else:
            # A typo is right but not a perfect recall: never rated Easy.
            rating = rating_for(
                graded.correct, elapsed, hint_used or graded.typo, expected_seconds(item.question)
            )
        state = None
        if self.store is not None:
            state = self.store.record_review(
                item.key,
                rating=rating,
                correct=graded.correct,
                response_time=elapsed,
                session_id=self.id,
                now=now,
                update_schedule=self.update_schedule,
                counts_as_new=self.options.mode is Mode.REVIEW,
                # Names this answer, so a retry after a failed save never counts it twice.
                answer_id=answer_id,
            )
        self._recorded += 1
        repeat = any(a.item.key == item.key for a in self.answers)
        self.answers.append(Answer(item, graded, elapsed, hint_used, rating=rating, repeat=repeat))
        requeued = self._requeue_if_learning(item, state, rating, now)
        again = self.items[-1] if requeued else None
        self._given.append(_Given(answer_id if self.store is not None else None, again))
        self._overridable = True
        return graded

    def override(self, knew_it: bool, now: datetime | None = None) -> Grade:
        """Once per answer, the learner's word on the last one, for the schedule only: "I
        knew it" (``knew_it``) reschedules it as Good, "I guessed" as Again. The score keeps
        what was answered (see ``docs/studying.md``); the grade gains a note saying so."""
        now = utc_or_now(now)
        if self.result is not None:
            raise SessionError("The session has finished; its answers can no longer change.")
        if self.options.mode is Mode.EXAM:
            raise SessionError("An exam's answers count as given: they cannot be overridden.")
        if not self.answers:
            raise SessionError("There is no answer to override yet.")
        last = self.answers[-1]
        if last.override is not None:
            raise SessionError("This answer has already been overridden once.")
        if not self._overridable:
            raise SessionError("That answer was taken back: answer the question again first.")
        old = last.grade
        rating, note = (Rating.GOOD, KNEW_NOTE) if knew_it else (Rating.AGAIN, GUESSED_NOTE)
        new = replace(old, note="; ".join(n for n in (old.note, note) if n))
        state = None
        if self.store is not None:
            state = self.store.amend_last_review(
                last.item.key, rating=rating, correct=old.correct, now=now
            )
        self.answers[-1] = replace(
            last, grade=new, rating=rating, override="knew" if knew_it else "guessed"
        )
        self._take_back_repeat(self._given[-1])
        requeued = self._requeue_if_learning(last.item, state, rating, now)
        self._given[-1] = replace(self._given[-1], again=self.items[-1] if requeued else None)
        return new

    def undo(self, now: datetime | None = None) -> Undone:
        """Take back the last answer: the store records an undo (nothing is deleted) and puts
        the card back on its schedule from before, the score and counts forget the answer,
        and the question answered becomes the current one again, shown as it was. Called
        again, it goes back one more answer, to the first of the session. Works in every
        mode; an exam only while its time runs. ``SessionError`` when there is nothing to
        take back; a failed save raises ``ProgressError`` and changes nothing."""
        now = utc_or_now(now)
        if self.result is not None:
            raise SessionError("The session has finished; its answers can no longer change.")
        if not self.answers:
            raise SessionError("There is no answer to take back in this session.")
        if self.out_of_time(now):
            raise SessionError("Time is up: the exam's answers count as given.")
        last, given = self.answers[-1], self._given[-1]
        if self.store is not None and given.answer_id is not None:
            self.store.undo_last_review(last.item.key, now=now, answer_id=given.answer_id)
        self._take_back_repeat(given)
        self.answers.pop()
        self._given.pop()
        # The answer before is another question's: nothing to override until this one is
        # answered again.
        self._overridable = False
        current = self.items[self.position]
        assert current is last.item
        return Undone(item=current, answer=last, position=self.position)

    def preview(self, now: datetime | None = None) -> dict[Rating, timedelta] | None:
        """When the current question would come back for each rating given now (what the
        flashcard grade keys show); None when this session does not change the schedule.
        Format each with ``quiz.study.scheduler.format_interval``."""
        item = self.current
        if item is None or self.store is None or not self.update_schedule:
            return None
        return self.store.preview(item.key, utc_or_now(now))

    def override_preview(self) -> dict[Rating, timedelta] | None:
        """The same for the answer just given, from when it was given: the feedback screen's
        "I knew it" is ``[Rating.GOOD]``, "I guessed" ``[Rating.AGAIN]``. None when it cannot
        be overridden (exam, nothing answered, not scheduled)."""
        if (
            self.store is None
            or not self.answers
            or not self.update_schedule
            or self.options.mode is Mode.EXAM
            or not self._overridable
        ):
            return None
        return self.store.preview_amend(self.answers[-1].item.key)

    def finish(
        self, now: datetime | None = None, *, abandoned: bool = False, interrupted: bool = False
    ) -> SessionResult:
        """End the session (also when left early or out of time) and record its result.
        ``abandoned``: the learner left before the end (see the module docstring).
        ``interrupted``: the app stopped on an error; abandoned, and marked so in the record.
        Calling it again returns the same result without recording it twice."""
        if self.result is not None:
            return self.result
        now = utc_or_now(now)
        abandoned = abandoned or interrupted
        exam = self.options.mode is Mode.EXAM
        completed = (
            not abandoned or self.position >= len(self.items) or (exam and self.out_of_time(now))
        )
        scored = [a for a in self.answers if not a.repeat]
        answered_keys = {a.item.key for a in scored}
        distinct: dict[str, Item] = {}
        for item in self.items:
            distinct.setdefault(item.key, item)
        if exam and completed:
            scored += [
                Answer(item, unanswered(item.question), 0.0, False, skipped=True)
                for key, item in distinct.items()
                if key not in answered_keys
            ]
        duration = max(now - self.started, timedelta(0))
        if self.options.time_limit is not None:
            duration = min(duration, self.options.time_limit)
        self.result = summarise(
            scored,
            session_id=self.id,
            mode=self.options.mode,
            banks=self.banks,
            started=self.started,
            duration=duration,
            answered=len(answered_keys),
            total=len(distinct),
            pass_mark=self.pass_mark if exam else None,
            completed=completed,
        )
        if self.store is not None and (self.result.answered or (exam and completed and distinct)):
            record = result_to_dict(self.result)
            if interrupted:
                record["interrupted"] = True
            self.store.record_session(record)
        return self.result

    def drop_current(self) -> Item:
        """Take the current question (and any later showing of the same card) out of this
        session, unanswered: the learner suspended or buried it. Nothing is recorded; the next
        question becomes the current one. An undo afterwards still takes back the answer before
        it (the dropped card is not shown again by it)."""
        item = self._current_or_raise()
        self.drop_card(item.key)
        return item

    def drop_card(self, key: str) -> int:
        """Take every showing of the card ``key`` still to come out of this session (the
        current one included); how many went. Suspending or burying the card just answered
        takes its repeats away, so the feedback screen uses it too."""
        position = self.position
        to_come = self.items[position:]
        gone = {id(i) for i in to_come if i.key == key}
        if not gone:
            return 0
        # A dropped repeat of an earlier answer is no longer there for its undo to take away.
        self._given = [
            replace(g, again=None) if g.again is not None and id(g.again) in gone else g
            for g in self._given
        ]
        self.items = self.items[:position] + tuple(i for i in to_come if id(i) not in gone)
        return len(gone)

    def _take_back_repeat(self, given: _Given) -> None:
        """Remove the showing again that ``given`` put at the end of the session, if any."""
        if given.again is not None:
            self.items = tuple(i for i in self.items if i is not given.again)

    def _current_or_raise(self) -> Item:
        if self.result is not None:
            raise SessionError("The session has finished.")
        item = self.current
        if item is None:
            raise SessionError("There is no question left in this session.")
        return item

    def _requeue_if_learning(
        self, item: Item, state: CardState | None, rating: Rating, now: datetime
    ) -> bool:
        if self.options.mode is not Mode.REVIEW or state is None or not self.update_schedule:
            return False
        if state.due > now + LEARN_AHEAD:
            return False
        if sum(1 for shown in self.items if shown.key == item.key) >= MAX_SHOWS:
            return False
        reason = "again" if rating == Rating.AGAIN else "step"
        again = Item(item.bank, item.question, display_order(item.question, self.rng), reason)
        self.items = (*self.items, again)
        return True


@record
class _Given(Record):
    answer_id: str | None
    # The showing again this answer put at the end of the session (a learning step), if any.
    again: Item | None


@record
class Undone(Record):
    """What ``Session.undo`` took back: ``item`` is the session's current item again (the very
    object ``Session.answer`` expects, in the order it was shown), ``answer`` the answer that
    was given to it, ``position`` its index (``Session.position`` now)."""

    item: Item
    answer: Answer
    position: int


# --- starting sessions ----------------------------------------------------------------------


def start_session(
    banks: list[Bank],
    store: ProgressStore | None,
    options: SessionOptions,
    now: datetime | None = None,
) -> Session:
    """A new session over ``banks`` (``store`` None: nothing is read or recorded). A session
    with nothing to study (no due cards, no mistakes) has no items and is ``done`` at once."""
    now = utc_or_now(now)
    _check_options(options)
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    candidates = _studiable(eligible(banks, options.tags), store, options, now)
    mode = options.mode
    if mode is Mode.REVIEW:
        chosen = review_queue(candidates, store, now)
    else:
        if mode is Mode.MISTAKES:
            candidates = [
                (b, q) for b, q in candidates if store and store.last_correct(b.key(q)) is False
            ]
        chosen = list(candidates)
        rng.shuffle(chosen)
    if options.count is not None:
        chosen = chosen[: options.count]
    bank_ids = tuple(dict.fromkeys(b.id for b in banks))
    return _new_session(chosen, store, options, now, seed, rng, bank_ids)


def retry_session(
    result: SessionResult,
    store: ProgressStore | None,
    seed: int | None = None,
    now: datetime | None = None,
    *,
    update_schedule: bool | None = None,
) -> Session:
    """Practise the questions a finished session got wrong (also an exam's unanswered ones),
    freshly shuffled. It is a mistakes-mode session: it leaves the schedule alone unless
    ``update_schedule`` is True, since the learner has just seen the right answers."""
    now = utc_or_now(now)
    options = SessionOptions(mode=Mode.MISTAKES, seed=seed, update_schedule=update_schedule)
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    chosen = list({a.item.key: (a.item.bank, a.item.question) for a in result.wrong}.values())
    chosen = _studiable(chosen, store, options, now)
    rng.shuffle(chosen)
    return _new_session(chosen, store, replace(options, seed=seed), now, seed, rng, result.banks)


def _studiable(
    candidates: list[tuple[Bank, Question]],
    store: ProgressStore | None,
    options: SessionOptions,
    now: datetime,
) -> list[tuple[Bank, Question]]:
    """The candidates a session may show: never a suspended card or one buried today, and
    only the keys or flagged cards the options ask for. Explicit keys keep their order."""
    if options.keys is not None:
        by_key = {b.key(q): (b, q) for b, q in candidates}
        candidates = [by_key[k] for k in dict.fromkeys(options.keys) if k in by_key]
    if store is None:
        return [] if options.flagged else candidates
    marks = store.marks(now)
    if not (marks.suspended or marks.buried or options.flagged):
        return candidates  # nothing to leave out: no key to work out for each candidate
    return [
        (b, q)
        for b, q in candidates
        if not marks.excluded(key := b.key(q)) and (not options.flagged or key in marks.flagged)
    ]


def study_weakest_tag(
    banks: list[Bank],
    store: ProgressStore | None,
    result: SessionResult,
    options: SessionOptions | None = None,
    now: datetime | None = None,
) -> Session | None:
    """A new session (quiz mode unless ``options`` say otherwise) over the tag where
    ``result`` scored lowest (see ``quiz.study.results.weakest_tag``); None when no tag was
    scored."""
    tag = weakest_tag(result)
    if tag is None:
        return None
    options = replace(options or SessionOptions(), tags=frozenset({tag}))
    return start_session(banks, store, options, now)


def _new_session(
    chosen: list[tuple[Bank, Question]],
    store: ProgressStore | None,
    options: SessionOptions,
    now: datetime,
    seed: int,
    rng: random.Random,
    bank_ids: tuple[str, ...],
) -> Session:
    items = tuple(Item(b, q, display_order(q, rng)) for b, q in chosen)
    return Session(
        id=uuid.uuid4().hex,
        options=options,
        items=items,
        store=store,
        started=now,
        seed=seed,
        banks=bank_ids,
        rng=rng,
    )


def _check_options(options: SessionOptions) -> None:
    if options.count is not None and options.count < 0:
        raise ValueError(f"count must be 0 or more, not {options.count}")
    if options.time_limit is not None and options.time_limit <= timedelta(0):
        raise ValueError(f"the time limit must be positive, not {options.time_limit}")
    if options.pass_mark is not None and not 0 <= options.pass_mark <= 100:
        raise ValueError(f"the pass mark is a percentage (0-100), not {options.pass_mark}")
