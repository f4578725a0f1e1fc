"""`quiz settings`: show or change the learner's study settings.

The settings live in the progress file (so they travel with the progress they shape): the
daily limits of new cards and reviews, the local hour at which a study day starts, and the
desired retention FSRS schedules for. With no option it prints them; each option changes one.
"""

from __future__ import annotations

import argparse
import sys

from quiz.cli.stats import add_data_dir, open_progress

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for option, (_, kind, help_text) in OPTIONS.items():
        parser.add_argument(option, type=kind, metavar="N", help=help_text)
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
    print(f"\nKept in {store.path}")
    return 0
