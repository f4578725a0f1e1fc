"""Anki packages (``.apkg``): import and export.

A package is a zip holding an SQLite collection: ``collection.anki2`` or ``collection.anki21``
(schema 11: note types as JSON in ``col.models``, decks in ``col.decks``) or, from Anki 2.1.50
on, ``collection.anki21b``, the same database zstd-compressed in the newer schema (note types
in the ``notetypes`` and ``fields`` tables, decks in ``decks``). A newer package also holds a
dummy ``collection.anki2`` for old clients, so the newest collection is read. Media (the
``media`` file, JSON or zstd protobuf, and the numbered files) are not read at all.

The collection is copied, within a size limit, into a temporary folder and opened read-only:
SQLite needs a file, and the copy means a package is never written to. Notes map to questions
as ``quiz.bank.formats._anki`` says; a package with one deck gives the bank its title, with
several each note's deck becomes a tag.

The export is a real package written with ``genanki``: one deck named after the bank, note
types "Basic (quiz)", "Basic (type in the answer) (quiz)" and "Cloze (quiz)" with an
Explanation and a Hint field (shown with Anki's hint link), deck and note type ids derived
from the bank id and note GUIDs from the question ids, so a newer export of the same bank
updates the notes already in Anki instead of adding copies.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import IO, cast

from quiz.bank.formats import Exported, Imported, Note
from quiz.bank.formats._anki import (
    CLOZE,
    TYPE_IN,
    AnkiNote,
    guid_for,
    note_to_question,
    question_to_note,
    text_to_html,
)
from quiz.bank.formats.common import bank_file
from quiz.bank.model import Bank

NAME = "apkg"
LABEL = "Anki package"
BINARY = True
SUFFIXES = (".apkg", ".colpkg")

# Largest collection read out of a package, decompressed. Shared decks of many thousand notes
# are tens of MiB; anything past this is refused rather than filling the disk (a zip bomb).
MAX_COLLECTION_BYTES = 512 * 1024 * 1024
_CHUNK = 1024 * 1024
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class PackageError(Exception):
    """The package cannot be read at all; the message says why, for the user."""


def sniff(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(n in archive.namelist() for n in _COLLECTIONS)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read(data: bytes, path: Path) -> Imported:
    name = str(path)
    out = Imported()
    try:
        with tempfile.TemporaryDirectory(prefix="quiz-apkg-") as tmp:
            db_path = _extract_collection(data, Path(tmp))
            notes, single_deck = _read_collection(db_path)
    except PackageError as exc:
        out.problems.append(Note(name, 0, str(exc), "error"))
        return out
    if not notes:
        out.problems.append(Note(name, 0, "the package holds no notes", "error"))
        return out
    if single_deck:
        out.title = single_deck
    for number, (note_id, note) in enumerate(notes, 1):
        where = f"note {number} (id {note_id})"
        mapped = note_to_question(note, True)
        out.problems += [Note(name, 0, f"{where}: {w}") for w in mapped.warnings]
        if mapped.question is None:
            out.problems.append(Note(name, 0, f"{where}: {mapped.error}; note skipped", "error"))
            continue
        out.questions.append(mapped.question)  # a package has no lines to name
    if not out.questions and not out.errors:
        out.problems.append(Note(name, 0, "no note could be imported", "error"))
    return out


def _extract_collection(data: bytes, folder: Path) -> Path:
    """The package's newest collection, decompressed into ``folder``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise PackageError(f"not an Anki package: the file is not a readable zip ({exc})") from None
    with archive:
        members = {info.filename: info for info in archive.infolist()}
        member = next((members[n] for n in _COLLECTIONS if n in members), None)
        if member is None:
            raise PackageError(
                "not an Anki package: the zip holds no collection.anki21b, collection.anki21 "
                "or collection.anki2"
            )
        if member.file_size > MAX_COLLECTION_BYTES:
            raise PackageError(_too_large(member.filename))
        target = folder / "collection.sqlite"
        try:
            with archive.open(member) as source, open(target, "wb") as sink:
                head = source.read(len(_ZSTD_MAGIC))
                if head == _ZSTD_MAGIC:
                    _unzstd(head, source, sink, member.filename)
                else:
                    _copy(head, source, sink, member.filename)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
            raise PackageError(f"{member.filename} in the package is damaged ({exc})") from None
    with open(target, "rb") as f:
        if f.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise PackageError(f"{member.filename} in the package is not an SQLite collection")
    return target


