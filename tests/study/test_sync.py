"""Progress on several devices through a synced folder (``quiz.study.sync``): each device
writes only its own file, reads everyone's, and the merged state does not depend on the order
in which files, or parts of them, arrived."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.study import sync
from quiz.study.scheduler import Rating, Scheduler
from quiz.study.store import JOURNAL_FILE, ProgressStore, Settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)


class Device:
    """One machine: its own progress folder and its own copy of the synced folder."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.data = root / name / "data"
        self.folder = root / name / "sync"
        sync.init(self.data, self.folder, device=name)

    def open(self, settings: Settings = EXACT) -> ProgressStore:
        return ProgressStore.open(self.data, defaults=settings, tz=UTC)

    @property
    def files(self) -> Path:
        return sync.sync_dir(self.folder)

    def own_file(self) -> Path:
        store = self.open()
        return self.files / f"{store._journal_id}.jsonl"


@contextlib.contextmanager
def opened(device: Device, settings: Settings = EXACT) -> Iterator[ProgressStore]:
    store = device.open(settings)
    yield store
    store.save()


def answer(store, key, *, at, rating=Rating.GOOD, correct=True):
    return store.record_review(
        key, rating=rating, correct=correct, response_time=2.0, session_id="s", now=at
    )


def carry(source: Device, target: Device) -> None:
    """What a sync tool does: every file of ``source``'s folder copied to ``target``'s."""
    for path in source.files.glob("*.jsonl"):
        shutil.copyfile(path, target.files / path.name)


def picture(store: ProgressStore) -> dict:
    keys = sorted(store.keys())
    return {
        "cards": {k: (store.card(k), store.counts(k), store.last_correct(k)) for k in keys},
        "days": store.days(),
        "reviews": [(r.id, r.key, r.time, r.rating, r.correct) for r in store.reviews()],
    }


def test_each_device_writes_only_its_own_file(tmp_path):
    laptop = Device(tmp_path, "laptop")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    files = list(laptop.files.glob("*.jsonl"))
    assert [p.stem for p in files] == [laptop.open()._journal_id]
    header = json.loads(files[0].read_text().splitlines()[0])
    assert header["device"] == "laptop"
    # The snapshot and this device's sync settings are never in the synced folder.
    assert not any(p.name.startswith("progress") for p in laptop.folder.rglob("*"))
    assert (laptop.data / "sync.json").exists()


def test_two_devices_answering_the_same_card_the_same_day_keep_both(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0, rating=Rating.GOOD)
        store.save()
    with opened(server) as store:
        answer(store, "b/q1", at=T0 + timedelta(hours=2), rating=Rating.AGAIN, correct=False)
        store.save()
    carry(laptop, server)
    carry(server, laptop)
    a, b = laptop.open(), server.open()
    assert picture(a) == picture(b)
    assert a.counts("b/q1") == (2, 1)
    assert [r.rating for r in a.reviews("b/q1")] == [Rating.GOOD, Rating.AGAIN]
    day = a.study_day(T0)
    assert a.day_counts(day).answers == 2 and a.day_counts(day).new == 1
    # The schedule is the two reviews replayed in time order.
    exact = Scheduler(enable_fuzzing=False)
    first = exact.review(None, Rating.GOOD, T0, key="b/q1")
    assert a.card("b/q1") == exact.review(first, Rating.AGAIN, T0 + timedelta(hours=2))


