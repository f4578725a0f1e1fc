"""`quiz new FILE.yaml [--title T] [--source DOC]`: write a commented starter bank.

The bank has one example of every question type and the editor modeline; the JSON Schema the
modeline names is written beside it when the folder has none. An existing file is never
overwritten. Exit status: 0 when written, 1 when the file exists or cannot be written.
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
    parser.add_argument("file", metavar="FILE.yaml", help="the bank file to write")
    parser.add_argument("--title", help="the bank's title (default: from the file name)")
    parser.add_argument(
        "--source",
        metavar="DOC",
        help="the document the questions come from, relative to the bank file",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quiz.bank.reading import os_reason
    from quiz.bank.schema import schema_text
    from quiz.bank.starter import starter_bank

    path = Path(args.file)
    if path.suffix.lower() not in (".yaml", ".yml"):
        print(f"quiz new: error: {path}: a bank file ends in .yaml or .yml", file=sys.stderr)
        return 1
    title = args.title or path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
    text = starter_bank(path.name, title or "My bank", args.source)
    try:
        # "x": never overwrite a bank, even one created between a check and the write.
        with path.open("x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        print(f"quiz new: error: {path} already exists; nothing written", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"quiz new: error: {path}: {os_reason(exc)}", file=sys.stderr)
        return 1
    print(f"wrote {path}: one example of each of the 9 question types")
    schema = path.parent / "bank.schema.json"
    if not schema.exists():
        try:
            schema.write_text(schema_text(), encoding="utf-8")
            print(f"wrote {schema}: the schema its first line points editors to")
        except OSError as exc:
            print(f"quiz new: warning: {schema}: {os_reason(exc)}", file=sys.stderr)
    if args.source and not (path.parent / args.source).is_file():
        print(f"note: put the source document at {path.parent / args.source}")
    print(f"next: edit it, then run: quiz validate {path}")
    return 0
