"""The YAML layer: compose a bank's text into position-carrying nodes.

Nothing here constructs Python objects from YAML. The file is composed into nodes by a
SafeLoader subclass (libyaml's C parser when available) whose resolver turns off implicit
typing, so every scalar stays the text that was written (``NO``, ``1991`` and ``3.10`` are
strings) and the model builder decides where a number or a boolean belongs. Nodes keep their
start marks for free, so messages get a line and column without a second parse.

A bank with no error is composed one question at a time (``StreamedDocument``); the full
parse (``compose_or_recover``) reports every problem: anchors and aliases (refused: banks do not
need them, and refusing them rules out "billion laughs" expansion), and libyaml's own errors
rephrased for teachers, reading on after a syntax error for the problems of the questions
after it. The parser is ``BankLoader``, looked up there at each parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz.bank.report import Report, Where, position
from quiz.bank.yamlsafe import MAP_TAG, SEQ_TAG, STR_TAG

_DEFAULT_TAGS = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}
# Something that could be an anchor (&a) or alias (*a): only then is the event stream scanned.
# A line inside quoted text that looks like a key of its own ("    answer: true", "  - id: q2").
_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)", re.MULTILINE)
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?-])[&*][^\s\[\]{},]", re.MULTILINE)


def _make_loader(base: type) -> type:
    class BankLoader(base):
        """Safe loading with no implicit typing: every scalar resolves to a string."""

        def resolve(self, kind: type[Node], value: object, implicit: object) -> str:
            return _DEFAULT_TAGS[kind]

        # Path resolvers are unused; skipping them saves two calls per node.
        def descend_resolver(self, current_node: object, current_index: object) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    return BankLoader


# libyaml's parser where PyYAML was built with it; the pure-Python one is the same API (and is
# what the tests also run against, as PureBankLoader).
PureBankLoader = _make_loader(yaml.SafeLoader)
BankLoader = _make_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_SCANNER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str, report: Report) -> Node | None:
    """The document's root node; None after reporting a syntax error, an empty document or
    anchors/aliases."""
    return compose_or_recover(text, report)[0]


def compose_or_recover(text: str, report: Report) -> tuple[Node | None, list[Node]]:
    """The document's root node, or (None, question nodes) after a syntax error: the question
    items that can still be read on their own, so that their problems are reported too
    instead of only the first syntax error (see ``recover_questions``)."""
    loader = BankLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        bad = _report_yaml_error(exc, text, report)
        return None, recover_questions(text, bad, report)
    except yaml.YAMLError as exc:
        report.error(None, f"YAML error: {exc}")
        return None, []
    except RecursionError:
        # Only the pure-Python parser recurses; libyaml stops at its own nesting limit.
        report.error(
            None, "the file is nested too deeply to be a bank (lists or mappings in one another)"
        )
        return None, []
    finally:
        loader.dispose()
    return _checked_root(root, text, report), []


class Fallback(Exception):
    """The streaming composer met something that only the full parse reports exactly (an
    anchor, a tag on the document's structure, a syntax error, a second document...)."""


# Deeper than any bank nests (the bank, its list, a question, its choices, a choice): past
# this the full parse takes over, whose parser has its own limits and messages.
_STREAM_DEPTH = 32
_EVENT_ERRORS = (yaml.YAMLError, RecursionError)
_NO_TAG = (None, "!")  # no tag written: resolved to the default one, as the composer does
_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)


