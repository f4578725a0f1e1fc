"""`quiz stats [BANK...]`: progress per bank, overall reviews, streak and what is due, and how
many questions are suspended, buried or flagged.

The overall review count is that of the banks listed (it adds up with the table); reviews of
other banks, or of questions since removed, are told apart ("other_reviews" in JSON).

Banks default to the ones ``quiz`` finds by itself (bundled, ./question_banks, the user's banks
folder). A bank that does not load is reported with its first error and skipped; the others'
statistics are still printed. Exit status: 0 when the statistics were printed (also after
restoring a damaged progress file, which is reported, and when a bank found by itself does not
load), 1 when the progress file cannot be used (e.g. from a newer version) or a bank named on
the command line (or in a folder named there) does not load, 2 when a named bank path does not
exist.
"""

from __future__ import annotations

import argparse
import sys

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from quiz.bank.outline import BankOutline
    from quiz.study.store import ProgressStore

FORECAST_DAYS = 7


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "banks",
        nargs="*",
        metavar="BANK",
        help="bank files or folders (default: the bundled banks, ./question_banks and your "
        "banks folder)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_data_dir(parser)


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where your progress is kept (default: $QUIZ_DATA_DIR, else your user data folder)",
    )


def safe_text(text: str) -> str:
    """Bank and file text for a terminal: control characters escaped, never interpreted."""
    from quiz.bank.suggest import UNSAFE_CHARS

    return UNSAFE_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def open_progress(
    command: str, data_dir: str | None, *, reading: bool = False
) -> ProgressStore | None:
    """The learner's store, with its notices printed to stderr; None (after printing why)
    when it cannot be used. ``reading``: the command only reads (see ProgressStore.open)."""
    from quiz import paths
    from quiz.study.store import ProgressError, ProgressStore

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        store = ProgressStore.open(paths.data_dir(data_dir), reading=reading)
    except ProgressError as error:
        print(f"quiz {command}: error: {error}", file=sys.stderr)
        return None
    for notice in store.notices:
        print(f"quiz {command}: note: {notice}", file=sys.stderr)
    return store


def load_banks(
    command: str, named: list[str], data_dir: str | None
) -> tuple[list[BankOutline], int] | None:
    """The banks to report on (their outlines: the counts need no more) and how many failed
    to load; None if a named path does not exist. Banks that fail to load are reported
    (first error) and skipped; a bank id seen twice is counted once."""
    from pathlib import Path

    from quiz import paths
    from quiz.bank.errors import BankError
    from quiz.bank.loader import find_bank_files, load_bank_outline

    if named:
        missing = [p for p in named if not Path(p).exists()]
        for p in missing:
            print(f"quiz {command}: error: {p}: no such file or folder", file=sys.stderr)
        if missing:
            return None
        where = [Path(p) for p in named]
    else:
        where = paths.bank_search_dirs(data_dir)
    banks: list[BankOutline] = []
    failed = 0
    seen: dict[str, Path] = {}
    for file in find_bank_files(where):
        try:
            bank = load_bank_outline(file)
        except BankError as error:
            more = len(error.problems) - 1
            extra = f" (and {more} more; run `quiz validate {file}`)" if more else ""
            print(f"{safe_text(str(error.first))}{extra}", file=sys.stderr)
            failed += 1
            continue
        except OSError as error:
            print(f"quiz {command}: error: {file}: {error.strerror}", file=sys.stderr)
            failed += 1
            continue
        if bank.id in seen:
            print(
                f"quiz {command}: note: {file}: bank id {bank.id!r} already read from "
                f"{seen[bank.id]}; counted once",
                file=sys.stderr,
            )
            continue
        seen[bank.id] = file
        banks.append(bank)
    return banks, failed


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _shorten(text: str, width: int = 36) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from quiz.study import stats
    from quiz.words import plural

    store = open_progress("stats", args.data_dir, reading=True)
    if store is None:
        return 1
    loaded = load_banks("stats", args.banks, args.data_dir)
    if loaded is None:
        return 2
    banks, failed = loaded
    # A bank the learner named that does not load is a failed command, even if others did.
    status = 1 if failed and args.banks else 0
    now = datetime.now(UTC)
    card_facts = store.card_facts()
    per_bank = [stats.bank_stats(bank, store, now, card_facts) for bank in banks]
    # The overall count is of the banks listed, so it adds up with the table; answers to
    # other banks (or to questions since removed) are counted apart.
    total_reviews = sum(s.reviews for s in per_bank)
    other_reviews = max(0, sum(day.answers for day in store.days().values()) - total_reviews)
    streak = stats.streak(store, now)
    forecast = stats.due_forecast(banks, store, now, FORECAST_DAYS, card_facts)

    if args.json:
        doc: dict[str, Any] = {
            "reviews": total_reviews,
            "other_reviews": other_reviews,
            "streak": streak,
            "due_next_7_days": forecast,
            "banks": [
                {
                    "id": s.id,
                    "title": s.title,
                    "questions": s.questions,
                    "new": s.new,
                    "learning": s.learning,
                    "due": s.due,
                    "mastered": s.mastered,
                    "reviews": s.reviews,
                    "accuracy": None if s.accuracy is None else round(s.accuracy, 4),
                    "suspended": s.suspended,
                    "buried": s.buried,
                    "flagged": s.flagged,
                }
                for s in per_bank
            ],
            "notices": store.notices,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return status

    if per_bank:
        header = ["Bank", "Questions", "New", "Learning", "Due", "Mastered", "Reviews", "Accuracy"]
        rows = [header] + [
            [
                _shorten(safe_text(s.title)),
                str(s.questions),
                str(s.new),
                str(s.learning),
                str(s.due),
                str(s.mastered),
                str(s.reviews),
                _percent(s.accuracy),
            ]
            for s in per_bank
        ]
        for line in _table(rows, right=set(range(1, 8))):
            print(line)
        print()
    elif failed:
        print("No bank could be loaded (see the errors above).")
    else:
        print("No banks found. Name a bank file or folder: quiz stats BANK...")
    days = "day" if streak == 1 else "days"
    print(f"Reviews: {total_reviews} in all · streak: {streak} {days}")
    # A line, not three more columns: the table already fills 80 columns with long titles.
    marked = [
        sum(getattr(s, name) for s in per_bank) for name in ("suspended", "buried", "flagged")
    ]
    if any(marked):
        print("Suspended: {} · buried until tomorrow: {} · flagged: {}".format(*marked))
    if other_reviews:
        print(f"{plural(other_reviews, 'more review')} of banks or questions not listed here")
    by_day = ", ".join(str(n) for n in forecast)
    print(f"Due in the next {FORECAST_DAYS} days: {sum(forecast)} (per day from today: {by_day})")
    return status
