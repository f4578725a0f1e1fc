"""`quiz coverage BANK`: the sentences and clauses of a bank's source document that no question
quotes, and the share of the document covered.

Each gap is printed as ``DOC:LINE:COL: not quoted: "..."`` (a clause of a sentence that is
otherwise quoted as ``not quoted (part): "..."``), then a summary line. Exit status: 0 when the
document is fully covered, 1 when something is not quoted or the bank has errors, 2 on a usage
error (no such bank, or a bank without a source document).
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
    parser.add_argument("bank", metavar="BANK", help="a bank file with a 'source' document")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from quiz.bank.coverage import coverage
    from quiz.bank.errors import BankError
    from quiz.bank.loader import load_bank
    from quiz.bank.suggest import show
    from quiz.words import plural

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    path = Path(args.bank)
    if not path.is_file():
        print(f"quiz coverage: error: {path}: no such bank file", file=sys.stderr)
        return 2
    try:
        bank = load_bank(path)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    if bank.source is None:
        print(
            f"quiz coverage: error: {path} names no source document (a top-level 'source:')",
            file=sys.stderr,
        )
        return 2
    document = path.parent / bank.source
    text, why = _document_text(path.parent, document)
    if text is None:
        print(f"quiz coverage: error: {document}: {why}", file=sys.stderr)
        return 2
    result = coverage(text, (quote for q in bank.questions for quote in q.sources))
    gaps = result.gaps()
    sentences = len(result.sentences)
    for sentence, clauses in gaps:
        if sentence.covered == 0:
            where = f"{document}:{sentence.line}:{sentence.column}"
            print(f"{where}: not quoted: {show(sentence.text, 200)}")
            continue
        for clause in clauses:
            where = f"{document}:{clause.line}:{clause.column}"
            print(f"{where}: not quoted (part): {show(clause.text, 200)}")
    share = result.share * 100
    shown = f"{share:.0f}%" if share in (0, 100) or 1 <= share <= 99 else f"{share:.1f}%"
    quoted = sentences - len(gaps)
    print(
        f"coverage: {shown} of {document} ({quoted} of {plural(sentences, 'sentence')} fully "
        f"quoted, by {plural(len(bank.questions), 'question')})"
    )
    return 1 if gaps else 0


def _document_text(base_dir: Path, document: Path) -> tuple[str | None, str]:
    """The source document's text, or why it cannot be used. The loader checks the document
    only when a question quotes it, so a bank without quotes yet reaches here unchecked; it is
    held to the same rules: inside the bank's folder (coverage prints the document back, so a
    bank from someone else must not point at ~/.ssh/...), a regular file, UTF-8."""
    from quiz.bank.loader import DEFAULT_MAX_BYTES
    from quiz.bank.reading import NotARegularFile, TooLarge, format_size, os_reason, read_limited

    try:
        inside = document.resolve().is_relative_to(base_dir.resolve())
    except (OSError, RuntimeError):  # a symlink loop: reported by the read below
        inside = True
    if not inside:
        return None, (
            "the source document must be inside the bank's folder (keep it beside the bank, "
            "for example in sources/)"
        )
    try:
        data = read_limited(document, DEFAULT_MAX_BYTES)
    except NotARegularFile as exc:
        return None, f"the source document is {exc.kind}, not a text file"
    except TooLarge:
        return None, f"the source document is over {format_size(DEFAULT_MAX_BYTES)}"
    except OSError as exc:
        return None, f"cannot read the source document ({os_reason(exc)})"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, "the source document is not UTF-8 text; save it with the UTF-8 encoding"
