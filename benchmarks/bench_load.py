"""How fast a large bank loads, as a ratio to PyYAML's bare C parse of the same file.

    .venv/bin/python benchmarks/bench_load.py [--questions 10000] [--repeat 7]

Writes a bank of every question type (each question quoting a source document, as the shipped
bank does) to a temporary folder, then times ``load_bank`` against
``yaml.load(text, Loader=yaml.CSafeLoader)`` on the same file, both including the read from
disk, best of ``--repeat`` runs: once parsing the YAML every time (the cache of loaded banks
off) and once from the cache (kept in the temporary folder). The goal is a ratio of 0.6 or less
for the parse (``--goal``) and 0.1 for the cache; the exit status is 1 when either is over.
Not part of the test suite: timings vary by machine, ratios much less so. Within one process
the cache's ratio is smaller than ``benchmarks/run.py`` measures: there Python's start-up and
the imports are part of it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from quiz.bank.loader import load_bank

WORDS = [
    *("policy", "state", "region", "treaty", "council", "economy", "border", "trade", "union"),
    *("river", "law", "court", "people", "energy", "transport", "project", "peace", "market"),
    *("capital", "history", "culture", "science", "language"),
]


def make_source(rng: random.Random, words: int = 3000) -> str:
    lines, line = [], []
    for _ in range(words):
        line.append(rng.choice(WORDS))
        if len(line) == 12:
            lines.append(" ".join(line) + ".")
            line = []
    return "\n".join(lines) + "\n"


def make_bank(n: int, source: str, rng: random.Random) -> str:
    words = source.split()
    out = [
        "title: Benchmark bank",
        "id: bench",
        "source: sources/bench.txt",
        "questions:",
    ]
    for i in range(n):
        start = rng.randrange(len(words) - 6)
        quote = " ".join(words[start : start + 6])
        out += [f"  - id: q{i}", f"    explanation: Number {i}.", f"    source: {quote}"]
        kind = i % 9
        if kind == 0:
            out += [
                "    type: choice",
                f"    prompt: In which year did event {i} happen?",
                '    choices: ["1989", "1991", "1993", "1995"]',
                '    answer: "1991"',
                "    tags: [history, dates]",
            ]
        elif kind == 1:
            out += [
                "    type: multi",
                f"    prompt: Which organisations are named ({i})?",
                "    choices:",
                "      - United Nations",
                "      - text: NATO",
                "        feedback: Not named in the text.",
                "      - OSCE",
                "    answers: [United Nations, OSCE]",
            ]
        elif kind == 2:
            out += ["    type: true_false", f"    prompt: Statement {i}.", "    answer: true"]
        elif kind == 3:
            out += [
                "    type: short",
                f"    prompt: Who led policy {i}?",
                "    answer: Heydar Aliyev",
                "    accept: [H. Aliyev]",
            ]
        elif kind == 4:
            out += [
                "    type: numeric",
                f"    prompt: How many members ({i})?",
                "    answer: 42",
                "    tolerance: 0.5",
                "    points: 2",
            ]
        elif kind == 5:
            out += ["    type: cloze", f"    prompt: Independence came in {{{{1991}}}} ({i})."]
        elif kind == 6:
            out += [
                "    type: match",
                f"    prompt: Match the abbreviations ({i}).",
                "    pairs:",
                "      UN: United Nations",
                "      CIS: Commonwealth of Independent States",
            ]
        elif kind == 7:
            out += [
                "    type: order",
                f"    prompt: Put these in order ({i}).",
                "    items: [first, second, third, fourth]",
            ]
        else:
            out += ["    type: flashcard", f"    prompt: Front of card {i}",
                    "    answer: Back of the card"]  # fmt: skip
    return "\n".join(out) + "\n"


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--goal", type=float, default=0.6)
    parser.add_argument("--cache-goal", type=float, default=0.1)
    args = parser.parse_args()
    if not getattr(yaml, "__with_libyaml__", False):
        print("PyYAML has no libyaml here: the comparison would be meaningless", file=sys.stderr)
        return 2

    rng = random.Random(1991)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sources").mkdir()
        source = make_source(rng)
        (folder / "sources" / "bench.txt").write_text(source, encoding="utf-8")
        path = folder / "bench.yaml"
        path.write_text(make_bank(args.questions, source, rng), encoding="utf-8")

        size = path.stat().st_size
        os.environ["QUIZ_CACHE_DIR"] = str(folder / "cache")
        os.environ["QUIZ_NO_CACHE"] = "1"
        bank = load_bank(path)
        assert len(bank.questions) == args.questions
        bare = best_of(args.repeat, lambda: yaml.load(path.read_text("utf-8"), yaml.CSafeLoader))
        ours = best_of(args.repeat, lambda: load_bank(path))
        del os.environ["QUIZ_NO_CACHE"]
        assert load_bank(path) == bank  # (written to the cache)
        cached = best_of(args.repeat, lambda: load_bank(path))

    ratio, cache_ratio = ours / bare, cached / bare
    print(f"bank: {args.questions} questions, {size / 1e6:.1f} MB")
    print(f"yaml.load (CSafeLoader): {bare * 1000:8.1f} ms")
    print(
        f"load_bank:               {ours * 1000:8.1f} ms  ratio {ratio:.2f} (goal <= {args.goal})"
    )
    print(
        f"load_bank, cached:       {cached * 1000:8.1f} ms  ratio {cache_ratio:.2f} "
        f"(goal <= {args.cache_goal})"
    )
    return 0 if ratio <= args.goal and cache_ratio <= args.cache_goal else 1


if __name__ == "__main__":
    sys.exit(main())
