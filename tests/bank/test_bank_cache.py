"""The cache of loaded banks: a hit is exactly the load it stands for, and any change to what
the load depended on (the bank, its source document, the app's version, the size limit) or
any damage to the entry is a miss that parses the YAML again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import quiz.bank.cache as cache
import quiz.bank.loader as loader
import quiz.bank.outline as outline
from quiz.bank.errors import BankError
from quiz.bank.loader import load_bank, load_bank_outline, load_bank_with_warnings

BUNDLED = Path(__file__).resolve().parents[2] / "question_banks"


@pytest.fixture
def bundled(tmp_path):
    shutil.copytree(BUNDLED, tmp_path / "banks")
    return tmp_path / "banks" / "azerbaijan_foreign_policy.yaml"


@pytest.fixture
def parses(monkeypatch):
    """How many times the YAML was really parsed."""
    count = {"n": 0}
    real = loader._load_text

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "_load_text", counting)
    return count


def entries() -> list[Path]:
    return list(outline.folder().glob("*.json"))


def test_a_hit_is_the_same_bank_and_warnings_without_parsing(bundled, parses):
    first = load_bank_with_warnings(bundled)
    second = load_bank_with_warnings(bundled)
    assert parses["n"] == 1 and len(entries()) == 1
    assert second == first
    assert [q.column for q in second[0].questions] == [q.column for q in first[0].questions]
    assert second[0].question(first[0].questions[3].id) == first[0].questions[3]


def test_every_type_and_field_survives_the_cache(tmp_path, parses):
    from quiz.bank.model import QUESTION_TYPES

    valid = Path(__file__).parent / "fixtures" / "valid"
    shutil.copytree(valid, tmp_path / "valid")
    local = tmp_path / "valid" / "every_type.yaml"
    first = load_bank_with_warnings(local)
    assert load_bank_with_warnings(local) == first and parses["n"] == 1
    assert {q.type for q in first[0].questions} == set(QUESTION_TYPES)


def test_a_changed_bank_is_parsed_again(bundled, parses):
    load_bank_with_warnings(bundled)
    bundled.write_text(bundled.read_text().replace("title:", "title: Changed", 1))
    bank, _ = load_bank_with_warnings(bundled)
    assert parses["n"] == 2 and bank.title.startswith("Changed")
    assert len(entries()) == 1  # one entry per bank file, replaced


def test_a_changed_source_document_is_checked_again(bundled, parses):
    from quiz.bank.errors import BankError

    load_bank_with_warnings(bundled)
    document = bundled.parent / "sources" / "azerbaijan_foreign_policy.txt"
    document.write_text("Nothing the questions quote.\n")
    with pytest.raises(BankError, match="source quote"):
        load_bank_with_warnings(bundled)
    assert parses["n"] == 2


def test_another_version_of_the_app_does_not_trust_the_entry(bundled, parses, monkeypatch):
    load_bank_with_warnings(bundled)
    monkeypatch.setattr(cache, "__version__", "99.0")
    load_bank_with_warnings(bundled)
    assert parses["n"] == 2


def test_another_size_limit_is_another_load(bundled, parses):
    load_bank_with_warnings(bundled)
    load_bank_with_warnings(bundled, max_bytes=10_000_000)
    assert parses["n"] == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: b"",
        lambda raw: raw.replace(b'"title":"', b'"title":"X', 1),  # the digest no longer matches
        lambda raw: b"0" * 40 + b"\n{not json",
    ],
    ids=["truncated", "empty", "edited", "garbage"],
)
def test_a_damaged_entry_is_never_trusted(bundled, parses, damage):
    first = load_bank_with_warnings(bundled)
    (entry,) = entries()
    entry.write_bytes(damage(entry.read_bytes()))
    assert load_bank_with_warnings(bundled) == first
    assert parses["n"] == 2
    assert load_bank_with_warnings(bundled) == first and parses["n"] == 2  # written anew


def every_field(bank) -> list[tuple]:
    from dataclasses import fields

    return [tuple(getattr(q, f.name) for f in fields(q)) for q in bank.questions]


@pytest.mark.parametrize("write_after", [1, 3, 10_000])
def test_the_written_and_the_looping_makers_make_the_same_questions(
    tmp_path, parses, monkeypatch, write_after
):
    # A type's first questions come from a loop over its fields, the rest from a maker
    # written for it: each way, and the hand-over between them, gives the parsed questions,
    # column and all.
    valid = Path(__file__).parent / "fixtures" / "valid"
    shutil.copytree(valid, tmp_path / "valid")
    local = tmp_path / "valid" / "every_type.yaml"
    parsed = load_bank_with_warnings(local)[0]
    monkeypatch.setattr(cache, "WRITE_AFTER", write_after)
    monkeypatch.setattr(cache, "_MAKERS", {})
    for _ in range(3):  # enough questions of each type to pass 1 and 3
        cached = load_bank_with_warnings(local)[0]
        assert every_field(cached) == every_field(parsed) and parses["n"] == 1
    written = {kind: make.__name__ for kind, make in cache._MAKERS.items()}
    assert set(written) == {q.type for q in parsed.questions}
    if write_after == 10_000:
        assert set(written.values()) == {"make"} and all(
            make.__qualname__.startswith("_first_maker") for make in cache._MAKERS.values()
        )
    else:
        assert not any(m.__qualname__.startswith("_first_maker") for m in cache._MAKERS.values())


@pytest.mark.parametrize("write_after", [1, 10_000])
def test_a_row_of_another_length_is_refused_by_either_maker(monkeypatch, write_after):
    monkeypatch.setattr(cache, "WRITE_AFTER", write_after)
    monkeypatch.setattr(cache, "_MAKERS", {})
    with pytest.raises(ValueError, match="other fields than the model"):
        cache._question(["true_false", "id", "prompt"])


def test_an_entry_with_the_right_digest_but_the_wrong_shape_is_a_miss(bundled, parses):
    first = load_bank_with_warnings(bundled)
    (entry,) = entries()
    payload = b'{"format":"quiz-bank-cache","version":1,"key":"x","document":null,"bank":[]}'
    entry.write_bytes(cache._hash(payload).encode() + b"\n" + payload)
    assert load_bank_with_warnings(bundled) == first and parses["n"] == 2


def test_a_cache_folder_that_cannot_be_written_only_means_parsing(bundled, parses, monkeypatch):
    blocker = bundled.parent / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(blocker / "cache"))
    first = load_bank_with_warnings(bundled)
    assert load_bank_with_warnings(bundled) == first and parses["n"] == 2


def test_quiz_no_cache_turns_it_off(bundled, parses, monkeypatch):
    monkeypatch.setenv("QUIZ_NO_CACHE", "1")
    load_bank_with_warnings(bundled)
    load_bank_with_warnings(bundled)
    assert parses["n"] == 2 and entries() == []


def test_a_change_to_the_model_s_fields_does_not_trust_the_entry(bundled, parses, monkeypatch):
    load_bank_with_warnings(bundled)
    monkeypatch.setattr(cache, "_LAYOUT", cache._LAYOUT + b" and a new field")
    load_bank_with_warnings(bundled)
    assert parses["n"] == 2


def test_an_entry_written_in_many_pieces_is_the_same_bank(bundled, parses, monkeypatch):
    monkeypatch.setattr(cache, "_ROWS_PER_PIECE", 2)
    first = load_bank_with_warnings(bundled)
    assert len(first[0].questions) > 2 * 10
    assert load_bank_with_warnings(bundled) == first and parses["n"] == 1
    (entry,) = entries()
    digest, _, payload = entry.read_bytes().partition(b"\n")
    assert digest.decode() == cache._hash(payload)


# -- the outline (id, title, question ids) read off an entry's first line ------------------------


def outline_of(bank) -> outline.BankOutline:
    return outline.BankOutline(bank.id, bank.title, bank.question_ids)


def test_the_outline_is_read_off_the_entry_without_building_a_question(
    bundled, parses, monkeypatch
):
    bank = load_bank(bundled)

    def no_question(row):
        raise AssertionError("a question was built from the entry")

    monkeypatch.setattr(cache, "_question", no_question)
    assert load_bank_outline(bundled) == outline_of(bank)
    assert len(bank.question_ids) == len(bank.questions) > 20 and parses["n"] == 1


def test_the_outline_is_the_loaded_bank_s_whatever_the_cache_holds(bundled, parses, monkeypatch):
    first = load_bank_outline(bundled)  # nothing cached: loaded, and the entry written
    assert first == outline_of(load_bank(bundled)) and parses["n"] == 1
    bundled.write_text(bundled.read_text().replace("title:", "title: Changed", 1))
    changed = load_bank_outline(bundled)
    assert changed.title.startswith("Changed") and parses["n"] == 2
    (entry,) = entries()
    raw = entry.read_bytes()
    for damaged in (raw[: len(raw) // 3], raw.replace(b'"ids":["', b'"ids":["x', 1), b""):
        entry.write_bytes(damaged)
        assert load_bank_outline(bundled) == changed
    monkeypatch.setattr(outline, "__version__", "99.0")
    monkeypatch.setattr(cache, "__version__", "99.0")
    runs = parses["n"]
    assert load_bank_outline(bundled) == changed and parses["n"] == runs + 1
    monkeypatch.setenv("QUIZ_NO_CACHE", "1")
    assert load_bank_outline(bundled) == changed and parses["n"] == runs + 2


def test_a_bank_that_does_not_load_gives_the_same_error_for_its_outline(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nquestions:\n  - id: a\n    type: choice\n    prompt: P\n")
    with pytest.raises(BankError) as loading:
        load_bank(bad)
    with pytest.raises(BankError) as outlining:
        load_bank_outline(bad)
    assert str(outlining.value) == str(loading.value)
    with pytest.raises(BankError):
        load_bank_outline(tmp_path / "missing.yaml")


def test_validate_says_the_same_from_the_cache_without_building_a_question(
    tmp_path, parses, monkeypatch, capsys
):
    from quiz.__main__ import main

    valid = Path(__file__).parent / "fixtures"
    shutil.copytree(valid, tmp_path / "fixtures")
    shutil.copytree(BUNDLED, tmp_path / "banks")
    paths = [str(tmp_path / "fixtures"), str(tmp_path / "banks")]
    first = main(["validate", *paths]), capsys.readouterr()
    assert "warning" in first[1].out and "failed" in first[1].out

    def no_question(row):
        raise AssertionError("a question was built from the entry")

    monkeypatch.setattr(cache, "_question", no_question)
    runs = parses["n"]
    again = main(["validate", *paths]), capsys.readouterr()
    assert again == first
    # The banks with errors are never cached (parsed again); the valid ones are read whole
    # off their entries' first lines.
    assert parses["n"] - runs == sum(
        1 for line in first[1].out.splitlines() if line.startswith("failed:")
    )
