"""Loading question banks: the public entry points, the bank's top level, and finding files.

``load_bank`` and ``loads_bank`` return a valid ``Bank`` or raise ``BankError`` carrying every
problem of the file (errors and warnings, each with line and column). Warnings do not stop a
bank from loading; callers that want to show them use ``load_bank_with_warnings`` or
``loads_bank_with_warnings``, which return ``(bank, warnings)``.

The steps, cheapest guard first: size (checked with stat, before reading), UTF-8, control
characters, YAML syntax (composed into nodes, see ``yamlsafe``), then the format itself
(``questions``), then the ``source`` quotes against the source document (``quotes``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from yaml.nodes import MappingNode, Node

from quiz.bank.errors import BankError, Problem
from quiz.bank.keys import ALL_QUESTION_KEYS, BANK_KEYS
from quiz.bank.model import Bank, Question
from quiz.bank.nodes import SLUG, NodeReader, slugify
from quiz.bank.questions import QuestionBuilder
from quiz.bank.quotes import SourceDocument
from quiz.bank.report import Report, TooManyProblems
from quiz.bank.suggest import did_you_mean_key, show, show_key
from quiz.bank.yamlsafe import (
    NotARegularFile,
    TooLarge,
    check_characters,
    compose_or_recover,
    decode,
    format_size,
    os_reason,
    read_bytes,
    read_limited,
)

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
BANK_SUFFIXES = (".yaml", ".yml")
_OPTIONAL_TEXT_KEYS = ("description", "author", "language", "version", "license")
# The id of a bank read from a string with no file name, e.g. loads_bank(text).
DEFAULT_BANK_ID = "bank"

__all__ = [
    "BankError",
    "find_bank_files",
    "load_bank",
    "load_bank_with_warnings",
    "loads_bank",
    "loads_bank_with_warnings",
]


def load_bank(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Bank:
    """Load and check the bank file at ``path``; raise ``BankError`` with every problem."""
    return load_bank_with_warnings(path, max_bytes=max_bytes)[0]


def load_bank_with_warnings(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Bank, list[Problem]]:
    """Like ``load_bank``, also returning the warnings of a bank that loaded."""
    from quiz.bank import cache

    path = Path(path)
    report = Report(str(path))
    data = read_bytes(path, max_bytes, report)
    if data is not None and (cached := cache.get(path, data, max_bytes)) is not None:
        return cached
    text = decode(data, report) if data is not None else None
    if text is None:
        raise report.fail()
    bank, warnings = _load_text(text, report, path=path, base_dir=path.parent, max_bytes=max_bytes)
    assert data is not None
    cache.put(path, data, max_bytes, bank, warnings)
    return bank, warnings


def loads_bank(text: str, filename: str = "<string>", base_dir: Path | None = None) -> Bank:
    """Load a bank from YAML text. ``filename`` names it in messages and gives the default
    bank id (its stem; ``bank`` for a name in angle brackets such as ``<string>``);
    ``base_dir`` is where a relative ``source`` document is looked up (default: the
    directory of ``filename``)."""
    return loads_bank_with_warnings(text, filename, base_dir)[0]


def loads_bank_with_warnings(
    text: str, filename: str = "<string>", base_dir: Path | None = None
) -> tuple[Bank, list[Problem]]:
    """Like ``loads_bank``, also returning the warnings of a bank that loaded."""
    report = Report(filename)
    # A file's byte-order mark is dropped when it is decoded; text handed over may still
    # start with one, and a BOM anywhere else is refused as an invisible character.
    text = text.removeprefix("\ufeff")
    if base_dir is None:
        base_dir = Path(filename).parent
    return _load_text(text, report, path=None, base_dir=Path(base_dir))


def find_bank_files(paths: Iterable[Path | str]) -> list[Path]:
    """Bank files under ``paths``: a path that is not a folder is taken as given; a folder gives
    its ``*.yaml`` and ``*.yml`` files, searched recursively in sorted order, skipping
    ``sources/`` folders and hidden ones. Paths that do not exist are skipped; each file is
    listed once. Nothing is opened: a named pipe or a symlink loop is listed like a file, and
    ``load_bank`` refuses it with a message instead of blocking on it."""
    found: list[Path] = []
    seen: set[Path] = set()

    def add(file: Path) -> None:
        try:
            key = file.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
            key = file.absolute()
        if key not in seen:
            seen.add(key)
            found.append(file)

    for path in map(Path, paths):
        if path.is_dir():
            in_folder: list[Path] = []
            for folder, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d != "sources" and not d.startswith(".")]
                in_folder.extend(
                    Path(folder, f)
                    for f in files
                    if f.endswith(BANK_SUFFIXES) and not f.startswith(".")
                )
            for file in sorted(in_folder):
                add(file)
        elif path.exists():
            add(path)
    return found


def _load_text(
    text: str,
    report: Report,
    *,
    path: Path | None,
    base_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Bank, list[Problem]]:
    try:
        if not check_characters(text, report):
            raise report.fail()
        root, recovered = compose_or_recover(text, report)
        if root is None:
            if recovered:
                builder = QuestionBuilder(NodeReader(report, check_escapes="\\" in text, text=text))
                _check_questions(recovered, builder, report)
            raise report.fail()
        bank = _build_bank(root, text, report, path=path, base_dir=base_dir, max_bytes=max_bytes)
    except TooManyProblems:
        raise report.fail() from None
    if bank is None or report.errors:
        raise report.fail()
    return bank, sorted(report.warnings, key=lambda p: (p.line, p.column))


def _build_bank(
    root: Node, text: str, report: Report, *, path: Path | None, base_dir: Path, max_bytes: int
) -> Bank | None:
    reader = NodeReader(report, check_escapes="\\" in text, text=text)
    if type(root) is not MappingNode:
        what = "a list" if isinstance(root.value, list) else f"the text {show(root.value)}"
        report.error(
            root,
            f"the top level of a bank must be a mapping with 'title' and 'questions', found {what}",
        )
        return None
    items = reader.items(root, "the bank", None)
    if items is None:
        return None
    for name in [k for k in items if k not in BANK_KEYS]:
        key_node = items.pop(name)[0]
        hint = did_you_mean_key(name, BANK_KEYS)
        if not hint and name in ALL_QUESTION_KEYS:
            hint = " (question keys go inside a question in the 'questions' list)"
        report.error(key_node, f"unknown key {show_key(name)} at the top level{hint}")

    fields: dict[str, str | None] = {}
    if "title" in items:
        fields["title"] = reader.text(items["title"][1], "'title'")
    else:
        report.error(root, "missing 'title': the name of the bank")
    for key in _OPTIONAL_TEXT_KEYS:
        if key in items:
            fields[key] = reader.text(items[key][1], f"'{key}'")
    bank_id = _bank_id(items, reader, path, report)
    source = reader.text(items["source"][1], "'source'") if "source" in items else None

    builder = QuestionBuilder(reader)
    questions = _questions(items, root, builder, report)
    _check_quotes(builder, items, source, base_dir, max_bytes, report)
    if report.errors or bank_id is None or questions is None:
        return None
    return Bank(
        id=bank_id,
        title=fields["title"] or "",
        questions=questions,
        description=fields.get("description"),
        author=fields.get("author"),
        language=fields.get("language"),
        version=fields.get("version"),
        license=fields.get("license"),
        source=source,
        path=path,
    )


def _bank_id(items: dict, reader: NodeReader, path: Path | None, report: Report) -> str | None:
    if "id" in items:
        return reader.slug(items["id"][1], "bank id")
    if path is None:
        stem = Path(report.file).stem
        if report.file.startswith("<"):
            return DEFAULT_BANK_ID
    else:
        stem = path.stem
    if SLUG.match(stem):
        return stem
    report.error(
        None,
        f"the bank id comes from the file name, but {show(stem)} is not a valid id: "
        f"add 'id: {slugify(stem)}' or rename the file (letters, digits, '-', '_', '.')",
    )
    return None


def _questions(
    items: dict, root: Node, builder: QuestionBuilder, report: Report
) -> tuple[Question, ...] | None:
    if "questions" not in items:
        report.error(root, "missing 'questions': a list of at least one question")
        return None
    list_node = items["questions"][1]
    nodes = builder.reader.sequence(list_node, "'questions'")
    if nodes is None:
        return None
    if not nodes:
        report.error(list_node, "'questions' is empty: a bank needs at least one question")
        return None
    return _check_questions(nodes, builder, report)


def _check_questions(
    nodes: list[Node], builder: QuestionBuilder, report: Report
) -> tuple[Question, ...]:
    questions: list[Question] = []
    first_line: dict[str, int] = {}
    for number, node in enumerate(nodes, 1):
        question, qid, id_node = builder.build(node, number)
        if qid is not None and id_node is not None:
            if qid in first_line:
                report.error(
                    id_node,
                    f"duplicate question id {show(qid)} (first used at line {first_line[qid]}); "
                    "ids must be unique in a bank",
                )
                continue
            first_line[qid] = id_node.start_mark.line + 1
        if question is not None:
            questions.append(question)
    return tuple(questions)


def _check_quotes(
    builder: QuestionBuilder,
    items: dict,
    source: str | None,
    base_dir: Path,
    max_bytes: int,
    report: Report,
) -> None:
    if not builder.quotes:
        return
    if source is None:
        if "source" not in items:
            report.warning(
                builder.quotes[0][1],
                "questions quote a 'source' but the bank names no source document "
                "(a top-level 'source:'), so the quotes are not checked",
            )
        return
    source_node = items["source"][1]
    document = _read_source(base_dir / source, source, base_dir, source_node, max_bytes, report)
    if document is None:
        return
    for quote, node in builder.quotes:
        if document.contains(quote):
            continue
        near = document.closest(quote)
        hint = f" (closest passage: {show(near, 100)})" if near else ""
        report.error(node, f"source quote {show(quote)} is not in {show(source)}{hint}")


def _read_source(
    file: Path, source: str, base_dir: Path, node: Node, max_bytes: int, report: Report
) -> SourceDocument | None:
    name = show(source)
    # The closest-passage hint quotes the document back, so a bank from someone else must not
    # be able to point at any file it likes (../../etc/passwd, ~/.ssh/...): the document stays
    # in the bank's folder tree, also after following symlinks.
    try:
        inside = file.resolve().is_relative_to(base_dir.resolve())
    except (OSError, RuntimeError):  # a symlink loop: reported by the read below
        inside = True
    if not inside:
        report.error(
            node,
            f"the source document must be inside the bank's folder, and {name} is not "
            "(keep it beside the bank, for example in sources/)",
        )
        return None
    try:
        data = read_limited(file, max_bytes)
    except NotARegularFile as exc:
        report.error(node, f"source document {name} is {exc.kind}, not a text file")
        return None
    except TooLarge:
        report.error(node, f"source document {name} is over {format_size(max_bytes)}")
        return None
    except FileNotFoundError:
        report.error(node, f"source document {name} not found (looked for {show(str(file))})")
        return None
    except OSError as exc:
        report.error(node, f"cannot read source document {name} ({os_reason(exc)})")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error(node, f"source document {name} is not UTF-8 text")
        return None
    return SourceDocument(text)
