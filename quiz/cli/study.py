"""`quiz study` and plain `quiz`: open the terminal app (to be implemented)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("banks", nargs="*", metavar="BANK_OR_FOLDER")
    parser.add_argument("--data-dir", metavar="DIR")


def run(args: argparse.Namespace) -> int:
    print("quiz: the terminal app is not implemented yet")
    return 1
