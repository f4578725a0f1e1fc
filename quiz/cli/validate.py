"""`quiz validate PATH...`: check bank files and folders and print every problem.

Exit status: 0 when every bank is valid (warnings allowed, unless --strict), 1 when any bank has
an error, 2 on a usage error (a path that does not exist, a folder without banks).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="bank files, or folders to search for *.yaml and *.yml files",
    )
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as errors (exit 1 on a warning)"
    )


def _counts(errors: int, warnings: int) -> str:
    from quiz.words import plural

    parts = [plural(errors, "error")] if errors else []
    if warnings:
        parts.append(plural(warnings, "warning"))
    return ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    from quiz.bank.errors import BankError
    from quiz.bank.loader import find_bank_files, load_bank_with_warnings
    from quiz.bank.yamlsafe import os_reason
    from quiz.words import plural

    if hasattr(sys.stdout, "reconfigure"):
        # Bank text may hold characters the terminal's encoding lacks: escape, never crash.
        sys.stdout.reconfigure(errors="backslashreplace")
    paths = [Path(p) for p in args.paths]
    missing = False
    for p in paths:
        try:
            p.stat()
        except OSError as exc:  # not found, a symlink loop, a folder on the way not readable
            missing = True
            print(f"quiz validate: error: {p}: {os_reason(exc)}", file=sys.stderr)
    if missing:
        return 2
    files = find_bank_files(paths)
    if not files:
        where = ", ".join(str(p) for p in paths)
        print(f"quiz validate: error: no bank files (*.yaml, *.yml) in {where}", file=sys.stderr)
        return 2

    failed = 0
    for file in files:
        try:
            bank, warnings = load_bank_with_warnings(file)
        except BankError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
            errors = sum(p.severity == "error" for p in exc.problems)
            print(f"failed: {file} ({_counts(errors, len(exc.problems) - errors)})")
            continue
        for problem in warnings:
            print(problem)
        if args.strict and warnings:
            failed += 1
            print(f"failed: {file} ({_counts(0, len(warnings))}, --strict)")
            continue
        extra = f", {plural(len(warnings), 'warning')}" if warnings else ""
        print(f"ok: {file} ({plural(len(bank.questions), 'question')}{extra})")
    if len(files) > 1:
        print(f"{plural(len(files), 'bank')} checked: {len(files) - failed} ok, {failed} failed")
    return 1 if failed else 0