class StreamedDocument:
    """The document composed from the parser's events, handing over the items of the top-level
    ``questions`` list one at a time (``questions()``) instead of keeping them: the tree of a
    100,000-question bank took ~660 MB, the questions built from it ~40 MB.

    Every other value is composed into the same nodes, tags and marks as ``compose`` gives, so
    the same code reads both. After the items have all been taken, ``root`` is the document's
    mapping, in which the streamed list is ``questions_node``, kept empty. Anything the full
    parse would report (see ``Fallback``) raises ``Fallback``: the caller parses again with
    ``compose_or_recover``, which reports it as it always has.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.root: MappingNode | None = None
        self.questions_node: SequenceNode | None = None

    def questions(self) -> Generator[Node, None, None]:
        loader = BankLoader(self.text)
        try:
            yield from self._document(loader.get_event)
        except _EVENT_ERRORS as exc:
            raise Fallback from exc
        finally:
            loader.dispose()

    def _document(self, get: Callable[[], Any]) -> Iterator[Node]:
        get()  # the stream's start
        if type(get()) is not yaml.DocumentStartEvent:
            raise Fallback  # an empty file
        start: Any = get()
        if (
            type(start) is not yaml.MappingStartEvent
            or start.anchor is not None
            or start.tag not in _NO_TAG
        ):
            raise Fallback  # not a bank: reported by the full parse
        # (libyaml's marks are a class of their own, with the same fields)
        mark: Any = start.start_mark
        root = MappingNode(MAP_TAG, [], mark, None, flow_style=start.flow_style)
        pairs = root.value
        event: Any
        value: Node
        while type(event := get()) is not yaml.MappingEndEvent:
            key = _compose(get, event, 1)
            event = get()
            if (
                self.questions_node is None
                and type(event) is yaml.SequenceStartEvent
                and key.value == "questions"
                and key.tag == STR_TAG
                and event.anchor is None
                and event.tag in _NO_TAG
            ):
                mark = event.start_mark
                value = self.questions_node = SequenceNode(
                    SEQ_TAG, [], mark, None, flow_style=event.flow_style
                )
                while type(item := get()) is not yaml.SequenceEndEvent:
                    yield _compose(get, item, 2)
                value.end_mark = item.end_mark
            else:
                value = _compose(get, event, 1)
            pairs.append((key, value))
        root.end_mark = event.end_mark
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            raise Fallback  # a second document
        self.root = root


def _compose(get: Callable[[], Any], event: Any, depth: int) -> Node:
    """The node that starts with ``event``, as the composer makes it (each scalar's tag is
    resolved to a string, as ``BankLoader.resolve`` does)."""
    kind = type(event)
    if kind is yaml.ScalarEvent:
        if event.anchor is not None:
            raise Fallback
        tag = event.tag
        return ScalarNode(
            STR_TAG if tag in _NO_TAG else tag,
            event.value,
            event.start_mark,
            event.end_mark,
            event.style,
        )
    if kind not in _STARTS or event.anchor is not None or depth > _STREAM_DEPTH:
        raise Fallback  # an alias, an anchor, or nesting no bank has
    tag = event.tag
    node: Node
    if kind is yaml.SequenceStartEvent:
        node = SequenceNode(
            SEQ_TAG if tag in _NO_TAG else tag, [], event.start_mark, None, event.flow_style
        )
        items = node.value
        plain: Any = yaml.ScalarEvent  # (Any: see the mapping's below)
        while type(item := get()) is not yaml.SequenceEndEvent:
            if type(item) is plain and item.anchor is None and item.tag is None:
                # As for a mapping's pairs below: a plain item made here.
                items.append(
                    ScalarNode(STR_TAG, item.value, item.start_mark, item.end_mark, item.style)
                )
            else:
                items.append(_compose(get, item, depth + 1))
    else:
        node = MappingNode(
            MAP_TAG if tag in _NO_TAG else tag, [], event.start_mark, None, event.flow_style
        )
        pairs = node.value
        # (Any: libyaml's events carry marks of a class of their own, which the stubs do not
        # know.)
        scalar: Any = yaml.ScalarEvent
        key: Node
        value: Node
        while type(item := get()) is not yaml.MappingEndEvent:
            # A plain key and a plain value, nearly every pair of a bank: made here rather than
            # by a call each (13 ms of the 240 ms that compose a 10,000-question bank, most of
            # which is libyaml's).
            if type(item) is scalar and item.anchor is None and item.tag is None:
                key = ScalarNode(STR_TAG, item.value, item.start_mark, item.end_mark, item.style)
            else:
                key = _compose(get, item, depth + 1)
            event = get()
            if type(event) is scalar and event.anchor is None and event.tag is None:
                value = ScalarNode(
                    STR_TAG, event.value, event.start_mark, event.end_mark, event.style
                )
            else:
                value = _compose(get, event, depth + 1)
            pairs.append((key, value))
    node.end_mark = item.end_mark
    return node


def _checked_root(root: Node | None, text: str, report: Report) -> Node | None:
    if root is None or (isinstance(root, ScalarNode) and not root.value and not root.style):
        report.error(None, "the file is empty: a bank needs a 'title' and a list of 'questions'")
        return None
    if _MAYBE_ANCHOR.search(text) and _report_anchors(text, report):
        return None
    return root


def _report_anchors(text: str, report: Report) -> bool:
    found = False
    for event in yaml.parse(text, Loader=BankLoader):
        if isinstance(event, yaml.AliasEvent):
            found = True
            alias = getattr(event, "anchor", "")  # (the stubs give an AliasEvent none)
            report.error(
                event.start_mark,
                f"alias '*{alias}' is not supported in banks; write the value out in full",
            )
        elif (anchor := getattr(event, "anchor", None)) is not None:
            found = True
            report.error(
                event.start_mark,
                f"anchor '&{anchor}' is not supported in banks; remove it "
                "(to start a value with '&', put it in quotes)",
            )
    return found


def _line_end(text: str, line: int) -> int:
    """The index just past line ``line`` (0-based) of ``text``."""
    pos = 0
    for _ in range(line + 1):
        pos = text.find("\n", pos)
        if pos < 0:
            return len(text)
        pos += 1
    return pos


def _line(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if 0 <= line < len(lines) else ""


def _char_at(text: str, line: int, column: int) -> str:
    return _line(text, line)[column : column + 1]


def _runaway_quote(text: str, error_line: int) -> yaml.ScalarToken | None:
    """The quoted text, before ``error_line``, that swallowed lines looking like keys.

    A quote left open runs on until the next quote character, often lines later; the parser
    then fails far below the real mistake. libyaml's scanner does the work where it is
    available: the pure-Python one takes time quadratic in the nesting depth, minutes for a
    hostile file of a megabyte of '['.
    """
    found: yaml.ScalarToken | None = None
    # Only the text up to the error line can hold the quote, and only if it has a quote mark.
    end = _line_end(text, error_line)
    head = text[:end]
    if '"' not in head and "'" not in head:
        return None
    try:
        for token in yaml.scan(head, Loader=_SCANNER):
            if token.start_mark.line > error_line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
            ):
                body = text[token.start_mark.index : token.end_mark.index]
                if _KEY_LINE.search(body.split("\n", 1)[1]):
                    found = token
    except yaml.YAMLError:
        pass
    return found


_KEY_AT = re.compile(r"( *)(?:- +)?([A-Za-z_][\w-]*):(?:[ \t]|$)")
_CURLY_OPENING = "“‘„«‚"


def _key_column(line: str) -> int | None:
    """The column of the key a line starts with (``  - id: q`` -> 4), None if it has none."""
    m = _KEY_AT.match(line)
    return m.start(2) if m else None


def _line_hint(
    text: str, mark: yaml.Mark, problem: str, list_column: int | None
) -> tuple[Where, str] | None:
    """Where and what to say for the slips that show on the error line itself, before the
    parser's own words, which would send a teacher looking for the wrong fix."""
    line = _line(text, mark.line)
    column = mark.column
    if "mapping values are not allowed" in problem:
        own = _key_column(line)
        above = next(
            (
                _line(text, n)
                for n in range(mark.line - 1, max(-1, mark.line - 50), -1)
                if _line(text, n).strip() and not _line(text, n).lstrip().startswith("#")
            ),
            "",
        )
        before = _key_column(above)
        key_match, above_match = _KEY_AT.match(line), _KEY_AT.match(above)
        if key_match and above_match and own is not None and before is not None and own > before:
            key, key_above = key_match.group(2), above_match.group(2)
            return (mark.line + 1, own + 1), (
                f"'{key}' is indented further than '{key_above}' on the line above: keys of "
                f"one question line up, so start '{key}' in column {before + 1}"
            )
        value = line.split(": ", 1)[1].lstrip() if ": " in line else ""
        if value and value[0] in _CURLY_OPENING:
            return mark, (
                f"the typographic quote {value[0]} is not a YAML quote, so the ': ' inside "
                'the text reads as a key: use straight quotes, like prompt: "Ratio: 2:1"'
            )
        return None
    if "did not find expected key" in problem or "expected <block end>" in problem:
        prev, here = line[column - 1 : column], line[column : column + 1]
        if prev == "'" and here.isalpha():
            return mark, (
                "an apostrophe ends this single-quoted text early: inside single quotes "
                "write an apostrophe as '' (two of them), or put the text in double quotes "
                "instead"
            )
        value = line.split(": ", 1)[1].lstrip() if ": " in line else line.lstrip("- ")
        closing = line[:column].rstrip()[-1:]
        if value and value[0] in "[{" and closing in ("]", "}"):
            bracket, prev = value[0], closing
            return mark, (
                f"a value that starts with '{bracket}' is a "
                f"{'list' if bracket == '[' else 'mapping'} in YAML, and the text after its "
                f"'{prev}' cannot be read: put the whole text in quotes, like "
                f'prompt: "{bracket}Draft{prev} What is it?"'
            )
    if (
        "did not find expected '-' indicator" in problem
        and _key_column(line) == column
        and list_column == column  # a key where the list's '-' go: the '- ' is missing
    ):
        return mark, (
            "expected a '- ' list item here: a new question starts with '- ', like "
            f"'{line[:column]}- {line[column:].strip()}'"
        )
    return None


