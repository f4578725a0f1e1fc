"""Fixtures for the bank-format tests: the fixture banks and a helper to write bank files."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` (str, or bytes as is) to ``tmp_path/name`` and return the path."""

    def write(text: str | bytes, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def never_blocks():
    """Fail the test, instead of hanging the run, when the code under test blocks (on a named
    pipe, say) for more than 10 seconds."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def give_up(signum, frame):
        raise TimeoutError("blocked for 10 seconds")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
