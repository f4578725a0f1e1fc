"""Hostile banks are answered fast: a clear error in well under a second per megabyte.

The bounds are generous on purpose (shared, slow machines run the tests); before the fix a
40 KB file of '[' took 20 seconds and a megabyte of it minutes.
"""

from __future__ import annotations

import time

import pytest

from quiz.bank.errors import BankError
from quiz.bank.loader import loads_bank

MB = 1024 * 1024
HOSTILE = {
    "open-lists": "[" * MB,
    "open-maps": "{" * MB,
    "maps-in-maps": "{a: " * (MB // 4),
    "deep-block": "".join(" " * i + f"k{i}:\n" for i in range(1400)),
    "long-line": "title: " + "a" * MB + "\nquestions: [\n",
    "long-quote": 'title: "' + "a" * MB + "\n",
    "many-keys": "title: t\n" + "".join(f"k{i}: v\n" for i in range(MB // 10)),
    "many-bad-questions": "title: t\nquestions:\n" + "  - {id: q, type: choice}\n" * (MB // 26),
    "runaway-quotes": "title: t\nquestions:\n" + '  - "a\n    b: c\n' * (MB // 16),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_bank_is_answered_fast(text):
    start = time.perf_counter()
    with pytest.raises(BankError) as info:
        loads_bank(text, "bank.yaml")
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert info.value.problems[0].severity == "error"


def test_deep_nesting_says_so():
    with pytest.raises(BankError) as info:
        loads_bank("[" * 40_000, "bank.yaml")
    assert "nested too deeply" in info.value.first.message


def test_a_file_of_errors_stops_at_a_hundred():
    text = "title: t\n" + "".join(f"k{i}: v\n" for i in range(1000))
    with pytest.raises(BankError) as info:
        loads_bank(text, "bank.yaml")
    problems = info.value.problems
    assert sum("unknown key" in p.message for p in problems) == 100
    assert any(p.message.startswith("stopped after 100 errors") for p in problems)
