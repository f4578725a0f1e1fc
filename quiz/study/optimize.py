"""Personal FSRS parameters: fit the scheduler to the learner's own review history.

The fitting is done by ``fsrs-rs-python`` (the Rust optimizer Anki itself uses since 23.10,
as a wheel that needs no PyTorch); this module only turns the history into its training
items and compares the old and new parameters on that history.

- Only scheduled reviews count (a cram answer that left the schedule alone, or a review
  taken back with undo, is not evidence the schedule used), in the order they were given.
  Elapsed time is counted in whole study days, as fsrs does: reviews the same study day are
  0 days apart.
- Each review after a card's first is one training item: the card's reviews up to it, whose
  last one is the recall to predict.
- ``MIN_REVIEWS`` scheduled reviews on a later day than the card's first (what fsrs learns the
  forgetting curve from) are needed; with fewer, ``NotEnoughHistory`` says how many there are.
- The comparison is on the same history the fit was made from (log loss, lower is better, and
  RMSE over bins of predicted recall, as Anki shows them). New parameters are only kept when
  they predict that history at least as well as the current ones; the current ones are then
  kept as ``Settings.previous_parameters``, so ``revert`` can go back.
"""

from __future__ import annotations

from datetime import date

from quiz.records import Record, record
from quiz.study.scheduler import Scheduler
from quiz.study.store import ProgressStore

MIN_REVIEWS = 400


class NotEnoughHistory(Exception):
    """Too short a history to fit parameters to; ``str()`` says so for the learner."""


@record
class Fit(Record):
    reviews: int  # scheduled reviews on a later day than their card's first: what was fitted
    cards: int
    old: tuple[float, ...]
    new: tuple[float, ...]
    old_log_loss: float
    new_log_loss: float
    old_rmse: float
    new_rmse: float

    @property
    def better(self) -> bool:
        """Whether the new parameters predict the history at least as well as the old."""
        return self.new_log_loss <= self.old_log_loss


def _training_items(store: ProgressStore) -> tuple[list, int, int]:
    """(fsrs-rs training items, reviews after a card's first day, cards)."""
    import fsrs_rs_python as rs

    by_card: dict[str, list[tuple[date, int]]] = {}
    for review in store.reviews():
        if review.scheduled:
            day = date.fromisoformat(store.study_day(review.time))
            by_card.setdefault(review.key, []).append((day, int(review.rating)))
    items, long_term = [], 0
    for history in by_card.values():
        reviews = []
        for n, (day, rating) in enumerate(history):
            elapsed = 0 if n == 0 else (day - history[n - 1][0]).days
            reviews.append(rs.FSRSReview(rating, elapsed))
            if n:
                items.append(rs.FSRSItem(list(reviews)))
        long_term += sum(1 for d, _ in history[1:] if d != history[0][0])
    return items, long_term, len(by_card)


def fit(store: ProgressStore, *, min_reviews: int = MIN_REVIEWS) -> Fit:
    """Fit parameters to the history in ``store`` without saving anything (it takes a moment
    on a long history: the app runs it in a worker). ``NotEnoughHistory`` when too short."""
    import fsrs_rs_python as rs

    items, long_term, cards = _training_items(store)
    if long_term < min_reviews:
        raise NotEnoughHistory(
            f"Not enough history to fit your own parameters yet: {long_term} review(s) on a "
            f"later day than a card's first, and {min_reviews} are needed. Keep studying; "
            "until then the FSRS defaults (fitted to many learners) serve well."
        )
    old = tuple(store.scheduler.parameters)
    new = tuple(float(p) for p in rs.FSRS(list(old)).compute_parameters(items))
    Scheduler(new)  # the scheduler must accept them (fsrs checks their count and bounds)
    before, after = rs.FSRS(list(old)).evaluate(items), rs.FSRS(list(new)).evaluate(items)
    return Fit(
        reviews=long_term,
        cards=cards,
        old=old,
        new=new,
        old_log_loss=before.log_loss,
        new_log_loss=after.log_loss,
        old_rmse=before.rmse_bins,
        new_rmse=after.rmse_bins,
    )


def adopt(store: ProgressStore, result: Fit) -> bool:
    """Use ``result``'s parameters from now on if they are better (see ``Fit.better``),
    keeping the current ones as the previous; True if they were adopted. The schedule of
    each card changes from its next review on, as in Anki."""
    if not result.better:
        return False
    store.update_settings(parameters=list(result.new), previous_parameters=list(result.old))
    return True


def optimize(store: ProgressStore, *, min_reviews: int = MIN_REVIEWS) -> tuple[Fit, bool]:
    """``fit`` then ``adopt``: what ``quiz optimize`` and the Statistics key call."""
    result = fit(store, min_reviews=min_reviews)
    return result, adopt(store, result)


def revert(store: ProgressStore) -> bool:
    """Go back to the parameters used before the last optimization (swapping the two, so a
    second revert undoes the first); False when there are none."""
    previous = store.settings.previous_parameters
    if not previous:
        return False
    current = store.settings.parameters
    store.update_settings(parameters=list(previous), previous_parameters=list(current))
    return True
