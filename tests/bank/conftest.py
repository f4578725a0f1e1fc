"""Fixtures for the bank-format tests: the fixture banks and a helper to write bank files."""

from __future__ import annotations

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
