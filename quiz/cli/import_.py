"""`quiz import FILE [--format F] [-o OUT.yaml]`: turn another format's questions into a bank.

The format is the one given, else guessed from the file name and then the content (see
``quiz.bank.formats.guess_format``); every registered importer is offered. The YAML goes to
stdout, or to OUT (written atomically); problems go to stderr as ``FILE:LINE: error|warning:
...``. Exit status: 0 when at least one question was imported (what was left out is reported),
1 when the file holds nothing importable, 2 when it cannot be read or its format not told.
"""

from __future__ import annotations

import argparse
import sys

# Not typing.TYPE_CHECKING, and no import of these at the top: `quiz --help` imports every
# command's module, and pathlib, datetime and typing would add ~10 ms to it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# Like banks: a question file larger than this is refused before it is read.
MAX_BYTES = 64 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from quiz.bank.formats import IMPORTERS

    parser.add_argument("file", metavar="FILE", help="the file to import")
    parser.add_argument(
        "--format",
        choices=list(IMPORTERS),
        help="the file's format (default: guessed from its name, then its content)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.yaml",
        help="write the bank to this file (default: print it)",
    )


def _fail(message: str) -> int:
    print(f"quiz import: error: {message}", file=sys.stderr)
    return 2


def same_file(a: Path, b: Path) -> bool:
    """Whether ``b`` is the file ``a`` (also through a symlink or another spelling of it)."""
    try:
        return a.samefile(b)
    except OSError:  # b does not exist yet: it cannot be a
        return False


def _read(path: Path) -> bytes | str:
    """The file's bytes, or why they cannot be read."""
    from quiz.bank.reading import NotARegularFile, TooLarge, format_size, os_reason, read_limited

    try:
        return read_limited(path, MAX_BYTES)
    except NotARegularFile as exc:
        return f"{path}: this is {exc.kind}, not a question file"
    except TooLarge:
        return f"{path}: the file is too large (the limit is {format_size(MAX_BYTES)})"
    except OSError as exc:
        return f"{path}: {os_reason(exc)}"


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quiz.bank.formats import IMPORTERS, guess_format, importer, label
    from quiz.bank.formats.yamlout import dump
    from quiz.bank.reading import os_reason
    from quiz.study.atomic import write_atomic
    from quiz.words import plural

    if hasattr(sys.stderr, "reconfigure"):
        # Messages quote the file's text, which the terminal's encoding may lack.
        sys.stderr.reconfigure(errors="backslashreplace")
    path = Path(args.file)
    data = _read(path)
    if isinstance(data, str):
        return _fail(data)
    fmt = args.format or guess_format(path, data)
    if fmt is None and not data.strip():
        # Nothing to import, whatever the format: say so rather than that it cannot be told.
        print(f"{path}: error: the file is empty", file=sys.stderr)
        return 1
    if fmt is None:
        return _fail(
            f"{path}: cannot tell the format of this file; name it with --format "
            f"({', '.join(IMPORTERS)})"
        )
    if args.output is not None and same_file(path, Path(args.output)):
        return _fail(
            f"{args.output}: this is the file being imported; write the bank to another file"
        )
    module = importer(fmt)
    imported = module.read(data, path)
    dumped = dump(imported, source=str(path), format_label=label(module))
    for note in [*imported.problems, *dumped.problems]:
        print(note, file=sys.stderr)
    if dumped.count == 0:
        if not any(n.severity == "error" for n in [*imported.problems, *dumped.problems]):
            print(f"{path}: error: no question could be imported", file=sys.stderr)
        return 1
    text = dumped.text.encode("utf-8")
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
        where = "stdout"
    else:
        out = Path(args.output)
        try:
            write_atomic(out, text)
        except OSError as exc:
            return _fail(f"{out}: cannot write the bank ({os_reason(exc)})")
        where = str(out)
    print(
        f"imported {plural(dumped.count, 'question')} from {path} ({label(module)}) to {where}",
        file=sys.stderr,
    )
    return 0
