"""Anki packages: an exported .apkg checked with SQLite (not with genanki), collections in the
old schema and in the newer zstd-compressed anki21b one built here from Anki's published
schema, and packages that are not packages."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from quiz.bank.formats import apkg
from tests.bank.importcheck import as_bank, bundled, dicts

# Anki's rslib/src/storage/schema11.sql: the tables a collection of schema 11 has.
SCHEMA11 = """
create table col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
create table notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
create table cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
create table revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
create table graves (usn integer not null, oid integer not null, type integer not null);
"""
# The tables schema 15 (upgrades/schema15_upgrade.sql) adds and anki21b collections keep
# note types, fields and decks in (with Anki's own "unicase" collation).
SCHEMA18 = """
create table fields (ntid integer not null, ord integer not null,
  name text not null collate unicase, config blob not null, primary key (ntid, ord))
  without rowid;
create table templates (ntid integer not null, ord integer not null,
  name text not null collate unicase, mtime_secs integer not null, usn integer not null,
  config blob not null, primary key (ntid, ord)) without rowid;
create table notetypes (id integer not null primary key, name text not null collate unicase,
  mtime_secs integer not null, usn integer not null, config blob not null);
create table decks (name text not null primary key collate unicase, id integer not null,
  mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
"""


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.create_collation("unicase", lambda a, b: (a.lower() > b.lower()) - (a.lower() < b.lower()))
    return conn


def _note(conn, nid, mid, fields, tags="", guid=None, did=1, cards=1):
    conn.execute(
        "insert into notes values (?,?,?,0,0,?,?,?,0,0,'')",
        (nid, guid or f"g{nid}", mid, f" {tags} " if tags else "", "\x1f".join(fields), fields[0]),
    )
    for ord_ in range(cards):
        conn.execute(
            "insert into cards values (?,?,?,?,0,0,0,0,0,0,0,0,0,0,0,0,0,'')",
            (nid * 10 + ord_, nid, did, ord_),
        )


def schema11_collection(path: Path) -> None:
    conn = _connect(path)
    conn.executescript(SCHEMA11)
    models = {
        "100": {
            "name": "Basic",
            "type": 0,
            "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
        },
        "200": {
            "name": "Cloze",
            "type": 1,
            "flds": [{"name": "Text", "ord": 0}, {"name": "Back Extra", "ord": 1}],
        },
        "300": {
            "name": "Japanese (recognition)",
            "type": 0,
            "flds": [
                {"name": "Expression", "ord": 0},
                {"name": "Meaning", "ord": 1},
                {"name": "Reading", "ord": 2},
            ],
        },
    }
    decks = {"1": {"name": "Default"}, "5": {"name": "Languages::Japanese"}}
    conn.execute(
        "insert into col values (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
        (json.dumps(models), json.dumps(decks)),
    )
    _note(conn, 1, 100, ["犬", "dog"], "animals", did=5)
    _note(conn, 2, 200, ["{{c1::猫::animal}} means cat", "<i>neko</i>"], did=5)
    _note(conn, 3, 300, ["水", "water", "みず"], did=5)
    conn.commit()
    conn.close()


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def anki21b_collection(path: Path) -> None:
    conn = _connect(path)
    conn.executescript(SCHEMA11 + SCHEMA18)
    conn.execute("insert into col values (1,0,0,0,18,0,0,0,'','','','','')")
    # NotetypeConfig: field 1 is kind (1 = cloze), field 3 the css, as Anki writes them.
    css = b".card {}"
    normal = b"\x1a" + _varint(len(css)) + css
    cloze = b"\x08\x01" + normal
    conn.execute("insert into notetypes values (1001,'Basic (and reversed card)',0,0,?)", (normal,))
    conn.execute("insert into notetypes values (1002,'Cloze',0,0,?)", (cloze,))
    for ntid, names in ((1001, ["Front", "Back"]), (1002, ["Text", "Back Extra"])):
        for ord_, name in enumerate(names):
            conn.execute("insert into fields values (?,?,?,x'')", (ntid, ord_, name))
    conn.execute("insert into decks values ('Default',1,0,0,x'',x'')")
    conn.execute("insert into decks values ('Biology\x1fCells',7,0,0,x'',x'')")
    conn.execute("insert into decks values ('Biology\x1fPlants',8,0,0,x'',x'')")
    _note(conn, 10, 1001, ["Mitochondria", "the cell's power plant"], "cells", did=7, cards=2)
    _note(
        conn,
        11,
        1002,
        ["Plants make {{c1::chlorophyll}} in {{c2::chloroplasts}}", ""],
        did=8,
        cards=2,
    )
    conn.commit()
    conn.close()


def package(members: dict[str, bytes]) -> bytes:
    # A fixed date: zip members otherwise carry the time of the call, and packages built as
    # test parameters must be the same bytes in every pytest-xdist worker's collection.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            member = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, data)
    return buffer.getvalue()


def read(data: bytes, name: str = "deck.apkg"):
    return apkg.read(data, Path(name))


def messages(imported) -> list[str]:
    return [str(p) for p in imported.problems]


# --- reading --------------------------------------------------------------------------------


def test_an_old_collection_with_note_types_in_col_models(tmp_path):
    schema11_collection(tmp_path / "c.anki2")
    imported = read(
        package({"collection.anki2": (tmp_path / "c.anki2").read_bytes(), "media": b"{}"})
    )
    dog, cat, water = imported.questions
    assert (dog["type"], dog["prompt"], dog["answer"], dog["tags"]) == (
        "flashcard",
        "犬",
        "dog",
        ["animals"],
    )
    assert (cat["type"], cat["prompt"], cat["hint"], cat["explanation"]) == (
        "cloze",
        "{{猫}} means cat",
        "animal",
        "neko",
    )
    assert (water["prompt"], water["answer"]) == ("水", "water")
    assert imported.title == "Languages::Japanese"  # every note in one deck
    assert messages(imported) == [
        "deck.apkg: warning: note 3 (id 3): note type 'Japanese (recognition)' is neither Basic "
        "nor Cloze: imported as a flashcard from its fields 'Expression' and 'Meaning'",
        "deck.apkg: warning: note 3 (id 3): field 'Reading' is not imported (the format has no "
        "place for it)",
    ]
    as_bank(imported, "deck.apkg")


def test_a_newer_anki21b_package_read_from_its_zstd_collection(tmp_path):
    anki21b_collection(tmp_path / "c.anki21b")
    schema11_collection(tmp_path / "dummy.anki2")  # what old clients would see instead
    data = package(
        {
            "collection.anki2": (tmp_path / "dummy.anki2").read_bytes(),
            "collection.anki21b": zstandard.ZstdCompressor().compress(
                (tmp_path / "c.anki21b").read_bytes()
            ),
            # Newer packages keep the media list as zstd protobuf; it must not matter.
            "media": zstandard.ZstdCompressor().compress(b"\x0a\x05\x0a\x03a.jpg"),
            "meta": b"\x08\x03",
            "0": b"\xff\xd8\xff",
        }
    )
    assert apkg.sniff(data)
    imported = read(data)
    assert imported.problems == []
    cells, plants = imported.questions
    assert cells == {
        "type": "flashcard",
        "prompt": "Mitochondria",
        "answer": "the cell's power plant",
        "tags": ["cells", "Biology::Cells"],
    }
    assert plants["type"] == "cloze"
    assert plants["prompt"] == "Plants make {{chlorophyll}} in {{chloroplasts}}"
    assert plants["tags"] == ["Biology::Plants"]
    assert imported.title is None  # two decks: they are tags instead
    as_bank(imported, "deck.apkg")


# --- writing --------------------------------------------------------------------------------


def _open_exported(tmp_path: Path, data: bytes) -> sqlite3.Connection:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "collection.anki2" in archive.namelist()
        assert json.loads(archive.read("media")) == {}
        (tmp_path / "out.anki2").write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(tmp_path / "out.anki2")


def test_an_exported_package_has_what_anki_needs(tmp_path):
    bank = bundled()
    exported = apkg.write(bank)
    conn = _open_exported(tmp_path, exported.data)
    ((models_json, decks_json),) = conn.execute("select models, decks from col").fetchall()
    models = json.loads(models_json)
    decks = json.loads(decks_json)
    names = {m["name"]: m for m in models.values()}
    assert set(names) == {"Basic (quiz)", "Basic (type in the answer) (quiz)", "Cloze (quiz)"}
    assert [f["name"] for f in names["Basic (quiz)"]["flds"]] == [
        "Front",
        "Back",
        "Explanation",
        "Hint",
    ]
    assert [f["name"] for f in names["Cloze (quiz)"]["flds"]] == ["Text", "Back Extra", "Hint"]
    assert names["Cloze (quiz)"]["type"] == 1 and names["Basic (quiz)"]["type"] == 0
    deck_ids = {int(i) for i, d in decks.items() if d["name"] == bank.title}
    assert len(deck_ids) == 1

    notes = conn.execute("select id, guid, mid, flds, tags from notes").fetchall()
    assert len(notes) == len(bank.questions)
    assert len({guid for _, guid, *_ in notes}) == len(notes)
    by_guid = {guid: (nid, str(mid), flds, tags) for nid, guid, mid, flds, tags in notes}
    cards = conn.execute("select nid, did, ord from cards").fetchall()
    for q in bank.questions:
        nid, mid, flds, tags = by_guid[f"quiz:{bank.id}/{q.id}"]
        model = models[mid]
        assert len(flds.split("\x1f")) == len(model["flds"])
        ords = sorted(o for n, d, o in cards if n == nid)
        assert {d for n, d, o in cards if n == nid} == deck_ids
        if q.type == "cloze":
            assert model["type"] == 1
            assert ords == list(range(len(q.blanks)))  # a card per blank, c1..cN
        else:
            assert ords == [0]
        assert tags.split() == list(q.tags)
    assert {n for n, _, _ in cards} == {nid for nid, *_ in notes}


def _ids(tmp_path: Path, bank) -> tuple[set[str], set[str]]:
    conn = _open_exported(tmp_path, apkg.write(bank).data)
    models, decks = conn.execute("select models, decks from col").fetchone()
    conn.close()
    return set(json.loads(models)), set(json.loads(decks)) - {"1"}  # 1 is Anki's Default


def test_export_ids_are_stable_and_derived_from_the_bank(tmp_path):
    from dataclasses import replace

    bank = bundled()
    assert _ids(tmp_path, bank) == _ids(tmp_path, bank)
    other = _ids(tmp_path, replace(bank, id="another-bank"))
    assert not (other[0] & _ids(tmp_path, bank)[0]) and other[1] != _ids(tmp_path, bank)[1]


def test_round_trip_through_a_package_keeps_what_anki_can_hold():
    bank = bundled()
    imported = read(apkg.write(bank).data, "bank.apkg")
    assert imported.problems == []
    assert imported.title == bank.title
    again = dicts(as_bank(imported, "bank.apkg"), source=False)
    original = dicts(bank, source=False)
    assert list(again) == list(original)
    for qid, q in original.items():
        back = again[qid]
        if q["type"] == "flashcard":
            assert back == q  # prompt, answer, explanation, hint, tags
        elif q["type"] == "short":
            assert back == {**q, "accept": [], "case_sensitive": False}
        elif q["type"] == "cloze":
            assert back["explanation"] == q["explanation"] and back.get("hint") == q.get("hint")
        else:
            assert back["type"] == "flashcard" and back["explanation"] == q.get("explanation")


# --- not packages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "not an Anki package: the file is not a readable zip"),
        (b"just some text", "not an Anki package: the file is not a readable zip"),
        (b"PK\x03\x04" + b"\x00" * 40, "not an Anki package: the file is not a readable zip"),
        (package({"media": b"{}"}), "the zip holds no collection.anki21b, collection.anki21"),
        (
            package({"collection.anki2": b"hello"}),
            "collection.anki2 in the package is not an SQLite",
        ),
        (
            package({"collection.anki21b": b"\x28\xb5\x2f\xfd" + b"garbage" * 10}),
            "collection.anki21b in the package is damaged",
        ),
    ],
    ids=["empty", "text", "zip-header-only", "no-collection", "not-sqlite", "damaged-zstd"],
)
def test_what_is_not_a_package_gets_a_clear_error(data, expected):
    imported = read(data)
    assert imported.questions == []
    assert any(expected in m for m in messages(imported)), messages(imported)


def test_a_corrupt_member_is_an_error(tmp_path):
    schema11_collection(tmp_path / "c.anki2")
    data = bytearray(package({"collection.anki2": (tmp_path / "c.anki2").read_bytes()}))
    middle = len(data) // 2
    data[middle : middle + 20] = b"\x00" * 20
    imported = read(bytes(data))
    assert imported.errors and imported.questions == []


def test_a_zip_bomb_is_refused_without_unpacking_it(monkeypatch):
    monkeypatch.setattr(apkg, "MAX_COLLECTION_BYTES", 1024 * 1024)
    bomb = package({"collection.anki2": b"SQLite format 3\x00" + b"\x00" * (4 * 1024 * 1024)})
    assert len(bomb) < 20_000
    imported = read(bomb)
    assert messages(imported) == [
        "deck.apkg: error: collection.anki2 in the package is larger than 1 MiB unpacked: refused"
    ]
    zstd_bomb = package(
        {"collection.anki21b": zstandard.ZstdCompressor().compress(b"\x00" * (4 * 1024 * 1024))}
    )
    assert "larger than 1 MiB" in messages(read(zstd_bomb))[0]


def test_a_collection_that_is_not_anki_is_an_error(tmp_path):
    conn = sqlite3.connect(tmp_path / "other.db")
    conn.execute("create table things (x)")
    conn.commit()
    conn.close()
    imported = read(package({"collection.anki2": (tmp_path / "other.db").read_bytes()}))
    assert messages(imported) == [
        "deck.apkg: error: the collection has no notes table: not an Anki collection"
    ]


@pytest.mark.parametrize(
    ("models", "decks"),
    [
        ({"abc": {"name": "Basic", "flds": []}}, {}),  # a note type id that is no number
        ([1, 2], {}),  # a list where Anki writes an object
        ({"100": {"name": "Basic", "flds": [{"name": "F", "ord": "x"}, {"ord": 1}]}}, {}),
        ({}, {"x": {"name": "Default"}}),
    ],
)
def test_note_types_of_another_shape_are_an_error_not_a_crash(tmp_path, models, decks):
    conn = _connect(tmp_path / "c.anki2")
    conn.executescript(SCHEMA11)
    conn.execute(
        "insert into col values (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
        (json.dumps(models), json.dumps(decks)),
    )
    _note(conn, 1, 100, ["front", "back"])
    conn.commit()
    conn.close()
    imported = read(package({"collection.anki2": (tmp_path / "c.anki2").read_bytes()}))
    assert imported.questions == []
    assert messages(imported)[0].startswith(
        "deck.apkg: error: the collection's note types or decks cannot be read ("
    )


def test_a_note_type_config_that_is_not_bytes_reads_as_a_normal_note_type():
    assert apkg._notetype_kind("\x08\x01") == 0
