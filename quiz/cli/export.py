"""`quiz export BANK --format F [-o OUT]`: write a loaded bank in another format.

Every exporter registered in ``quiz.bank.formats.EXPORTERS`` is offered: ``json`` (the bank in
its own format with defaults written out, for tooling), Moodle XML, GIFT, Aiken, and the rest.
The output goes to stdout, or to OUT (written atomically); a binary format (an Anki package)
is not written to a terminal. Questions a format cannot express are skipped with a warning on
stderr naming them. Exit status: 0 when written, 1 when the bank has errors, 2 when it cannot be
found or the output cannot be written.
"""

from __future__ import annotations

import argparse
import sys

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    pass


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from quiz.bank.formats import EXPORTERS

    parser.add_argument("bank", metavar="BANK", help="the bank file to export")
    parser.add_argument(
        "--format",
        choices=list(EXPORTERS),
        default="json",
        help="output format (default: json)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write to this file (default: print it)"
    )


def _binary(module: object, data: bytes) -> bool:
    if getattr(module, "BINARY", False):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quiz.bank.errors import BankError
    from quiz.bank.formats import exporter, label
    from quiz.bank.loader import load_bank
    from quiz.bank.reading import os_reason
    from quiz.study.atomic import write_atomic

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
    if args.output is not None:
        from quiz.cli.import_ import same_file

        if same_file(path, Path(args.output)):
            print(
                f"quiz export: error: {args.output}: this is the bank being exported; "
                "write to another file",
                file=sys.stderr,
            )
            return 2
    module = exporter(args.format)
    if args.output is None and _binary(module, b"") and sys.stdout.isatty():
        # Said before the work is done, for formats that declare themselves binary.
        return _refuse_terminal(args.format)
    exported = module.write(bank)
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    for note in exported.problems:
        print(note, file=sys.stderr)
    if args.output is not None:
        out = Path(args.output)
        try:
            write_atomic(out, exported.data)
        except OSError as exc:
            print(f"quiz export: error: {out}: cannot write ({os_reason(exc)})", file=sys.stderr)
            return 2
        print(f"exported {path} as {label(module)} to {out}", file=sys.stderr)
        return 0
    if _binary(module, exported.data) and sys.stdout.isatty():
        return _refuse_terminal(args.format)
    sys.stdout.flush()
    sys.stdout.buffer.write(exported.data)
    sys.stdout.flush()
    return 0


def _refuse_terminal(fmt: str) -> int:
    print(
        f"quiz export: error: {fmt} is a binary format, not for a terminal: "
        f"write it to a file with -o FILE (or redirect the output)",
        file=sys.stderr,
    )
    return 2