def _report_yaml_error(
    exc: yaml.MarkedYAMLError, text: str, report: Report | _ShiftedReport
) -> tuple[int, int] | None:
    """Report a syntax error in teachers' words; return the 0-based lines it spoils (from
    the line where the mistake probably is to the one where the parser stopped)."""
    problem = exc.problem or "syntax error"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    runaway = None
    if mark is not None and "tab character" not in problem and "end of stream" not in problem:
        runaway = _runaway_quote(text, mark.line)
    if runaway is not None and mark is not None:  # (a runaway is only looked for at a mark)
        quote = runaway.style
        report.error(
            runaway.start_mark,
            f"this quoted text runs on to line {runaway.end_mark.line + 1}, over lines that "
            f"look like keys: is its closing {quote} missing? (YAML stops at line "
            f"{mark.line + 1})",
        )
        return runaway.start_mark.line, mark.line
    list_column = exc.context_mark.column if exc.context_mark else None
    hint = _line_hint(text, mark, problem, list_column) if mark is not None else None
    if hint is not None and mark is not None:  # (a hint is only looked for at a mark)
        report.error(*hint)
        return mark.line, mark.line
    started = f"line {exc.context_mark.line + 1}" if exc.context_mark else ""
    if "tab character" in problem or (
        mark is not None and _char_at(text, mark.line, mark.column) == "\t"
    ):
        if mark is not None and not _line(text, mark.line)[: mark.column].strip(" \t"):
            message = "tab character in the indentation; YAML indents with spaces only"
        else:
            message = "a tab character cannot be read here; use spaces, or put the value in quotes"
    elif "quoted scalar" in context and "end of stream" in problem:
        mark = exc.context_mark
        message = "this quoted text is never closed: add the closing quote"
    elif "mapping values are not allowed" in problem:
        message = (
            "unexpected ':' — text that contains ': ' must be put in quotes, "
            'like prompt: "Question: what is it?"'
        )
    elif "maximum nesting depth" in problem:
        message = "the file is nested too deeply to be a bank (lists or mappings in one another)"
    elif "expected a single document" in context:
        message = "a second YAML document starts here; a bank file holds exactly one"
    elif "alias" in context or "alias" in problem or "anchor" in context or "anchor" in problem:
        message = (
            "anchors and aliases ('&name', '*name') are not supported in banks; "
            "to start a value with '&' or '*', put it in quotes"
        )
    elif "did not find expected key" in problem:
        message = "expected a key here: check the indentation of this line" + (
            f" (the mapping starts at {started})" if started else ""
        )
    elif "did not find expected '-' indicator" in problem:
        message = "expected a '- ' list item here: check the indentation of this line" + (
            f" (the list starts at {started})" if started else ""
        )
    elif "',' or ']'" in problem:
        message = "a ',' or ']' is missing" + (
            f" in the list that starts at {started}" if started else ""
        )
    elif "',' or '}'" in problem:
        message = "a ',' or '}' is missing" + (
            f" in the mapping that starts at {started}" if started else ""
        )
    elif "unknown escape character" in problem:
        message = (
            "unknown escape in double-quoted text: write \\\\ for a backslash, or use single quotes"
        )
    else:
        message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    report.error(mark, message)
    if mark is None or "end of stream" in problem:
        return None  # nothing after it to read
    return mark.line, mark.line


