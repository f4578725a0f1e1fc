"""`quiz results`: the history of finished sessions, as a table or as CSV for a spreadsheet.

Exit status: 0 when the history was printed (also empty, or after restoring a damaged progress
file, which is reported), 1 when the progress file cannot be used (e.g. from a newer version).
"""

from __future__ import annotations

import argparse

from quiz.cli.stats import add_data_dir

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

CSV_COLUMNS = [
    "date",
    "bank",
    "mode",
    "score",
    "max",
    "percent",
    "duration_seconds",
    "passed",
    "answered",
    "total",
    "session_id",
    # Appended, not inserted, so spreadsheets reading columns by position keep working.
    "completed",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--csv", action="store_true", help="print comma-separated values (for a spreadsheet)"
    )
    add_data_dir(parser)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _started(value: Any) -> datetime | None:
    from datetime import UTC, datetime

    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()  # the learner's local time


def _row(result: dict[str, Any]) -> dict[str, Any]:
    """One session's fields, tolerant of results written by older versions."""
    score = _number(result.get("score"))
    top = _number(result.get("max", result.get("max_score")))
    percent = _number(result.get("percent"))
    if percent is None and score is not None and top:
        percent = 100 * score / top
    banks = result.get("banks")
    if isinstance(banks, list):
        bank = ", ".join(str(b) for b in banks)
    else:
        bank = str(result.get("bank", ""))
    passed = result.get("passed")
    # Results written before "completed" existed were all recorded as finished.
    completed = result.get("completed", True)
    return {
        "date": _started(result.get("started")),
        "bank": bank,
        "mode": str(result.get("mode", "")),
        "score": score,
        "max": top,
        "percent": percent,
        "duration_seconds": _number(result.get("duration")),
        "passed": passed if isinstance(passed, bool) else None,
        "answered": result.get("answered"),
        "total": result.get("total"),
        "session_id": result.get("id", result.get("session_id")),
        "completed": completed if isinstance(completed, bool) else True,
    }


def _num_text(value: float | None) -> str:
    from quiz.words import score_text

    return "" if value is None else score_text(value)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _verdict(row: dict[str, Any]) -> str:
    if not row["completed"]:
        return "left early"
    return {True: "passed", False: "failed", None: ""}[row["passed"]]


def run(args: argparse.Namespace) -> int:
    import csv
    import sys

    from quiz.cli.stats import _table, open_progress, safe_text

    store = open_progress("results", args.data_dir)
    if store is None:
        return 1
    rows = [_row(r) for r in store.sessions()]

    if args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            date = row["date"]
            writer.writerow(
                {
                    **row,
                    "date": date.strftime("%Y-%m-%d %H:%M:%S") if date else "",
                    "score": _num_text(row["score"]),
                    "max": _num_text(row["max"]),
                    "percent": "" if row["percent"] is None else round(row["percent"], 2),
                    # One format in every row (a spreadsheet reads "12" and "90.5" alike, a
                    # script comparing text does not): seconds with one decimal.
                    "duration_seconds": ""
                    if row["duration_seconds"] is None
                    else f"{row['duration_seconds']:.1f}",
                    "passed": "" if row["passed"] is None else ("yes" if row["passed"] else "no"),
                    "completed": "yes" if row["completed"] else "no",
                }
            )
        return 0

    if not rows:
        print("No finished sessions yet.")
        return 0
    table = [["Date", "Bank", "Mode", "Score", "Max", "%", "Time", "Result"]]
    for row in rows:
        date = row["date"]
        table.append(
            [
                date.strftime("%Y-%m-%d %H:%M") if date else "?",
                safe_text(row["bank"]),
                safe_text(row["mode"]),
                _num_text(row["score"]),
                _num_text(row["max"]),
                "" if row["percent"] is None else f"{row['percent']:.0f}%",
                _duration(row["duration_seconds"]),
                _verdict(row),
            ]
        )
    for line in _table(table, right={3, 4, 5, 6}):
        print(line)
    sessions = "session" if len(rows) == 1 else "sessions"
    print(f"\n{len(rows)} {sessions}")
    return 0
