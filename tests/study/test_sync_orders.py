"""The property a synced folder rests on: however the devices' files arrive (in any order, in
pieces, a torn line at a time, with the devices syncing among themselves now and then), once
everything has arrived every device and every observer shows the same progress."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quiz.study import sync
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressStore, Settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)
KEYS = ["b/q0", "b/q1", "b/q2"]


def open_store(data: Path) -> ProgressStore:
    return ProgressStore.open(data, defaults=EXACT, tz=UTC)


def picture(store: ProgressStore) -> dict:
    keys = sorted(store.keys())
    return {
        "cards": {
            k: (store.card(k), store.counts(k), store.last_correct(k), store.is_suspended(k))
            for k in keys
        },
        "days": store.days(),
        "reviews": [(r.id, r.key, r.time, r.rating, r.correct) for r in store.reviews()],
    }


actions = st.lists(
    st.tuples(
        st.integers(0, 1),  # which device
        st.sampled_from(["review", "review", "review", "amend", "undo", "mark", "sync"]),
        st.integers(0, len(KEYS) - 1),
        st.sampled_from(list(Rating)),
        st.integers(1, 3 * 24 * 60),  # minutes since the action before
    ),
    min_size=1,
    max_size=8,
)
deliveries = st.lists(st.tuples(st.integers(0, 1), st.integers(1, 300)), max_size=5)


def act(store: ProgressStore, kind: str, key: str, rating: Rating, at: datetime) -> None:
    try:
        if kind == "review":
            store.record_review(
                key,
                rating=rating,
                correct=rating > Rating.AGAIN,
                response_time=1.0,
                session_id="s",
                now=at,
            )
        elif kind == "amend":
            store.amend_last_review(key, rating=rating, correct=rating > Rating.AGAIN, now=at)
        elif kind == "undo":
            store.undo_last_review(key, now=at)
        elif kind == "mark":
            store.suspend(key, not store.is_suspended(key), now=at)
    except ValueError:
        pass  # nothing to amend or undo on this device yet


def exchange(folders: list[Path]) -> None:
    """A sync tool between the folders: of two versions of a file the newer wins, which for
    files that only grow is the longer."""
    for source in folders:
        for target in folders:
            if source != target:
                for path in sync.sync_dir(source).glob("*.jsonl"):
                    there = sync.sync_dir(target) / path.name
                    if not there.exists() or there.stat().st_size < path.stat().st_size:
                        shutil.copyfile(path, there)


@settings(
    max_examples=int(os.environ.get("QUIZ_SYNC_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@example(
    script=[
        (0, "review", 0, Rating.AGAIN, 1),
        (0, "review", 0, Rating.AGAIN, 1),
        (0, "sync", 0, Rating.AGAIN, 1),
        (1, "review", 0, Rating.AGAIN, 1),
    ],
    skew=-90,
    first=[],
    second=[],
    order=[0, 1],
)  # the server answers after a sync, dated before the laptop's answers
@given(
    script=actions,
    skew=st.sampled_from([0, -90, 90]),
    first=deliveries,
    second=deliveries,
    order=st.permutations([0, 1]),
)
def test_every_order_of_arrival_gives_the_same_progress(script, skew, first, second, order):
    root = Path(tempfile.mkdtemp(prefix="quiz-sync-"))
    try:
        names = ["laptop", "server", "watcher1", "watcher2"]
        data = [root / n / "data" for n in names]
        folders = [root / n / "sync" for n in names]
        for d, f, n in zip(data, folders, names, strict=True):
            sync.init(d, f, device=n)
        stores = [open_store(data[0]), open_store(data[1])]
        now = T0
        for device, kind, index, rating, gap in script:
            now += timedelta(minutes=gap)
            # The server's clock is off by up to an hour and a half.
            at = now + timedelta(minutes=skew * device)
            if kind == "sync":
                for store in stores:
                    store.save()
                exchange(folders[:2])
                stores = [open_store(data[0]), open_store(data[1])]
            else:
                act(stores[device], kind, KEYS[index], rating, at)
        for store in stores:
            store.save()
        files = [open_store(d)._journal_id for d in data[:2]]
        sources = [sync.sync_dir(folders[i]) / f"{files[i]}.jsonl" for i in range(2)]
        contents = [p.read_bytes() if p.exists() else b"" for p in sources]
        # Two watchers receive the files piece by piece, each in its own order, opening
        # their progress after every piece.
        for watcher, plan in ((2, first), (3, second)):
            have = [0, 0]
            for which, size in [*plan, *((i, 1 << 30) for i in order)]:
                if not contents[which]:
                    continue
                have[which] = min(len(contents[which]), have[which] + size)
                target = sync.sync_dir(folders[watcher]) / sources[which].name
                target.write_bytes(contents[which][: have[which]])
                open_store(data[watcher])
        # And the two devices receive each other's files whole.
        exchange(folders[:2])
        pictures = [picture(open_store(d)) for d in data]
        assert pictures[0] == pictures[2] == pictures[3]
        assert pictures[1] == pictures[0]
        answers = sum(len(c.splitlines()) for c in contents)
        assert sum(d.answers for d in pictures[0]["days"].values()) <= answers
    finally:
        shutil.rmtree(root, ignore_errors=True)
