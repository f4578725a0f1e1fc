"""`quiz study` and plain `quiz`: open the terminal app on the banks found and named.

Arguments are checked here (argparse errors exit 2) so that the app only ever starts with
usable options; Textual is imported inside ``run``.
"""

from __future__ import annotations

import argparse
import sys

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date, timedelta

# Seconds a thread may hold the interpreter lock while another waits for it (see ``run``).
SWITCH_INTERVAL = 0.0005


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _minutes(text: str) -> timedelta:
    from datetime import timedelta

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected minutes as a number, got {text!r}") from None
    if not 0 < value <= 24 * 60:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 1440, got {text}")
    return timedelta(minutes=value)


def _percent(text: str) -> float:
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage, got {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be from 0 to 100, got {text}")
    return value


def _tags(text: str) -> frozenset[str]:
    tags = frozenset(t.strip() for t in text.split(",") if t.strip())
    if not tags:
        raise argparse.ArgumentTypeError("expected one or more tags separated by commas")
    return tags


def _day(text: str) -> date:
    from datetime import date

    from quiz.study.days import parse_exam_date

    try:
        day = parse_exam_date(text, date.today())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if day is None:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD")
    return day


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # The one list of modes, the engine's (a module of one enum: nothing else is loaded).
    from quiz.study.modes import MODES

    parser.add_argument(
        "banks",
        nargs="*",
        metavar="BANK_OR_FOLDER",
        help="bank files or folders to study, besides the bundled banks, ./question_banks "
        "and your banks folder",
    )
    parser.add_argument(
        "--mode",
        choices=MODES,
        help="go straight into this mode (over the banks named, else all) and quit at the end",
    )
    parser.add_argument(
        "--count", type=_positive_int, metavar="N", help="questions per session (default: all)"
    )
    parser.add_argument(
        "--tags", type=_tags, metavar="T,...", help="only questions with one of these tags"
    )
    parser.add_argument("--seed", type=int, metavar="S", help="seed for a reproducible order")
    parser.add_argument(
        "--time-limit", type=_minutes, metavar="MIN", help="exam time limit in minutes"
    )
    parser.add_argument(
        "--pass-mark", type=_percent, metavar="PCT", help="exam pass mark in percent (default 70)"
    )
    parser.add_argument(
        "--exam-date",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the day of your exam, for the readiness forecast in the statistics",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where your progress is kept (default: $QUIZ_DATA_DIR, else your user data folder)",
    )


def run(args: argparse.Namespace) -> int:
    import gc

    # Start-up makes a few hundred thousand objects that live as long as the app (Textual's
    # modules, the banks, the progress) and frees few of them: the cyclic collector's passes
    # over them were a seventh of the time to the first question. The app turns it back on
    # once its first screen is up (QuizApp.on_mount).
    gc.disable()
    from pathlib import Path

    from quiz.study.session import SessionOptions
    from quiz.study.store import ProgressError
    from quiz.tui.app import make_app

    options = SessionOptions(
        count=args.count,
        tags=args.tags or frozenset(),
        seed=args.seed,
        time_limit=args.time_limit,
        pass_mark=args.pass_mark,
    )
    try:
        app = make_app(
            bank_paths=[Path(p) for p in args.banks],
            data_dir=args.data_dir,
            mode=args.mode,
            options=options,
            exam_date=args.exam_date,
        )
        if args.exam_date is not None:
            # Kept with the progress, so the next start without --exam-date still knows it.
            app.store.update_settings(exam_date=args.exam_date.isoformat())
    except (ProgressError, OSError) as error:
        print(f"quiz: {error}", file=sys.stderr)
        return 1
    if args.mode is not None and not app.named_banks:
        for entry in app.entries:
            print(f"{entry.problem}", file=sys.stderr)
        print("quiz: no bank to study: name a valid bank file or folder", file=sys.stderr)
        return 1
    # Textual's writer thread puts each frame on the terminal once it has the interpreter
    # lock, and the app's thread goes on with what the key set off (the next layout, the key
    # bar): Python's default 5 ms per hand-over was felt on every key.
    sys.setswitchinterval(SWITCH_INTERVAL)
    app.run()
    return app.return_code or 0