# -- reading on after a syntax error ---------------------------------------------------------


class _ShiftedReport:
    """A report for a piece of the file: positions move down by the lines before the piece."""

    def __init__(self, report: Report, lines: int) -> None:
        self.report = report
        self.lines = lines

    def _where(self, where: Where) -> tuple[int, int] | None:
        line, column = position(where)
        return (line + self.lines, column) if line else None

    def error(self, where: Where, message: str) -> None:
        self.report.error(self._where(where), message)

    def warning(self, where: Where, message: str) -> None:
        self.report.warning(self._where(where), message)


def _question_items(text: str) -> list[tuple[int, int, int]]:
    """Where each question item of a block-style ``questions:`` list is, as (first line, start
    index, end index); empty when the list cannot be found by its lines."""
    head = re.search(r"^questions:[ \t]*(?:#.*)?$", text, re.MULTILINE)
    if head is None:
        return []
    items: list[tuple[int, int, int]] = []
    indent: str | None = None
    line_no = text.count("\n", 0, head.end()) + 2  # 1-based, of the line after it
    pos = head.end() + 1
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end + 1
        line = text[pos:end]
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lead = len(line) - len(line.lstrip(" "))
            if indent is None:
                if not stripped.startswith("-"):
                    return []  # not a block list of items
                indent = line[:lead]
            if line.startswith(indent + "-") and line[lead + 1 : lead + 2] in (" ", "\n", ""):
                if items:
                    items[-1] = (items[-1][0], items[-1][1], pos)
                items.append((line_no, pos, len(text)))
            elif lead <= len(indent):
                break  # the list is over: a top-level key follows
        line_no += 1
        pos = end
    if items:
        items[-1] = (items[-1][0], items[-1][1], min(items[-1][2], pos))
    return items