def _too_large(member: str) -> str:
    limit = MAX_COLLECTION_BYTES // (1024 * 1024)
    return f"{member} in the package is larger than {limit} MiB unpacked: refused"


def _copy(head: bytes, source, sink, member: str) -> None:
    written = len(head)
    sink.write(head)
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > MAX_COLLECTION_BYTES:
            raise PackageError(_too_large(member))
        sink.write(chunk)


def _unzstd(head: bytes, source, sink, member: str) -> None:
    import zstandard

    class _Prefixed(io.RawIOBase):
        """The member with the bytes already read put back in front."""

        def __init__(self) -> None:
            self.head = head

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            if self.head:
                n = min(len(buffer), len(self.head))
                buffer[:n] = self.head[:n]
                self.head = self.head[n:]
                return n
            chunk = source.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    written = 0
    try:
        with zstandard.ZstdDecompressor().stream_reader(cast("IO[bytes]", _Prefixed())) as reader:
            while chunk := reader.read(_CHUNK):
                written += len(chunk)
                if written > MAX_COLLECTION_BYTES:
                    raise PackageError(_too_large(member))
                sink.write(chunk)
    except zstandard.ZstdError as exc:
        raise PackageError(f"{member} in the package is damaged ({exc})") from None


def _read_collection(db_path: Path) -> tuple[list[tuple[int, AnkiNote]], str | None]:
    """Every note of the collection with its note type, fields, tags and deck; and the name
    of the one deck all notes are in (None when there are several)."""
    uri = db_path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise PackageError(f"cannot open the collection ({exc})") from None
    try:
        # Anki's own collation for names; SQLite refuses queries on those columns without it.
        conn.create_collation(
            "unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())
        )
        tables = {
            row[0] for row in conn.execute("select name from sqlite_master where type='table'")
        }
        if "notes" not in tables:
            raise PackageError("the collection has no notes table: not an Anki collection")
        if "notetypes" in tables and "fields" in tables:
            notetypes = _notetypes_from_tables(conn)
            decks = _decks_from_table(conn) if "decks" in tables else {}
        else:
            notetypes, decks = _from_col_json(conn)
        note_decks: dict[int, int] = {}
        if "cards" in tables:
            for nid, did in conn.execute("select nid, did from cards order by ord desc, id desc"):
                note_decks[nid] = did  # the last one written wins: the first card's deck
        notes: list[tuple[int, AnkiNote]] = []
        used_decks: set[str] = set()
        rows = conn.execute("select id, guid, mid, tags, flds from notes order by id")
        for nid, guid, mid, tags, flds in rows:
            kind = notetypes.get(mid, ("", False, []))
            deck = decks.get(note_decks.get(nid, -1))
            if deck:
                used_decks.add(deck)
            notes.append(
                (
                    nid,
                    AnkiNote(
                        notetype=kind[0] or f"note type {mid}",
                        cloze=kind[1],
                        field_names=list(kind[2]),
                        fields=str(flds or "").split("\x1f"),
                        tags=str(tags or "").split(),
                        deck=deck,
                        guid=str(guid or ""),
                    ),
                )
            )
    except sqlite3.Error as exc:
        raise PackageError(f"the collection cannot be read ({exc})") from None
    finally:
        conn.close()
    single = used_decks.pop() if len(used_decks) == 1 else None
    if not single:
        for _, note in notes:
            if note.deck:
                note.tags.append(note.deck)
    return notes, single


def _from_col_json(conn: sqlite3.Connection):
    row = conn.execute("select models, decks from col").fetchone()
    if row is None:
        raise PackageError("the collection has no col row: not an Anki collection")
    try:
        models = json.loads(row[0] or "{}")
        decks_json = json.loads(row[1] or "{}")
        notetypes: dict[int, tuple[str, bool, list[str]]] = {}
        for mid, model in (models or {}).items():
            if not isinstance(model, dict):
                continue
            fields = sorted(
                (f for f in model.get("flds", []) if isinstance(f, dict)),
                key=lambda f: f.get("ord", 0),
            )
            notetypes[int(mid)] = (
                str(model.get("name", "")),
                model.get("type") == 1,
                [str(f.get("name", "")) for f in fields],
            )
        decks = {
            int(did): str(deck.get("name", ""))
            for did, deck in (decks_json or {}).items()
            if isinstance(deck, dict)
        }
    except (ValueError, TypeError, AttributeError) as exc:
        # Not JSON, or JSON of another shape (a list, ids that are not numbers): Anki never
        # writes these, so the package was made or damaged by something else.
        raise PackageError(f"the collection's note types or decks cannot be read ({exc})") from None
    return notetypes, decks


