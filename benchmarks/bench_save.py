"""How long saving one answer takes with a short and with a long history.

    .venv/bin/python benchmarks/bench_save.py [--cards 10000] [--answers 300]

Builds two data folders with the same number of scheduled cards (10,000 by default) and 100
or 100,000 past reviews, then times ``ProgressStore.record_review`` (which saves: journal
append + fsync, snapshot write + fsync + rename + folder fsync). The number that matters is
the ratio between the two folders: the journal design keeps it near 1, however long the
history. The median is a journal append; the mean includes the snapshot checkpoints (every
few answers), whose cost grows with the number of cards, not reviews: in the long-history
folder every card also carries its last answer (a bigger snapshot), which is the whole
difference between the two means.
Also prints how long opening the store and reading the full history take, for context.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.study import journal  # noqa: E402
from quiz.study.ledger import FORMAT_VERSION  # noqa: E402
from quiz.study.scheduler import Rating, Scheduler  # noqa: E402
from quiz.study.store import JOURNAL_FILE, ProgressStore, Settings  # noqa: E402

T0 = datetime(2024, 1, 1, 9, tzinfo=UTC)


def build(folder: Path, cards: int, reviews: int) -> None:
    """A journal with ``cards`` imported card states and ``reviews`` past reviews."""
    rng = random.Random(1)
    scheduler = Scheduler(enable_fuzzing=False)
    states = {}
    for i in range(cards):
        state = scheduler.review(None, Rating.GOOD, T0, key=f"bench/q{i}")
        states[f"bench/q{i}"] = scheduler.review(state, Rating.GOOD, state.due).to_dict()
    entries: list[dict] = [{"type": "import", "cards": states}]
    for n in range(reviews):
        key = f"bench/q{rng.randrange(cards)}"
        entries.append(
            {
                "type": "review",
                "key": key,
                "time": (T0 + timedelta(minutes=n)).isoformat(),
                "rating": 3,
                "correct": True,
                "rt": 3.2,
                "session": f"s{n // 50}",
                "scheduled": False,  # keeps the imported states valid; same bytes per line
                "state": None,
            }
        )
    journal.create(folder / JOURNAL_FILE, journal.new_header(FORMAT_VERSION), entries)
    ProgressStore.open(folder).save()  # replays the journal and writes the snapshot


def time_saves(folder: Path, cards: int, answers: int) -> tuple[list[float], float, float]:
    started = time.perf_counter()
    store = ProgressStore.open(folder, defaults=Settings())
    opened = time.perf_counter() - started
    rng = random.Random(2)
    now = T0 + timedelta(days=400)
    times = []
    for n in range(answers):
        key = f"bench/q{rng.randrange(cards)}"
        t = time.perf_counter()
        store.record_review(
            key,
            rating=Rating.GOOD,
            correct=True,
            response_time=2.0,
            session_id="bench",
            now=now + timedelta(seconds=n),
        )
        times.append(time.perf_counter() - t)
    started = time.perf_counter()
    store.reviews()
    history = time.perf_counter() - started
    return times, opened, history


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=300, help="saves timed per folder")
    args = parser.parse_args()
    medians, means = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for reviews in (100, 100_000):
            folder = Path(tmp) / f"r{reviews}"
            folder.mkdir()
            t = time.perf_counter()
            build(folder, args.cards, reviews)
            built = time.perf_counter() - t
            times, opened, history = time_saves(folder, args.cards, args.answers)
            medians[reviews] = statistics.median(times)
            means[reviews] = statistics.fmean(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            size = (folder / "progress.json").stat().st_size / 1e6
            print(
                f"{args.cards} cards, {reviews:>7} reviews: save median "
                f"{medians[reviews] * 1e3:5.2f} ms, mean {means[reviews] * 1e3:5.2f} ms, "
                f"p95 {p95 * 1e3:5.2f} ms | "
                f"snapshot {size:.1f} MB | open {opened:.2f} s | full history {history:.2f} s "
                f"| built in {built:.1f} s"
            )
    print(
        f"ratio (100,000 / 100 reviews): median {medians[100_000] / medians[100]:.2f}, "
        f"mean {means[100_000] / means[100]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
