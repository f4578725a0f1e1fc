"""`quiz results`: the history of finished sessions, as a table or as CSV for a spreadsheet.

With ``--class DIR`` (the class folder of ``quiz serve``): every student's sessions in one
table, with the per-tag breakdown, then the questions the class got right least often.

Exit status: 0 when the history was printed (also empty, or after restoring a damaged progress
file, which is reported), 1 when the progress file cannot be used (e.g. from a newer version)
or, with ``--class``, when the folder is not there.
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


# The table shows this many of the latest sessions unless told otherwise: a year's history is
# thousands of them, which scroll past in a terminal. The CSV has them all.
SHOWN = 20


def _count(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--csv", action="store_true", help="print comma-separated values (for a spreadsheet)"
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--last",
        type=_count,
        metavar="N",
        help=f"only the latest N sessions (default for the table: {SHOWN}; the CSV has all)",
    )
    shown.add_argument("--all", action="store_true", help="every session, in the table too")
    add_data_dir(parser)
    parser.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        help="a class folder (quiz serve --class-dir): every student's sessions and the "
        "class's hardest questions",
    )


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


def _points(result: dict[str, Any]) -> tuple[float | None, float | None, float | None]:
    """A session's score, the most it could have scored, and its percentage (worked out from
    the two when an older result did not keep it)."""
    score = _number(result.get("score"))
    top = _number(result.get("max", result.get("max_score")))
    percent = _number(result.get("percent"))
    if percent is None and score is not None and top:
        percent = 100 * score / top
    return score, top, percent


def _row(result: dict[str, Any]) -> dict[str, Any]:
    """One session's fields, tolerant of results written by older versions."""
    score, top, percent = _points(result)
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


def _csv_row(row: dict) -> dict:
    """A session's row as the CSV writes it."""
    date = row["date"]
    return {
        **row,
        "date": date.strftime("%Y-%m-%d %H:%M:%S") if date else "",
        "score": _num_text(row["score"]),
        "max": _num_text(row["max"]),
        "percent": "" if row["percent"] is None else round(row["percent"], 2),
        # One format in every row (a spreadsheet reads "12" and "90.5" alike, a script
        # comparing text does not): seconds with one decimal.
        "duration_seconds": ""
        if row["duration_seconds"] is None
        else f"{row['duration_seconds']:.1f}",
        "passed": "" if row["passed"] is None else ("yes" if row["passed"] else "no"),
        "completed": "yes" if row["completed"] else "no",
    }


def run(args: argparse.Namespace) -> int:
    import csv
    import sys

    from quiz.cli.stats import _table, open_progress, safe_text

    if args.class_dir is not None:
        return _class_results(args)
    store = open_progress("results", args.data_dir, reading=True)
    if store is None:
        return 1
    results = store.sessions()
    last = args.last
    if last is None and not args.all and not args.csv:
        last = SHOWN
    rows = [_row(r) for r in (results if last is None else results[-last:])]

    if args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(_csv_row(row))
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
    print()
    print(_summary(results, len(rows), told=args.last is not None))
    return 0


def _summary(results: list[dict[str, Any]], shown: int, *, told: bool) -> str:
    """The line under the table: how many sessions there are, and their mean score."""
    from quiz.words import plural

    percents = [p for p in (_points(r)[2] for r in results) if p is not None]
    line = plural(len(results), "session")
    if percents:
        line += f", mean score {sum(percents) / len(percents):.0f}%"
    if shown < len(results):
        line += f"; the latest {shown} shown"
        if not told:
            line += " (--all for every one, --csv for a spreadsheet)"
    return line


def _tags_text(result: dict[str, Any]) -> str:
    from quiz.study.classroom import by_tag

    return ", ".join(
        f"{tag} {_num_text(got)}/{_num_text(out_of)}" for tag, got, out_of in by_tag(result)
    )


def _class_results(args: argparse.Namespace) -> int:
    import csv
    import sys
    from pathlib import Path

    from quiz.cli.stats import _table, safe_text
    from quiz.study.classroom import report

    if args.data_dir is not None:
        print("quiz results: error: --class and --data-dir cannot go together", file=sys.stderr)
        return 2
    class_dir = Path(args.class_dir).expanduser()
    if not class_dir.is_dir():
        print(f"quiz results: error: {class_dir}: no such class folder", file=sys.stderr)
        return 1
    found = report(class_dir)
    for problem in found.problems:
        print(f"quiz results: {safe_text(problem)}", file=sys.stderr)
    rows = [(student, _row(result), result) for student, result in found.sessions]

    if args.csv:
        fields = ["student", *CSV_COLUMNS, "tags"]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for student, row, result in rows:
            writer.writerow({**_csv_row(row), "student": student, "tags": _tags_text(result)})
        return 0

    if not rows:
        print(f"No finished sessions in {class_dir} yet.")
        return 0
    table = [["Student", "Date", "Bank", "Mode", "Score", "Max", "%", "Result", "By tag"]]
    for student, row, result in rows:
        date = row["date"]
        table.append(
            [
                safe_text(student),
                date.strftime("%Y-%m-%d %H:%M") if date else "?",
                safe_text(row["bank"]),
                safe_text(row["mode"]),
                _num_text(row["score"]),
                _num_text(row["max"]),
                "" if row["percent"] is None else f"{row['percent']:.0f}%",
                _verdict(row),
                safe_text(_tags_text(result)),
            ]
        )
    for line in _table(table, right={4, 5, 6}):
        print(line)
    students = len({student for student, _, _ in rows})
    print(
        f"\n{len(rows)} session{'s' if len(rows) != 1 else ''} "
        f"of {students} student{'s' if students != 1 else ''}"
    )
    if found.hardest:
        print("\nHardest questions (lowest share right):")
        hard = [["Question", "Right", "Answers", "Students", "%"]]
        for h in found.hardest:
            hard.append(
                [
                    safe_text(h.key),
                    str(h.right),
                    str(h.answers),
                    str(h.students),
                    f"{100 * h.share:.0f}%",
                ]
            )
        for line in _table(hard, right={1, 2, 3, 4}):
            print(line)
    return 0