def _notetypes_from_tables(conn: sqlite3.Connection) -> dict[int, tuple[str, bool, list[str]]]:
    fields: dict[int, list[str]] = {}
    for ntid, _, name in conn.execute("select ntid, ord, name from fields order by ntid, ord"):
        fields.setdefault(ntid, []).append(str(name))
    return {
        ntid: (str(name), _notetype_kind(config) == 1, fields.get(ntid, []))
        for ntid, name, config in conn.execute("select id, name, config from notetypes")
    }


def _decks_from_table(conn: sqlite3.Connection) -> dict[int, str]:
    # The newer schema separates the parts of a deck name with \x1f where Anki shows "::".
    return {
        did: str(name).replace("\x1f", "::")
        for did, name in conn.execute("select id, name from decks")
    }


def _notetype_kind(config: bytes | None) -> int:
    """Field 1 (``kind``: 0 normal, 1 cloze) of the ``NotetypeConfig`` protobuf message."""
    data = config if isinstance(config, bytes) else b""  # a damaged row: a normal note type
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
            if number == 1:
                return value
        elif wire == 2:
            length, i = _varint(data, i)
            i += length
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            break  # groups are not used by Anki; stop rather than misread
    return 0


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while i < len(data):
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return value, i


# --- export ---------------------------------------------------------------------------------

_CSS = (
    ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
    ".explanation { font-size: 16px; color: #555; }\n"
)
_HINT = "{{#Hint}}<br>{{hint:Hint}}{{/Hint}}"
_EXPLAIN = '{{#Explanation}}<br><br><div class="explanation">{{Explanation}}</div>{{/Explanation}}'


def _stable_id(bank_id: str, what: str) -> int:
    # Anki ids are 64-bit, but genanki's examples stay in 2**30..2**31; so do these.
    digest = hashlib.sha256(f"quiz/{bank_id}/{what}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _models(bank_id: str):
    import genanki

    fields = [{"name": n} for n in ("Front", "Back", "Explanation", "Hint")]
    basic = genanki.Model(
        _stable_id(bank_id, "basic"),
        "Basic (quiz)",
        fields=fields,
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}" + _HINT,
                "afmt": "{{Front}}\n\n<hr id=answer>\n\n{{Back}}" + _EXPLAIN,
            }
        ],
        css=_CSS,
    )
    type_in = genanki.Model(
        _stable_id(bank_id, "type-in"),
        f"{TYPE_IN} (quiz)",
        fields=fields,
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}" + _HINT + "\n\n{{type:Back}}",
                "afmt": "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}" + _EXPLAIN,
            }
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        _stable_id(bank_id, "cloze"),
        f"{CLOZE} (quiz)",
        fields=[{"name": n} for n in ("Text", "Back Extra", "Hint")],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}" + _HINT,
                "afmt": '{{cloze:Text}}{{#Back Extra}}<br><br><div class="explanation">'
                "{{Back Extra}}</div>{{/Back Extra}}",
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    return {"Basic": basic, TYPE_IN: type_in, CLOZE: cloze}


def write(bank: Bank) -> Exported:
    import genanki

    from quiz.bank.formats.anki_text import Losses

    models = _models(bank.id)
    deck = genanki.Deck(_stable_id(bank.id, "deck"), bank.title, description=bank.description or "")
    losses = Losses(LABEL)
    for q in bank.questions:
        note = question_to_note(q, own_fields=True)
        hint = text_to_html(q.hint or "")
        if note.notetype == CLOZE:
            fields = [*note.fields, hint]
        else:
            fields = [*note.fields, text_to_html(q.explanation or ""), hint]
        deck.add_note(
            genanki.Note(
                model=models[note.notetype],
                fields=fields,
                tags=note.tags,
                guid=guid_for(bank.id, q.id),
            )
        )
        losses.add(q, note)
    return Exported(_package_bytes(deck), losses.notes(bank_file(bank)))


def _package_bytes(deck) -> bytes:
    """The package as bytes. (genanki's own ``write_to_file`` leaves its temporary database
    behind in the temp folder; this writes the same database in a folder that goes away.)"""
    import genanki

    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory(prefix="quiz-apkg-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            now = time.time()
            package.write_to_db(conn.cursor(), now, itertools.count(int(now * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
        return buffer.getvalue()
