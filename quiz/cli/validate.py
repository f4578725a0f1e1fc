"""`quiz validate PATH...`: check bank files and folders and print every problem.

Exit status: 0 when every bank is valid (warnings allowed, unless --strict), 1 when any bank has
an error, 2 on a usage error (a path that does not exist, a folder without banks). With
--quality, the findings of ``quiz lint`` count as warnings that fail the bank.
"""

from __future__ import annotations

import argparse
import sys

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
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
    parser.add_argument(
        "--quality",
        action="store_true",
        help="also run the quality checks of 'quiz lint' (near-duplicates, giveaway choices...)",
    )


def _counts(errors: int, warnings: int) -> str:
    from quiz.words import plural

    parts = [plural(errors, "error")] if errors else []
    if warnings:
        parts.append(plural(warnings, "warning"))
    return ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    return check_banks(args.paths, strict=args.strict, quality=args.quality)


def bank_files(paths: list[str], command: str) -> list[Path] | None:
    """The bank files under ``paths``; None after saying on stderr why there are none."""
    from pathlib import Path

    from quiz.bank.loader import find_bank_files
    from quiz.bank.reading import os_reason

    if hasattr(sys.stdout, "reconfigure"):
        # Bank text may hold characters the terminal's encoding lacks: escape, never crash.
        sys.stdout.reconfigure(errors="backslashreplace")
    found = [Path(p) for p in paths]
    missing = False
    for p in found:
        try:
            p.stat()
        except OSError as exc:  # not found, a symlink loop, a folder on the way not readable
            missing = True
            print(f"quiz {command}: error: {p}: {os_reason(exc)}", file=sys.stderr)
    if missing:
        return None
    files = find_bank_files(found)
    if not files:
        where = ", ".join(str(p) for p in found)
        print(f"quiz {command}: error: no bank files (*.yaml, *.yml) in {where}", file=sys.stderr)
        return None
    return files


def check_banks(paths: list[str], *, strict: bool, quality: bool, command: str = "validate") -> int:
    """Load every bank under ``paths`` and print its problems (and, with ``quality``, the
    findings of ``quiz.bank.lint`` as warnings); the exit status of ``quiz validate``."""
    import gc

    from quiz.bank.errors import BankError
    from quiz.bank.gcpause import gc_paused
    from quiz.bank.loader import load_bank_outline_with_warnings, load_bank_with_warnings
    from quiz.words import plural

    files = bank_files(paths, command)
    if files is None:
        return 2
    strict = strict or quality

    failed = 0
    for file in files:
        try:
            with gc_paused():
                if quality:
                    bank, warnings = load_bank_with_warnings(file)
                    count = len(bank.questions)
                else:
                    # Checking needs the count and the warnings alone: a bank in the cache
                    # gives both from its entry's first line, without building a question.
                    outline, warnings = load_bank_outline_with_warnings(file)
                    count = len(outline.question_ids)
                # Kept out of the cyclic collector while it is still paused: the bank lives
                # until it is checked and is then freed by its reference counts (it holds no
                # cycle), and the collector's first pass after the load would only walk all of
                # its objects once more (10-13 ms for 10,000 questions).
                gc.freeze()
        except BankError as exc:
            failed += 1
            for problem in exc.problems:
                print(problem)
            errors = sum(p.severity == "error" for p in exc.problems)
            print(f"failed: {file} ({_counts(errors, len(exc.problems) - errors)})")
            continue
        if quality:
            from quiz.bank.lint import lint

            warnings = sorted([*warnings, *lint(bank)], key=lambda p: (p.line, p.column))
        for problem in warnings:
            print(problem)
        if strict and warnings:
            failed += 1
            why = "--strict" if command == "validate" and not quality else "quality"
            print(f"failed: {file} ({_counts(0, len(warnings))}, {why})")
            continue
        extra = f", {plural(len(warnings), 'warning')}" if warnings else ""
        print(f"ok: {file} ({plural(count, 'question')}{extra})")
    if len(files) > 1:
        print(f"{plural(len(files), 'bank')} checked: {len(files) - failed} ok, {failed} failed")
    return 1 if failed else 0
