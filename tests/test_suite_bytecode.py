"""The suite keeps its rewritten test modules where Python may not write bytecode (conftest)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_rewritten_test_modules_are_kept_in_pytest_s_cache_not_the_source_tree() -> None:
    if not sys.dont_write_bytecode:
        pytest.skip("Python writes bytecode here: pytest keeps its own in __pycache__")
    this = Path(__file__).resolve()
    kept = ROOT / ".pytest_cache" / "bytecode"
    # Collecting this module rewrote it (or read it back) there, this run or an earlier one.
    assert list(kept.joinpath(*this.parts[1:-1]).glob(f"{this.stem}.*.pyc"))
