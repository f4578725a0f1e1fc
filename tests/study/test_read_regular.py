"""read_regular: every byte asked for, in order, however the system hands them out."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quiz.study.atomic as atomic
from quiz.study.atomic import UnusableFile, read_regular


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    path = tmp_path_factory.mktemp("read") / "progress.journal.jsonl"
    content = b"".join(b'{"n":%d}\n' % n for n in range(150_000))  # 2 MB
    path.write_bytes(content)
    return path, content


def test_a_whole_file_is_read_in_one_piece(data, monkeypatch):
    path, content = data
    reads: list[int] = []
    real = os.read

    def counting(fd, n):
        chunk = real(fd, n)
        reads.append(len(chunk))
        return chunk

    monkeypatch.setattr(atomic.os, "read", counting)
    assert read_regular(path, limit=len(content)) == content
    assert reads == [len(content)]


@settings(max_examples=60, deadline=None)
@given(piece=st.integers(1, 5000), start=st.integers(0, 60_000), length=st.integers(0, 60_000))
def test_short_reads_and_ranges_give_exactly_the_bytes_asked_for(data, piece, start, length):
    path, content = data
    real = os.read

    def short(fd, n):
        return real(fd, min(n, piece))  # a system that hands out at most `piece` at a time

    end = start + length
    original = atomic.os.read
    atomic.os.read = short
    try:
        got = read_regular(path, limit=len(content), start=start, end=end)
    finally:
        atomic.os.read = original
    assert got == content[start:end]


def test_a_file_that_shrinks_while_read_gives_what_there_is(data, monkeypatch):
    path, content = data
    real = os.read
    calls = 0

    def truncated(fd, n):
        nonlocal calls
        calls += 1
        return real(fd, min(n, 1000)) if calls == 1 else b""

    monkeypatch.setattr(atomic.os, "read", truncated)
    assert read_regular(path, limit=len(content)) == content[:1000]


def test_a_file_over_the_limit_is_refused(data):
    path, content = data
    with pytest.raises(UnusableFile, match="larger than"):
        read_regular(path, limit=len(content) - 1)
