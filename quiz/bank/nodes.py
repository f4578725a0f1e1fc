"""Reading typed values out of composed YAML nodes, reporting what is wrong where it is.

Every accessor reports a problem at the node's position and returns None (or the default) when
the value is unusable, so the builder can carry on and report every problem of a file at once.
Scalars arrive as the exact text written; this is the one place that decides what counts as a
number or a boolean, and only where the format asks for one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz.bank.report import Report
from quiz.bank.suggest import did_you_mean_key, show, show_key
from quiz.bank.yamlsafe import (
    MAP_TAG,
    SEQ_TAG,
    STR_TAG,
    VALUE_BAD_CHARS,
    describe_char,
)

# YAML 1.2 core-schema numbers (what an editor using the JSON Schema also calls a number).
NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+\Z")
TRUE_WORDS = frozenset({"true", "True", "TRUE"})
FALSE_WORDS = frozenset({"false", "False", "FALSE"})
# YAML 1.1 booleans that the format does not accept, so that `yes` never silently means true.
OLD_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
# What YAML reads as "no value" when written without quotes.
NULL_WORDS = frozenset({"null", "Null", "NULL", "~"})
# Typographic quotes that a word processor puts where a teacher typed straight ones.
_CURLY_PAIRS = {"“": "”“", "‘": "’‘", "„": "“”", "«": "»", "‚": "‘’"}
# A comment that most likely cut a value short: one space, '#', then text ("president #16").
# Comments written on purpose are usually spaced out ("answer: 3   # the third").
_CUT_BY_COMMENT = re.compile(r" #[^\s#]")
# Ids and tags used as keys: ASCII letters and digits, then also '.', '_' and '-'.
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")

Items = dict[str, tuple[ScalarNode, Node]]


def describe(node: Node) -> str:
    """What a node is, for "expected X, found Y" messages."""
    if isinstance(node, ScalarNode):
        return f"the text {show(node.value)}" if node.value else "an empty value"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a mapping"


def short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def slugify(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._") or "q1"


class NodeReader:
    """Typed access to nodes for one file. ``check_escapes`` is False when the file holds no
    backslash, since only a double-quoted escape can put a control character into a value."""

    def __init__(self, report: Report, check_escapes: bool, text: str = "") -> None:
        self.report = report
        self.check_escapes = check_escapes
        self.source_text = text  # the file's text, to look at what follows a value
        # Where " #" is in it: text() asks for every plain value whether one follows it, and
        # a look-up here is a fifth of the time of text.startswith(" #", at).
        self._hash_after: set[int] = set()
        at = text.find(" #")
        while at >= 0:
            self._hash_after.add(at)
            at = text.find(" #", at + 1)

    def _tag_ok(self, node: Node, expected: str) -> bool:
        if node.tag == expected:
            return True
        if node.tag in (STR_TAG, SEQ_TAG, MAP_TAG):
            return True  # right tag, wrong kind: the caller reports the kind
        self.report.error(
            node,
            f"YAML tag {show(short_tag(node.tag))} is not allowed in banks: "
            "values are plain text, numbers, true/false, lists and mappings",
        )
        return False

    def items(self, node: Node, label: str, keys: Collection[str] | None = None) -> Items | None:
        """A mapping's entries by key name; duplicate keys and (when ``keys`` is given) unknown
        keys are reported and dropped."""
        if type(node) is not MappingNode:
            if self._tag_ok(node, MAP_TAG):
                self.report.error(node, f"{label} must be a mapping, found {describe(node)}")
            return None
        if node.tag != MAP_TAG and not self._tag_ok(node, MAP_TAG):
            return None
        out: Items = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != STR_TAG:
                self.report.error(key_node, f"keys must be plain names, found {describe(key_node)}")
                continue
            name = key_node.value
            first = out.get(name)
            if first is not None:
                self.report.error(
                    key_node,
                    f"duplicate key {show_key(name)} (first given at line "
                    f"{first[0].start_mark.line + 1})",
                )
                continue
            if keys is not None and name not in keys:
                self.report.error(
                    key_node, f"unknown key {show_key(name)}{did_you_mean_key(name, keys)}"
                )
                continue
            out[name] = (key_node, value_node)
        return out

    def text(self, node: Node, label: str, *, empty_ok: bool = False) -> str | None:
        """A scalar's text, exactly as written (a block scalar's final line break dropped)."""
        if type(node) is not ScalarNode:
            if self._tag_ok(node, STR_TAG):
                hint = ""
                if getattr(node, "flow_style", False):
                    bracket = "[" if type(node) is SequenceNode else "{"
                    hint = (
                        f" (a value that starts with '{bracket}' is a "
                        f"{'list' if bracket == '[' else 'mapping'} in YAML; to start the text "
                        f"with '{bracket}', put the whole text in quotes)"
                    )
                self.report.error(node, f"{label} must be text, found {describe(node)}{hint}")
            return None
        if node.tag != STR_TAG and not self._tag_ok(node, STR_TAG):
            return None
        value = node.value
        style = node.style
        if style == "|" or style == ">":
            value = value.rstrip("\n")
        elif style == '"' and self.check_escapes:
            bad = VALUE_BAD_CHARS.search(value)
            if bad:
                self.report.error(
                    node, f"{label} contains {describe_char(bad.group())}, which is not allowed"
                )
                return None
        elif not style and (
            # What _check_plain warns of, looked for first: it would be called for every value.
            value in NULL_WORDS
            or value[:1] in _CURLY_PAIRS
            or node.end_mark.index in self._hash_after
        ):
            self._check_plain(node, label)
        if not empty_ok and not value.strip():
            self.report.error(node, f"{label} is empty")
            return None
        return value

    def is_null(self, node: Node) -> bool:
        """``null`` or ``~`` written without quotes: "no value" in YAML, not the word."""
        return type(node) is ScalarNode and not node.style and node.value in NULL_WORDS

    def _check_plain(self, node: ScalarNode, label: str) -> None:
        """Warnings for unquoted text that YAML (or an editor) reads otherwise than meant."""
        value = node.value
        if value in NULL_WORDS:
            self.report.warning(
                node,
                f"{label} is {value}, which YAML reads as no value (an editor shows it as "
                f'empty); it is kept as the text "{value}": put it in quotes if you mean it',
            )
        closing = _CURLY_PAIRS.get(value[:1])
        if closing and len(value) > 1 and value[-1] in closing:
            self.report.warning(
                node,
                f"{label} starts and ends with typographic quotes {value[0]}{value[-1]}, which "
                "YAML keeps as part of the text; to quote a value, use straight quotes \" or '",
            )
        text = self.source_text
        end = node.end_mark.index
        # (startswith first: it is most of the time of this method, called for every value)
        if text.startswith(" #", end) and _CUT_BY_COMMENT.match(text, end):
            line_end = text.find("\n", end)
            comment = text[end + 1 : line_end if line_end >= 0 else len(text)]
            self.report.warning(
                (node.end_mark.line + 1, node.end_mark.column + 2),
                f"{label} stops before {show(comment, 30)}: YAML reads ' #' as the start of "
                "a comment; put the whole text in quotes if the '#' belongs to it",
            )

    def number(self, node: Node, label: str, minimum: float | None = None) -> float | None:
        """A plain scalar written as a number (quoted text is text, even "42")."""
        if type(node) is not ScalarNode:
            if self._tag_ok(node, STR_TAG):
                self.report.error(node, f"{label} must be a number, found {describe(node)}")
            return None
        if node.tag != STR_TAG and not self._tag_ok(node, STR_TAG):
            return None
        value = node.value
        if not node.style and NUMBER.match(value):
            number = float(value)
            if not math.isfinite(number):
                self.report.error(node, f"{label} is too large a number")
                return None
            if minimum is not None and number < minimum:
                self.report.error(node, f"{label} must be at least {minimum:g}, found {value}")
                return None
            return number
        if NUMBER.match(value.strip()):
            self.report.error(
                node, f"{label} must be a number, found the text {show(value)} (remove the quotes)"
            )
        elif DECIMAL_COMMA.match(value):
            self.report.error(
                node,
                f"{label} must be a number, found the text {show(value)} "
                f"(write a decimal point: {value.replace(',', '.')})",
            )
        else:
            self.report.error(node, f"{label} must be a number, found {describe(node)}")
        return None

    def flag(self, node: Node, label: str) -> bool | None:
        """A plain ``true`` or ``false``."""
        if type(node) is not ScalarNode:
            if self._tag_ok(node, STR_TAG):
                self.report.error(node, f"{label} must be true or false, found {describe(node)}")
            return None
        if node.tag != STR_TAG and not self._tag_ok(node, STR_TAG):
            return None
        value = node.value
        if not node.style:
            if value in TRUE_WORDS:
                return True
            if value in FALSE_WORDS:
                return False
        if value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            hint = " (remove the quotes)"
        elif value.strip().lower() in OLD_BOOL_WORDS:
            hint = " (write true or false; yes/no/on/off are read as text)"
        else:
            hint = ""
        self.report.error(node, f"{label} must be true or false, found {describe(node)}{hint}")
        return None

    def sequence(self, node: Node, label: str) -> list[Node] | None:
        if type(node) is not SequenceNode:
            if self._tag_ok(node, SEQ_TAG):
                hint = (
                    " (write a list: [a, b], or one '- item' per line)"
                    if type(node) is ScalarNode
                    else ""
                )
                self.report.error(node, f"{label} must be a list, found {describe(node)}{hint}")
            return None
        if node.tag != SEQ_TAG and not self._tag_ok(node, SEQ_TAG):
            return None
        return node.value

    def text_list(
        self, node: Node, label: str, min_items: int = 0, what: str = "item"
    ) -> list[tuple[str, Node]] | None:
        """A list of non-empty texts with their nodes; None if the list itself is unusable."""
        nodes = self.sequence(node, label)
        if nodes is None:
            return None
        out = []
        for i, item in enumerate(nodes, 1):
            value = self.text(item, f"{what} {i} of {label}")
            if value is not None:
                out.append((value, item))
        if len(nodes) < min_items:
            self.report.error(
                node, f"{label} needs at least {min_items} {what}s, found {len(nodes)}"
            )
            return None
        return out

    def slug(self, node: Node, label: str) -> str | None:
        value = self.text(node, label)
        if value is None:
            return None
        if not SLUG.match(value):
            self.report.error(
                node,
                f"{label} {show(value)} is not valid: use letters, digits, '-', '_' and '.', "
                f"starting with a letter or digit (like {show(slugify(value))})",
            )
            return None
        return value