def _shift(node: Node, lines: int, index: int) -> None:
    """Move the marks of ``node`` and everything in it by ``lines`` and ``index``."""
    stack = [node]
    while stack:
        n = stack.pop()
        for name in ("start_mark", "end_mark"):
            m = getattr(n, name)
            setattr(
                n,
                name,
                yaml.Mark(m.name, m.index + index, m.line + lines, m.column, None, 0),
            )
        if isinstance(n, SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, MappingNode):
            for key, value in n.value:
                stack.extend((key, value))


def recover_questions(text: str, bad: tuple[int, int] | None, report: Report) -> list[Node]:
    """After a syntax error, the question items that can be read on their own, each composed
    separately (so the time stays linear in the file's size) and with its marks moved to its
    place in the file. Items that overlap the ``bad`` lines are skipped; a syntax error in
    another item is reported and that item skipped in turn."""
    if bad is None:
        return []
    nodes: list[Node] = []
    for first_line, start, end in _question_items(text):
        last_line = first_line + text.count("\n", start, end)
        if first_line - 1 <= bad[1] and last_line - 1 >= bad[0]:
            continue
        piece = text[start:end]
        loader = BankLoader(piece)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            _report_yaml_error(exc, piece, _ShiftedReport(report, first_line - 1))
            continue
        except (yaml.YAMLError, RecursionError):
            continue
        finally:
            loader.dispose()
        if type(node) is not SequenceNode or _MAYBE_ANCHOR.search(piece):
            continue  # anchors would need the whole file's check; skip rather than guess
        _shift(node, first_line - 1, start)
        nodes.extend(node.value)
    return nodes
