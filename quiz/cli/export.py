"""`quiz export BANK --format json`: print a loaded bank for other tools.

The JSON is the bank in its own format with defaults written out and answers as loaded (see
``quiz.bank.export``); it validates against the schema and loads back as the same bank.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FORMATS = ("json",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bank", metavar="BANK", help="the bank file to export")
    parser.add_argument(
        "--format", choices=FORMATS, default="json", help="output format (default: json)"
    )


def run(args: argparse.Namespace) -> int:
    from quiz.bank.errors import BankError
    from quiz.bank.export import bank_to_dict
    from quiz.bank.loader import load_bank
    from quiz.bank.yamlsafe import os_reason

    path = Path(args.bank)
    try:
        what = "is a folder, not a bank file" if path.is_dir() else None
        path.stat()
    except OSError as exc:  # not found, a symlink loop, a folder on the way not readable
        what = os_reason(exc)
    if what is not None:
        print(f"quiz export: error: {path}: {what}", file=sys.stderr)
        return 2
    try:
        bank = load_bank(path)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    utf8 = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") == "utf8"
    sys.stdout.write(json.dumps(bank_to_dict(bank), indent=2, ensure_ascii=not utf8) + "\n")
    return 0
