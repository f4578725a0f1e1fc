"""Building a ``Bank`` from a bank file's text: the bank's top level, its questions, and the
``source`` quotes checked against the source document.

A file with no error is built one question at a time from the parser's events
(``yamlparse.StreamedDocument``), so the node tree of the whole document never exists; at its
first error the text is parsed again in full (``yamlparse.compose_or_recover``), which reports
every problem of the file with its line and column, as it always has.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from yaml.nodes import MappingNode, Node

from quiz.bank.errors import Problem, Severity
from quiz.bank.gcpause import gc_paused
from quiz.bank.keys import ALL_QUESTION_KEYS, BANK_KEYS
from quiz.bank.model import Bank, Question
from quiz.bank.nodes import SLUG, NodeReader, slugify
from quiz.bank.questions import QuestionBuilder
from quiz.bank.quotes import SourceDocument
from quiz.bank.reading import NotARegularFile, TooLarge, format_size, os_reason, read_limited
from quiz.bank.report import Report, TooManyProblems, Where
from quiz.bank.suggest import did_you_mean_key, show, show_key
from quiz.bank.yamlparse import Fallback, StreamedDocument, compose_or_recover
from quiz.bank.yamlsafe import check_characters

_OPTIONAL_TEXT_KEYS = ("description", "author", "language", "version", "license")
# The id of a bank read from a string with no file name, e.g. loads_bank(text).
DEFAULT_BANK_ID = "bank"


def load_text(
    text: str,
    report: Report,
    *,
    path: Path | None,
    base_dir: Path,
    max_bytes: int,
) -> tuple[Bank, list[Problem]]:
    """The bank in ``text`` and its warnings; raises ``BankError`` with every problem, each
    also kept in ``report``."""
    with gc_paused():
        if not check_characters(text, report):
            raise report.fail()
        return _load_streamed(
            text, report.file, path=path, base_dir=base_dir, max_bytes=max_bytes
        ) or _load_composed(text, report, path=path, base_dir=base_dir, max_bytes=max_bytes)


def _load_streamed(
    text: str, file: str, *, path: Path | None, base_dir: Path, max_bytes: int
) -> tuple[Bank, list[Problem]] | None:
    """The bank built one question at a time from the parser's events, for a file with no
    error; None at the first error (or anything else ``StreamedDocument`` leaves to the full
    parse), so that ``_load_composed`` reports every problem exactly as it always has."""
    report = _FirstError(file)
    doc = StreamedDocument(text)
    items = doc.questions()
    try:
        builder = _builder(text, report)
        questions = _check_questions(items, builder, report)
        assert doc.root is not None  # (the items end once the whole document is read)
        streamed = (doc.questions_node, questions)
        bank = _build_bank(
            doc.root, builder, path=path, base_dir=base_dir, max_bytes=max_bytes, streamed=streamed
        )
    except (Fallback, _Stop):
        return None
    finally:
        items.close()
    if bank is None:
        return None
    return bank, sorted(report.warnings, key=lambda p: (p.line, p.column))


class _Stop(Exception):
    """An error in the streamed load: what it was is left to the full parse to report."""


class _FirstError(Report):
    def add(self, where: Where, message: str, severity: Severity = "error") -> None:
        if severity == "error":
            raise _Stop
        super().add(where, message, severity)


def _load_composed(
    text: str, report: Report, *, path: Path | None, base_dir: Path, max_bytes: int
) -> tuple[Bank, list[Problem]]:
    try:
        root, recovered = compose_or_recover(text, report)
        builder = _builder(text, report)
        if root is None:
            if recovered:
                _check_questions(recovered, builder, report)
            raise report.fail()
        bank = _build_bank(root, builder, path=path, base_dir=base_dir, max_bytes=max_bytes)
    except TooManyProblems:
        raise report.fail() from None
    if bank is None or report.errors:
        raise report.fail()
    return bank, sorted(report.warnings, key=lambda p: (p.line, p.column))


def _builder(text: str, report: Report) -> QuestionBuilder:
    # Only a double-quoted escape can put a control character into a value.
    return QuestionBuilder(NodeReader(report, check_escapes="\\" in text, text=text))


def _build_bank(
    root: Node,
    builder: QuestionBuilder,
    *,
    path: Path | None,
    base_dir: Path,
    max_bytes: int,
    streamed: tuple[Node | None, tuple[Question, ...]] | None = None,
) -> Bank | None:
    """The bank of the document ``root``. ``streamed`` is the list node of the questions and
    the questions already built from its items, when they were streamed (``_load_streamed``)."""
    reader = builder.reader
    report = builder.report
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

    questions = _questions(items, root, builder, report, streamed)
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
    items: dict,
    root: Node,
    builder: QuestionBuilder,
    report: Report,
    streamed: tuple[Node | None, tuple[Question, ...]] | None,
) -> tuple[Question, ...] | None:
    if "questions" not in items:
        report.error(root, "missing 'questions': a list of at least one question")
        return None
    list_node = items["questions"][1]
    if streamed is not None and list_node is streamed[0]:
        if not streamed[1]:
            report.error(list_node, "'questions' is empty: a bank needs at least one question")
            return None
        return streamed[1]
    nodes = builder.reader.sequence(list_node, "'questions'")
    if nodes is None:
        return None
    if not nodes:
        report.error(list_node, "'questions' is empty: a bank needs at least one question")
        return None
    return _check_questions(nodes, builder, report)


def _check_questions(
    nodes: Iterable[Node], builder: QuestionBuilder, report: Report
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
