"""`quiz settings`: show or change the learner's study settings.

The settings live in the progress file (so they travel with the progress they shape): the
daily limits of new cards and reviews, the local hour at which a study day starts, and the
desired retention FSRS schedules for, and the day of the learner's exam (for the readiness
forecast). With no option it prints them; each option changes one.
"""

from __future__ import annotations

import argparse
import sys

from quiz.cli.stats import add_data_dir, open_progress

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    pass

# option name -> (settings field, argparse type, help)
OPTIONS: dict[str, tuple[str, type, str]] = {
    "--new-per-day": ("new_per_day", int, "new cards a review session offers each day"),
    "--reviews-per-day": ("reviews_per_day", int, "most reviews offered each day"),
    "--day-starts-at": ("day_starts_at", int, "local hour (0-23) at which a study day starts"),
    "--desired-retention": (
        "desired_retention",
        float,
        "share of due cards you aim to recall (more: more reviews)",
    ),
}


EXAM_DATE_HELP = 'the day of your exam, for the readiness forecast ("" clears it)'


def _exam_date(text: str) -> str:
    """The exam date as an ISO string, or "" to clear it (argparse cannot return None)."""
    from datetime import date

    from quiz.study.days import parse_exam_date

    try:
        day = parse_exam_date(text, date.today())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return "" if day is None else day.isoformat()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for option, (_, kind, help_text) in OPTIONS.items():
        parser.add_argument(option, type=kind, metavar="N", help=help_text)
    parser.add_argument("--exam-date", type=_exam_date, metavar="YYYY-MM-DD", help=EXAM_DATE_HELP)
    add_data_dir(parser)


def run(args: argparse.Namespace) -> int:
    store = open_progress("settings", args.data_dir)
    if store is None:
        return 1
    changes = {
        field: getattr(args, option[2:].replace("-", "_"))
        for option, (field, _, _) in OPTIONS.items()
        if getattr(args, option[2:].replace("-", "_")) is not None
    }
    if args.exam_date is not None:
        changes["exam_date"] = args.exam_date or None
    if changes:
        try:
            store.update_settings(**changes)
        except ValueError as error:
            message = str(error).removeprefix("settings.")
            for option, (field, _, _) in OPTIONS.items():
                message = message.replace(field, option)
            print(f"quiz settings: error: {message}", file=sys.stderr)
            return 2
    settings = store.settings
    for option, (field, _, help_text) in OPTIONS.items():
        print(f"{option[2:]:<18} {getattr(settings, field):<6}  {help_text}")
    print(f"{'exam-date':<18} {settings.exam_date or 'none':<6}  {EXAM_DATE_HELP}")
    print(f"\nKept in {store.path}")
    return 0
