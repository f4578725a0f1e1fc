"""Building one question of each type from its YAML mapping, with every check the format makes.

Which keys each type has is in ``quiz.bank.keys``.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quiz.bank.keys import (
    ALL_QUESTION_KEYS,
    CHOICE_KEYS,
    KEYS_BY_TYPE,
    MISSING_HINTS,
    TYPE_ALIASES,
    TYPE_KEYS,
)
from quiz.bank.model import CLOZE_BLANK, QUESTION_CLASSES, QUESTION_TYPES, Choice, Question
from quiz.bank.nodes import NUMBER, Items, NodeReader
from quiz.bank.report import Report, Where, position
from quiz.bank.suggest import closest, did_you_mean_key, did_you_mean_value, show, show_key
from quiz.bank.yamlsafe import STR_TAG

# The app picks options with the digit keys 1-9; a 10th option is still reachable, but only with
# the arrow keys (or the mouse). Allowed, since long lists have their uses, but worth a warning.
DIGIT_KEYS = 9
# A numeric answer written with its unit: "45%", "8849 m", "3.5 km".
_NUMBER_WITH_UNIT = re.compile(
    r"\s*([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*([^\s\d.,+-][^\d]{0,19}?)\s*\Z"
)


class QuestionBuilder:
    """Builds questions for one bank file, collecting ``source`` quotes for a later check."""

    def __init__(self, reader: NodeReader) -> None:
        self.reader = reader
        self.report: Report = reader.report
        # Each quote with where it is (not its node: a streamed load keeps no nodes).
        self.quotes: list[tuple[str, tuple[int, int]]] = []

    def build(self, node: Node, number: int) -> tuple[Question | None, str | None, Node | None]:
        """The question (None when it has errors), and its id and id node when readable."""
        errors_before = self.report.errors
        items = self.reader.items(node, f"question {number}")
        if items is None:
            return None, None, None
        qtype = self._type(items, node)
        self._drop_unknown_keys(items, qtype)

        kwargs: dict[str, Any] = {
            "line": node.start_mark.line + 1,
            "column": node.start_mark.column + 1,
        }
        qid = self._required(items, node, "id", qtype, lambda n, _: self.reader.slug(n, "id"))
        kwargs["id"] = qid
        prompt = self._required(items, node, "prompt", qtype, self.reader.text)
        kwargs["prompt"] = prompt
        for key in ("explanation", "hint"):
            kwargs[key] = self._optional_text(items, key)
        if "source" in items:
            kwargs["sources"] = self._sources(items)
        if "tags" in items:
            kwargs["tags"] = self._tags(items["tags"][1])
        if "points" in items:
            kwargs["points"] = self._points(items["points"][1])

        if qtype is not None:
            if qtype == "cloze":
                kwargs.update(self._cloze(items, prompt))
            else:
                if prompt is not None and "{{" in prompt and CLOZE_BLANK.search(prompt):
                    self.report.warning(
                        items["prompt"][1],
                        f"the prompt has a {{{{blank}}}} but the type is {qtype}; "
                        "blanks are only filled in for type: cloze",
                    )
                kwargs.update(getattr(self, f"_{qtype}")(items, node))

        id_node = items["id"][1] if "id" in items else None
        if self.report.errors > errors_before or qtype is None:
            return None, qid, id_node
        return QUESTION_CLASSES[qtype](**kwargs), qid, id_node

    # -- keys ------------------------------------------------------------------------------

    def _type(self, items: Items, node: Node) -> str | None:
        if "type" not in items:
            self._missing(node, "type", None)
            return None
        type_node = items["type"][1]
        value = self.reader.text(type_node, "'type'")
        if value is None:
            return None
        if value in TYPE_KEYS:
            return value
        guess = TYPE_ALIASES.get(value.strip().lower().replace(" ", "_")) or closest(
            value, QUESTION_TYPES
        )
        hint = f" (did you mean {show(guess)}?)" if guess else ""
        self.report.error(
            type_node,
            f"unknown question type {show(value)}{hint}; the types are "
            + ", ".join(QUESTION_TYPES),
        )
        return None

    def _drop_unknown_keys(self, items: Items, qtype: str | None) -> None:
        allowed = KEYS_BY_TYPE[qtype] if qtype else ALL_QUESTION_KEYS
        for name in [k for k in items if k not in allowed]:
            key_node = items.pop(name)[0]
            if qtype == "cloze" and name in ("answer", "answers", "blanks"):
                message = (
                    f"a cloze question has no {show_key(name)}: write each answer in the "
                    "prompt as {{answer}} (alternatives as {{answer|other}})"
                )
            elif name in ALL_QUESTION_KEYS:
                owners = ", ".join(t for t, keys in KEYS_BY_TYPE.items() if name in keys)
                message = (
                    f"key {show_key(name)} belongs to {owners} questions, not {qtype}"
                    + did_you_mean_key(name, allowed)
                )
            else:
                message = f"unknown key {show_key(name)}" + did_you_mean_key(name, allowed)
            self.report.error(key_node, message)

    def _missing(self, node: Node, key: str, qtype: str | None) -> None:
        hint = MISSING_HINTS.get((qtype, key)) or MISSING_HINTS.get(key)
        self.report.error(node, f"missing {show_key(key)}" + (f": {hint}" if hint else ""))

    def _required(self, items: Items, node: Node, key: str, qtype: str | None, read: Any) -> Any:
        if key not in items:
            self._missing(node, key, qtype)
            return None
        return read(items[key][1], f"'{key}'")

    def _optional_text(self, items: Items, key: str) -> str | None:
        if key not in items:
            return None
        value_node = items[key][1]
        if self.reader.is_null(value_node):
            # An editor reading the schema shows `hint: null` as no hint; so does the app.
            self.report.warning(
                value_node,
                f"{show_key(key)} is {value_node.value}, which YAML reads as no value, so it is "
                f'ignored; remove it, or write "{value_node.value}" in quotes for the word',
            )
            return None
        value = self.reader.text(value_node, f"'{key}'", empty_ok=True)
        if value is not None and not value.strip():
            self.report.warning(
                value_node, f"{show_key(key)} is empty and is ignored; give it a text or remove it"
            )
            return None
        return value

    def _sources(self, items: Items) -> tuple[str, ...]:
        """The question's quotes: one text, or a list of them (a question built from several
        sentences cites each); every one is checked against the document later."""
        node = items["source"][1]
        if type(node) is not SequenceNode:
            quote = self._optional_text(items, "source")
            if quote is None:
                return ()
            self.quotes.append((quote, position(node)))
            return (quote,)
        entries = self.reader.text_list(node, "'source'", what="quote")
        if entries is None:
            return ()
        if not entries:
            self.report.warning(node, "'source' is an empty list and is ignored")
        for quote, quote_node in entries:
            self.quotes.append((quote, position(quote_node)))
        return tuple(quote for quote, _ in entries)

    def _points(self, node: Node) -> float | None:
        points = self.reader.number(node, "'points'")
        if points is not None and points <= 0:
            # A question worth nothing is never scored: an exam of such questions would end
            # "0 / 0 FAILED".
            self.report.error(
                node,
                f"'points' must be more than 0, found {node.value}; leave 'points' out for "
                "the default of 1, or remove the question if it should not count",
            )
            return None
        return points

    def _tags(self, node: Node) -> tuple[str, ...] | None:
        tags = self.reader.text_list(node, "'tags'", what="tag")
        if tags is None:
            return None
        seen: dict[str, int] = {}
        for i, (tag, tag_node) in enumerate(tags, 1):
            if tag in seen:
                self.report.warning(tag_node, f"tag {show(tag)} is listed twice")
            seen.setdefault(tag, i)
        return tuple(seen)

    # -- one method per type ---------------------------------------------------------------

    def _choices(self, items: Items, node: Node) -> list[Choice] | None:
        if "choices" not in items:
            self._missing(node, "choices", None)
            return None
        list_node = items["choices"][1]
        nodes = self.reader.sequence(list_node, "'choices'")
        if nodes is None:
            return None
        out: list[Choice] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(nodes, 1):
            feedback = None
            if type(item) is MappingNode:
                sub = self.reader.items(item, f"choice {i}", CHOICE_KEYS)
                if sub is None:
                    continue
                if "text" not in sub:
                    self.report.error(item, f"choice {i} has no 'text'")
                    continue
                text = self.reader.text(sub["text"][1], f"the text of choice {i}")
                if "feedback" in sub:
                    feedback = self.reader.text(sub["feedback"][1], f"the feedback of choice {i}")
            else:
                text = self.reader.text(item, f"choice {i}")
            if text is None:
                continue
            folded = text.strip().casefold()
            if folded in seen:
                self.report.error(
                    item, f"duplicate choice {show(text)} (same as choice {seen[folded]})"
                )
                continue
            seen[folded] = i
            out.append(Choice(text, feedback))
        if len(nodes) < 2:
            self.report.error(list_node, f"'choices' needs at least 2 choices, found {len(nodes)}")
        elif len(nodes) > DIGIT_KEYS:
            self.report.warning(
                list_node,
                f"more than {DIGIT_KEYS} choices ({len(nodes)}): the app picks choices with the "
                "keys 1-9, so the 10th and later can only be chosen with the arrow keys",
            )
        return out

    def _pick(self, answer_node: Node, label: str, choices: list[Choice] | None) -> int | None:
        answer = self.reader.text(answer_node, label)
        if answer is None or choices is None:
            return None
        for i, choice in enumerate(choices):
            if choice.text == answer:
                return i
        texts = [c.text for c in choices]
        hint = did_you_mean_value(answer, texts)
        if NUMBER.match(answer.strip()):
            # `answer: 7` against `choices: [6.0, 7.0, 8.0]`: the same number, other text.
            same = [t for t in texts if NUMBER.match(t.strip()) and float(t) == float(answer)]
            if same:
                hint = f" (did you mean {show(same[0])}? answers are compared as written)"
        self.report.error(answer_node, f"answer {show(answer)} is not one of the choices{hint}")
        return None

    def _choice(self, items: Items, node: Node) -> dict[str, Any]:
        choices = self._choices(items, node)
        if "answer" not in items:
            self._missing(node, "answer", "choice")
            return {}
        answer = self._pick(items["answer"][1], "'answer'", choices)
        return {"choices": tuple(choices or ()), "answer": answer}

    def _multi(self, items: Items, node: Node) -> dict[str, Any]:
        choices = self._choices(items, node)
        if "answers" not in items:
            self._missing(node, "answers", "multi")
            return {}
        list_node = items["answers"][1]
        nodes = self.reader.sequence(list_node, "'answers'")
        if nodes is None:
            return {}
        if not nodes:
            self.report.error(list_node, "'answers' needs at least 1 answer, found none")
        answers: set[int] = set()
        for i, item in enumerate(nodes, 1):
            index = self._pick(item, f"answer {i}", choices)
            if index is None or choices is None:  # (an index is only picked among choices)
                continue
            if index in answers:
                self.report.error(item, f"answer {show(choices[index].text)} is listed twice")
            answers.add(index)
        return {"choices": tuple(choices or ()), "answers": frozenset(answers)}

    def _true_false(self, items: Items, node: Node) -> dict[str, Any]:
        return {"answer": self._required(items, node, "answer", "true_false", self.reader.flag)}

    def _short(self, items: Items, node: Node) -> dict[str, Any]:
        answer = self._required(items, node, "answer", "short", self.reader.text)
        out: dict[str, Any] = {"answer": answer}
        case_sensitive: bool | None = False
        if "case_sensitive" in items:
            case_sensitive = self.reader.flag(items["case_sensitive"][1], "'case_sensitive'")
            out["case_sensitive"] = case_sensitive
        if "accept" in items:
            accepted = self.reader.text_list(items["accept"][1], "'accept'", what="answer")
            if accepted is not None:
                fold = (lambda s: s.strip()) if case_sensitive else (lambda s: s.strip().casefold())
                seen = {fold(answer)} if answer is not None else set()
                why = "" if case_sensitive else " (case is ignored unless case_sensitive: true)"
                for text, text_node in accepted:
                    if fold(text) in seen:
                        self.report.warning(
                            text_node, f"accepted answer {show(text)} is already accepted{why}"
                        )
                    seen.add(fold(text))
                out["accept"] = tuple(text for text, _ in accepted)
        return out

    def _numeric(self, items: Items, node: Node) -> dict[str, Any]:
        answer_node = items["answer"][1] if "answer" in items else None
        text = answer_node if isinstance(answer_node, ScalarNode) else None
        with_unit = _NUMBER_WITH_UNIT.match(text.value) if text and text.tag == STR_TAG else None
        if text and with_unit and not NUMBER.match(text.value):
            number, unit = with_unit.groups()
            unit = unit if unit[:1].isalpha() else f'"{unit}"'
            self.report.error(
                text,
                f"'answer' must be a number, found the text {show(text.value)} (write "
                f"'answer: {number}' and 'unit: {unit}'; learners may then type the unit)",
            )
            out: dict[str, Any] = {"answer": None}
        else:
            out = {"answer": self._required(items, node, "answer", "numeric", self.reader.number)}
        if "tolerance" in items:
            out["tolerance"] = self.reader.number(items["tolerance"][1], "'tolerance'", minimum=0)
        if "unit" in items:
            unit_node = items["unit"][1]
            unit = self.reader.text(unit_node, "'unit'")
            if unit is not None and (NUMBER.match(unit.strip()) or len(unit) > 20):
                self.report.error(
                    unit_node, f"'unit' must be a short unit such as km or %, found {show(unit)}"
                )
                unit = None
            out["unit"] = unit.strip() if unit else None
        return out

    def _blank_at(self, prompt_node: Node, n: int) -> Where:
        """Where blank ``n`` (1-based) is in the file, so an error points at it; the prompt's
        start when it cannot be told (the file's text is not at hand)."""
        text = self.reader.source_text
        start, end = prompt_node.start_mark.index, prompt_node.end_mark.index
        pos = start
        for _ in range(n):
            pos = text.find("{{", pos, end)
            if pos < 0:
                return prompt_node
            pos += 2
        pos -= 2
        line = prompt_node.start_mark.line + text.count("\n", start, pos)
        line_start = text.rfind("\n", 0, pos) + 1
        return line + 1, pos - line_start + 1

    def _cloze(self, items: Items, prompt: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for flag in ("case_sensitive", "any_order"):
            if flag in items:
                out[flag] = self.reader.flag(items[flag][1], f"'{flag}'")
        if prompt is None:
            return out
        prompt_node = items["prompt"][1]
        blanks: list[tuple[str, ...]] = []
        for n, m in enumerate(CLOZE_BLANK.finditer(prompt), 1):
            inner = m.group(1)
            at = self._blank_at(prompt_node, n)
            if "{{" in inner:
                self.report.error(at, f"blank {n} is not closed before the next '{{{{'")
                continue
            alternatives = tuple(a.strip() for a in inner.split("|"))
            if not any(alternatives):
                self.report.error(at, f"blank {n} is empty: write {{{{answer}}}}")
            elif not all(alternatives):
                self.report.error(at, f"blank {n} has an empty alternative: {show(m.group())}")
            elif len(set(alternatives)) < len(alternatives):
                self.report.warning(at, f"blank {n} lists an alternative twice")
            blanks.append(alternatives)
        if out.get("any_order") and len(blanks) < 2:
            self.report.warning(
                items["any_order"][1], "'any_order' needs at least 2 blanks to change anything"
            )
        rest = CLOZE_BLANK.sub("", prompt)
        if "{{" in rest:
            self.report.error(prompt_node, "the prompt has a '{{' without a closing '}}'")
        elif "}}" in rest:
            self.report.error(prompt_node, "the prompt has a '}}' without an opening '{{'")
        elif not blanks:
            self.report.error(
                prompt_node,
                "a cloze prompt needs at least one blank, written as {{answer}} "
                "or {{answer|alternative}}",
            )
        out["blanks"] = tuple(blanks)
        return out

    def _match(self, items: Items, node: Node) -> dict[str, Any]:
        if "pairs" not in items:
            self._missing(node, "pairs", "match")
            return {}
        pairs_node = items["pairs"][1]
        entries = self.reader.items(pairs_node, "'pairs'")
        if entries is None:
            return {}
        pairs: list[tuple[str, str]] = []
        rights: dict[str, str] = {}
        for left, (left_node, right_node) in entries.items():
            if not left.strip():
                self.report.error(left_node, "the left side of a pair is empty")
                continue
            right = self.reader.text(right_node, f"the right side of {show(left)}")
            if right is None:
                continue
            folded = right.strip().casefold()
            if folded in rights:
                self.report.error(
                    right_node,
                    f"{show(right)} is the right side of both {show(rights[folded])} and "
                    f"{show(left)}; each pair needs its own",
                )
                continue
            rights[folded] = left
            pairs.append((left, right))
        if len(entries) < 2:
            self.report.error(pairs_node, f"'pairs' needs at least 2 pairs, found {len(entries)}")
        elif len(entries) > DIGIT_KEYS:
            self.report.warning(
                pairs_node,
                f"more than {DIGIT_KEYS} pairs ({len(entries)}): the app picks a match with the "
                "keys 1-9, so the 10th option and later can only be chosen with the arrow keys",
            )
        return {"pairs": tuple(pairs)}

    def _order(self, items: Items, node: Node) -> dict[str, Any]:
        if "items" not in items:
            self._missing(node, "items", "order")
            return {}
        entries = self.reader.text_list(items["items"][1], "'items'", min_items=2)
        if entries is None:
            return {}
        seen: dict[str, int] = {}
        for i, (text, text_node) in enumerate(entries, 1):
            folded = text.strip().casefold()
            if folded in seen:
                self.report.error(
                    text_node, f"duplicate item {show(text)} (same as item {seen[folded]})"
                )
            seen.setdefault(folded, i)
        return {"items": tuple(text for text, _ in entries)}

    def _flashcard(self, items: Items, node: Node) -> dict[str, Any]:
        return {"answer": self._required(items, node, "answer", "flashcard", self.reader.text)}
