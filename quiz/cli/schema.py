"""`quiz schema`: print the JSON Schema of the bank format (the file editors point to)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Editors with yaml-language-server use it through a first line like "
        "'# yaml-language-server: $schema=../quiz/bank/bank.schema.json'."
    )


def run(args: argparse.Namespace) -> int:
    from quiz.bank.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
