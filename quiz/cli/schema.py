"""`quiz schema`: print the JSON Schema of the bank format (the file editors point to)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Save it beside your banks (quiz schema > bank.schema.json) and editors with "
        "yaml-language-server use it through the first line "
        "'# yaml-language-server: $schema=bank.schema.json'."
    )


def run(args: argparse.Namespace) -> int:
    from quiz.bank.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
