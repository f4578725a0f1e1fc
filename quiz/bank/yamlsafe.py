"""The YAML layer: read a bank file defensively and compose it into position-carrying nodes.

Nothing here constructs Python objects from YAML. The file is composed into nodes by a
SafeLoader subclass (libyaml's C parser when available) whose resolver turns off implicit
typing, so every scalar stays the text that was written (``NO``, ``1991`` and ``3.10`` are
strings) and the model builder decides where a number or a boolean belongs. Nodes keep their
start marks for free, so messages get a line and column without a second parse.

The guards against hostile or broken files live here too: a size limit checked before reading,
UTF-8 decoding with the line of the first bad byte, control characters, anchors and aliases
(refused: banks do not need them, and refusing them rules out "billion laughs" expansion), and
libyaml's own errors rephrased for teachers.
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz.bank.report import Report, Where, position, text_position
from quiz.files import file_kind
from quiz.words import plural

STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_DEFAULT_TAGS = {ScalarNode: STR_TAG, SequenceNode: SEQ_TAG, MappingNode: MAP_TAG}

# Raw characters a bank may not contain: C0 controls except tab, newline and carriage return,
# DEL, C1 controls, lone surrogates, non-characters, the invisible line/paragraph separators,
# and the characters that disguise text: bidi embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069, which can make an answer read as something else) and zero-width ones.
_NEVER = (
    "\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff"
)
RAW_BAD_CHARS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_NEVER}]")
# The same inside a value, where a carriage return can only have come from a "\r" escape.
VALUE_BAD_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f{_NEVER}]")
# Something that could be an anchor (&a) or alias (*a): only then is the event stream scanned.
# A line inside quoted text that looks like a key of its own ("    answer: true", "  - id: q2").
_KEY_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)", re.MULTILINE)
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?-])[&*][^\s\[\]{},]", re.MULTILINE)

_CHAR_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
               0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x2028: "LINE SEPARATOR",
               0x2029: "PARAGRAPH SEPARATOR"}  # fmt: skip
_MAX_CHAR_REPORTS = 10


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


def describe_char(char: str) -> str:
    code = ord(char)
    name = _CHAR_NAMES.get(code)
    if name is None:
        try:
            name = unicodedata.name(char)
        except ValueError:
            name = "control character" if code < 0xA0 else "invalid character"
    return f"U+{code:04X} ({name})"


def format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return plural(n, "byte")


class NotARegularFile(Exception):
    """The path is a folder, a named pipe, a device or a socket: nothing a bank can be read from."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file is over the size limit; ``size`` is its size when stat could tell."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def os_reason(exc: OSError) -> str:
    """Why a file could not be used, in words for a message: the OS's own text, lower case,
    except where it is unclear ("too many levels of symbolic links" is a symlink loop)."""
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    text = exc.strerror or str(exc)
    return text[:1].lower() + text[1:]


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, never blocking and never reading more than
    ``max_bytes + 1`` bytes. Raises ``NotARegularFile``, ``TooLarge`` or ``OSError``.

    A named pipe would block ``open`` until a writer comes and ``/dev/zero`` never ends, so the
    path is checked with stat before it is opened (opening some devices has effects), opened
    non-blocking, and checked again on the open descriptor: the path may have been replaced in
    between. The second check is the one that counts."""
    info = path.stat()
    kind = file_kind(info.st_mode)
    if kind is not None:
        raise NotARegularFile(kind)
    if info.st_size > max_bytes:
        raise TooLarge(info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        kind = file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotARegularFile(kind)
        # One byte past the limit: stat can under-report (a file still growing).
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(None)
    return data


def read_bytes(path: Path, max_bytes: int, report: Report) -> bytes | None:
    """The bank file's bytes, or None after reporting why they cannot be read."""
    limit = f"the limit is {format_size(max_bytes)}"
    try:
        return read_limited(path, max_bytes)
    except NotARegularFile as exc:
        if exc.kind == "a folder":
            report.error(None, "this is a folder, not a bank file")
        else:
            report.error(None, f"this is {exc.kind}, not a bank file (a bank is a regular file)")
    except TooLarge as exc:
        size = f"{format_size(exc.size)}; " if exc.size is not None else ""
        report.error(None, f"the file is too large ({size}{limit})")
    except FileNotFoundError:
        report.error(None, "file not found")
    except OSError as exc:
        report.error(None, f"cannot read the file ({os_reason(exc)})")
    return None


def decode(data: bytes, report: Report) -> str | None:
    """The bytes as text, or None after reporting the line of the first byte that is not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report.error((1, 1), "the file is UTF-16 text; save it as UTF-8")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        where = text_position(data[:nul].decode("utf-8", "replace"), nul)
        report.error(where, "the file contains NUL bytes: it is a binary file, not a YAML bank")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[: exc.start].decode("utf-8-sig", "replace")
        report.error(
            text_position(head, len(head)),
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} here cannot be read); "
            "save it with the UTF-8 encoding",
        )
        return None


def joins_letters(text: str, at: int) -> bool:
    """A zero-width (non-)joiner between two non-ASCII characters: how Persian, the Indic
    scripts and emoji sequences (woman, joiner, microscope) are written, so it is text, not a
    disguise. Between ASCII letters it would only make an answer impossible to type."""
    if text[at] not in "\u200c\u200d" or at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    return ord(before) > 127 and ord(after) > 127 and not (before + after).isspace()


def check_characters(text: str, report: Report) -> bool:
    """Report raw control and invalid characters; True when there are none."""
    found = 0
    for m in RAW_BAD_CHARS.finditer(text):
        if joins_letters(text, m.start()):
            continue
        found += 1
        if found <= _MAX_CHAR_REPORTS:
            report.error(
                text_position(text, m.start()),
                f"{describe_char(m.group())} is not allowed in a bank; remove it",
            )
    if found > _MAX_CHAR_REPORTS:
        more = found - _MAX_CHAR_REPORTS
        report.error(None, f"{plural(more, 'more control character')} not shown")
    return found == 0


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