def test_merging_twice_or_reopening_changes_nothing(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    carry(laptop, server)
    once = picture(server.open())
    sync.sync(server.open())
    assert picture(server.open()) == once
    # The merged events live in the local journal, and stay out of the server's own file.
    own = server.own_file().read_text().splitlines()
    assert len(own) == 1 and json.loads(own[0])["device"] == "server"


def test_a_torn_last_line_waits_until_it_is_complete(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        answer(store, "b/q2", at=T0 + timedelta(minutes=1))
        store.save()
    source = laptop.own_file()
    data = source.read_bytes()
    target = server.files / source.name
    target.write_bytes(data[:-10])  # the last answer still arriving
    store = server.open()
    assert store.keys() == ["b/q1"] and not store.notices
    target.write_bytes(data)
    assert sorted(server.open().keys()) == ["b/q1", "b/q2"]


@pytest.mark.parametrize(
    "content, why",
    [
        (b"not json at all\n", "not a quiz journal header"),
        (b'{"type":"header","format":"x","version":1,"id":"other"}\n', "names another device"),
        (b'{"type":"header","version":99,"id":"NAME"}\n', "newer quiz"),
    ],
)
def test_a_file_that_is_not_to_be_trusted_is_skipped_with_a_notice(tmp_path, content, why):
    server = Device(tmp_path, "server")
    with opened(server) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    before = picture(server.open())
    (server.files / "abcdef.jsonl").write_bytes(content.replace(b"NAME", b"abcdef"))
    store = server.open()
    assert any("abcdef.jsonl" in n and why in n for n in store.notices)
    assert picture(store) == before


def test_hostile_events_are_skipped_and_damage_nothing(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    with opened(server) as store:
        answer(store, "b/q2", at=T0)
        store.save()
    own = server.open()._journal_id
    before = picture(server.open())
    good = laptop.own_file().read_bytes()
    evil = laptop.own_file().stem
    lines = [
        # Another writer's event (ours!) inside the laptop's file, wrong types, garbage.
        {
            "id": f"{own}:2",
            "type": "review",
            "key": "b/q2",
            "time": T0.isoformat(),
            "rating": 1,
            "correct": False,
            "scheduled": True,
            "session": None,
            "state": None,
        },
        {"id": f"{evil}:7", "type": "review", "key": 5, "time": "yesterday"},
        {"id": f"{evil}:8", "type": "mark", "key": "b/q1", "at": T0.isoformat()},
        [1, 2, 3],
    ]
    hostile = good + b"".join(json.dumps(x).encode() + b"\n" for x in lines) + b"\xff\xfe\n"
    (server.files / f"{evil}.jsonl").write_bytes(hostile)
    # A file claiming to be this device, under another name, and one named as this device.
    claim = good.replace(evil.encode(), own.encode())
    (server.files / "ffff.jsonl").write_bytes(claim)
    store = server.open()
    assert store.counts("b/q1") == (1, 1)
    assert store.counts("b/q2") == before["cards"]["b/q2"][1]
    assert any("skipped 5 unreadable or invalid line(s)" in n for n in store.notices)
    assert any("ffff.jsonl" in n for n in store.notices)
    # Our own file in the folder is untouched by what others wrote.
    text = (server.files / f"{own}.jsonl").read_text()
    assert f'"{evil}:' not in text


def test_a_file_too_large_is_not_read(tmp_path, monkeypatch):
    server = Device(tmp_path, "server")
    monkeypatch.setattr(sync, "FILE_MAX", 100)
    (server.files / "abcdef.jsonl").write_bytes(b"x" * 200)
    assert any("too large" in n or "larger" in n for n in server.open().notices)


def test_a_device_offline_for_a_month_catches_up(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    carry(laptop, server)
    server.open()
    # The server is off for a month while the laptop studies every day.
    with opened(laptop) as store:
        for day in range(1, 31):
            answer(store, f"b/q{day % 5}", at=T0 + timedelta(days=day))
        store.save()
    with opened(server) as store:
        answer(store, "b/q1", at=T0 + timedelta(days=31))
        store.save()
    carry(laptop, server)
    carry(server, laptop)
    assert picture(laptop.open()) == picture(server.open())
    assert sum(d.answers for d in server.open().days().values()) == 32


def test_undo_and_amend_on_a_card_answered_on_two_devices(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    carry(laptop, server)
    with opened(server) as store:
        answer(store, "b/q1", at=T0 + timedelta(days=1), rating=Rating.AGAIN, correct=False)
        store.amend_last_review(
            "b/q1", rating=Rating.GOOD, correct=True, now=T0 + timedelta(days=1, minutes=1)
        )
        answer(store, "b/q1", at=T0 + timedelta(days=3))
        store.undo_last_review("b/q1", now=T0 + timedelta(days=3, minutes=1))
        store.save()
    carry(server, laptop)
    a, b = laptop.open(), server.open()
    assert picture(a) == picture(b)
    assert a.counts("b/q1") == (2, 2)
    exact = Scheduler(enable_fuzzing=False)
    state = exact.review(None, Rating.GOOD, T0, key="b/q1")
    assert a.card("b/q1") == exact.review(state, Rating.GOOD, T0 + timedelta(days=1))


def test_with_fuzzing_every_device_computes_the_same_schedule(tmp_path):
    fuzzy = Settings()
    devices = [Device(tmp_path, n) for n in ("a", "b", "c")]
    for i, device in enumerate(devices[:2]):
        with opened(device, fuzzy) as store:
            for day in range(0, 60, 7):
                answer(store, "b/q1", at=T0 + timedelta(days=day, hours=i))
            store.save()
    for source in devices:
        for target in devices:
            if source is not target:
                carry(source, target)
    for source in devices:
        for target in devices:
            if source is not target:
                carry(source, target)
    states = {device.open(fuzzy).card("b/q1") for device in devices}
    assert len(states) == 1


def test_status_names_devices_and_a_wrong_clock(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    future = datetime.now(UTC) + timedelta(days=400)
    with opened(laptop) as store:
        answer(store, "b/q1", at=future)
        store.save()
    with opened(server) as store:
        answer(store, "b/q1", at=T0 + timedelta(days=1))
        answer(store, "b/q2", at=T0)  # an hour earlier than the one before: clock set back
        store.save()
    carry(laptop, server)
    store = server.open()
    devices = {d.name: d for d in sync.status(store, sync.load_config(server.data))}
    assert devices["laptop"].events == 1 and devices["laptop"].applied == 1
    assert "future" in devices["laptop"].clock
    assert devices["server"].this and "backwards" in devices["server"].clock


def test_the_local_journal_keeps_every_answer_once(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
        store.save()
    carry(laptop, server)
    for _ in range(3):
        server.open()
    ids = [
        json.loads(line).get("id")
        for line in (server.data / JOURNAL_FILE).read_text().splitlines()[1:]
    ]
    assert len(ids) == len(set(ids)) == 1


def test_settings_and_the_snapshot_stay_per_device_sessions_travel(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        store.update_settings(new_per_day=3)
        answer(store, "b/q1", at=T0)
        store.record_session({"mode": "review", "score": 1})
    carry(laptop, server)
    store = server.open()
    assert store.settings.new_per_day == 20
    assert store.counts("b/q1") == (1, 1)
    assert store.sessions() == [{"mode": "review", "score": 1}]


def test_our_file_put_back_to_an_older_copy_is_written_again(tmp_path):
    laptop = Device(tmp_path, "laptop")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
    old = laptop.own_file().read_bytes()
    with opened(laptop) as store:
        answer(store, "b/q2", at=T0 + timedelta(minutes=1))
    laptop.own_file().write_bytes(old)  # a sync tool restored an older version
    laptop.open()
    text = laptop.own_file().read_text()
    assert '"b/q1"' in text and '"b/q2"' in text
    assert len(text.splitlines()) == 3


def test_a_sync_folder_that_is_not_there_is_a_notice_not_an_error(tmp_path):
    laptop = Device(tmp_path, "laptop")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
    shutil.rmtree(laptop.folder)
    store = laptop.open()
    assert store.counts("b/q1") == (1, 1)
    assert any("not there" in n for n in store.notices)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    junk=st.lists(
        st.binary(max_size=40)
        | _json.map(lambda v: json.dumps(v).encode())
        | st.fixed_dictionaries(
            {
                "id": st.sampled_from(["dev:1", "dev:2", "dev:x", "other:1"]),
                "type": st.sampled_from(
                    ["review", "amend", "undo", "mark", "import", "session", "settings", "what"]
                ),
            },
            optional={"key": _json, "time": _json, "at": _json, "state": _json, "cards": _json},
        ).map(lambda v: json.dumps(v).encode()),
        max_size=6,
    )
)
def test_whatever_another_device_file_holds_nothing_here_is_damaged(tmp_path_factory, junk):
    root = tmp_path_factory.mktemp("junk")
    device = Device(root, "server")
    with opened(device) as store:
        answer(store, "b/q1", at=T0)
    before = picture(device.open())
    own = device.own_file().read_bytes()
    header = b'{"type":"header","format":"quiz-progress-journal","version":1,"id":"dev"}\n'
    (device.files / "dev.jsonl").write_bytes(header + b"\n".join(junk))
    store = device.open()
    after = picture(store)
    assert after["cards"]["b/q1"] == before["cards"]["b/q1"]
    assert device.own_file().read_bytes() == own
    sync.status(store, sync.load_config(device.data))


def test_a_progress_folder_copied_to_another_device_takes_its_own_id(tmp_path):
    laptop = Device(tmp_path, "laptop")
    with opened(laptop) as store:
        store.update_settings(new_per_day=7)
        answer(store, "b/q1", at=T0)
    old = laptop.open()._journal_id
    # The learner copies the whole progress folder (sync settings included) to a new PC.
    clone = tmp_path / "pc" / "data"
    shutil.copytree(laptop.data, clone)
    store = ProgressStore.open(clone, defaults=EXACT, tz=UTC)
    assert store._journal_id != old
    assert any("copied here" in n for n in store.notices)
    answer(store, "b/q2", at=T0 + timedelta(minutes=1))
    store.save()
    with opened(laptop) as store:
        answer(store, "b/q3", at=T0 + timedelta(minutes=2))
    a, b = laptop.open(), ProgressStore.open(clone, defaults=EXACT, tz=UTC)
    assert picture(a) == picture(b)
    assert sorted(a.keys()) == ["b/q1", "b/q2", "b/q3"]
    assert a.counts("b/q1") == (1, 1)
    # Rebuilt from its journal alone, the copy keeps its settings and every answer.
    (clone / "progress.json").unlink()
    rebuilt = ProgressStore.open(clone, defaults=EXACT, tz=UTC)
    assert rebuilt.settings.new_per_day == 7
    assert picture(rebuilt) == picture(a)


def test_a_file_of_ours_written_by_another_device_makes_us_take_a_new_id(tmp_path):
    laptop = Device(tmp_path, "laptop")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0)
    # Another machine set up from a copy of these files writes "our" file.
    clone = tmp_path / "pc" / "data"
    shutil.copytree(laptop.data, clone)
    (clone / "sync.json").unlink()
    sync.init(clone, laptop.folder, device="pc")
    own = laptop.own_file()
    own.unlink()
    store = ProgressStore.open(clone, defaults=EXACT, tz=UTC)  # writes it, with its place
    assert own.exists()
    store = laptop.open()
    assert store._journal_id != own.stem
    assert any("another device writes this device's file" in n for n in store.notices)


def test_a_merged_journal_with_a_damaged_first_line_is_salvaged_in_the_merged_state(tmp_path):
    laptop, server = Device(tmp_path, "laptop"), Device(tmp_path, "server")
    with opened(laptop) as store:
        answer(store, "b/q1", at=T0 + timedelta(hours=1))
    with opened(server) as store:
        answer(store, "b/q1", at=T0, rating=Rating.AGAIN, correct=False)
    carry(laptop, server)
    carry(server, laptop)
    merged = picture(server.open())
    path = server.data / JOURNAL_FILE
    data = path.read_bytes()
    path.write_bytes(b"garbage" + data[data.index(b"\n") :])
    (server.data / "progress.json").unlink()
    store = server.open()
    assert any("damaged first line" in n for n in store.notices)
    assert picture(store) == merged == picture(laptop.open())
