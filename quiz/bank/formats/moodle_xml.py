"""Moodle XML: the file Moodle's question bank exports by default (``<quiz><question ...>``),
read into bank questions and written from a bank.

Read: multichoice (one right answer -> ``choice``, several -> ``multi``), truefalse,
shortanswer (full-mark answers -> ``answer`` + ``accept``, ``usecase`` -> ``case_sensitive``),
numerical (``tolerance``), matching, cloze/multianswer, ddwtos and gapselect (-> ``cloze``),
categories (-> tags, with each question's own ``<tags>``), ``generalfeedback`` (-> explanation),
per-answer feedback (-> choice feedback), the first ``<hint>`` and ``defaultgrade`` (-> points).
HTML is reduced to plain text. Essays, descriptions and other types are skipped, and whatever
quiz cannot hold (partial credit, feedback on a true/false answer...) is named in a warning.

The parser is the standard library's expat, through ``defusedxml`` with DTDs refused: a
question file never needs one, and a DTD is how entity bombs (billion laughs) and external
entities get in. Each element records the line it starts on, so problems name the question's
line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, cast
from xml.parsers import expat

from quiz.bank.formats import Exported, Imported
from quiz.bank.formats.common import (
    LeftOut,
    Notes,
    bank_file,
    category_tags,
    choice_text,
    near,
    number,
    plain_number,
    show,
    weight_text,
    weighted_choices,
)
from quiz.bank.formats.htmltext import has_images, html_to_text, text_to_html
from quiz.words import plural

NAME = "moodle-xml"
LABEL = "Moodle XML"
SUFFIXES = (".xml",)

_SNIFF = re.compile(rb"<quiz[\s>/]")
_SKIPPED = {
    "essay": "an essay, graded by a teacher, which quiz has no type for",
    "description": "a description, not a question",
    "random": "a random question drawn from a Moodle category, which only Moodle can fill in",
}


def sniff(data: bytes) -> bool:
    return _SNIFF.search(data[:4096]) is not None


# -- parsing ---------------------------------------------------------------------------------


class _Element(ET.Element):
    """An element that knows its line (the C element takes no new attributes)."""

    line = 0


class _LineBuilder(ET.TreeBuilder):
    def __init__(self) -> None:
        super().__init__(element_factory=_Element)
        self.parser: Any = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = cast(_Element, super().start(tag, attrs))  # made by element_factory
        element.line = self.parser.parser.CurrentLineNumber
        return element


def _parse(data: bytes, notes: Notes) -> _Element | None:
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import XMLParser

    if not data.strip():
        notes.error(0, "the file is empty")
        return None
    builder = _LineBuilder()
    parser = XMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(data)
        return parser.close()
    except DTDForbidden:
        message = (
            "the file declares a DTD (<!DOCTYPE ... [...]>), which is refused: a question "
            "file needs none, and a DTD can define entities that expand without end "
            "(billion laughs); remove the <!DOCTYPE> declaration"
        )
    except EntitiesForbidden:
        message = "the file declares XML entities, which are refused; remove them"
    except ExternalReferenceForbidden:
        message = "the file refers to an external document, which is refused; remove it"
    except ET.ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        notes.error(line, f"this is not well-formed XML: {reason} (column {column + 1})")
        return None
    notes.error(parser.parser.CurrentLineNumber, message)
    return None


def _text(element: ET.Element | None) -> str:
    """The ``<text>`` of an element, as written."""
    if element is None:
        return ""
    return element.findtext("text") or ""


def _rich(element: ET.Element | None, default: str = "html") -> tuple[str, bool]:
    """The ``<text>`` of an element in its ``format``, as plain text, and whether it had
    images."""
    if element is None:
        return "", False
    raw = _text(element)
    fmt = element.get("format", default)
    if fmt in ("html", "moodle_auto_format"):
        return html_to_text(raw, newlines=fmt == "moodle_auto_format"), has_images(raw)
    return raw.strip(), False


def read(data: bytes, path: Path) -> Imported:
    notes = Notes(str(path))
    imported = Imported(problems=notes)
    root = _parse(data, notes)
    if root is None:
        return imported
    if root.tag != "quiz":
        notes.error(
            root.line,
            f"this is not a Moodle XML question file: the top element is <{root.tag}>, "
            "expected <quiz>",
        )
        return imported
    tags: list[str] = []
    for element in cast("list[_Element]", list(root)):  # made by _LineBuilder
        if element.tag != "question":
            notes.warn(element.line, f"<{element.tag}> is not a question: left out")
            continue
        qtype = element.get("type", "")
        if qtype == "category":
            tags = category_tags(_text(element.find("category")))
            continue
        _Reader(element, notes, tags, imported).read(qtype)
    if not imported.questions and not imported.errors:
        notes.error(0, "the file holds no question quiz can import")
    return imported


class _Reader:
    """One ``<question>``: its common parts, then its type's."""

    def __init__(
        self, element: _Element, notes: Notes, tags: list[str], imported: Imported
    ) -> None:
        self.el = element
        self.notes = notes
        self.tags = tags
        self.imported = imported
        self.name = " ".join(_text(element.find("name")).split())
        self.images = False

    @property
    def what(self) -> str:
        return f"question {show(self.name)}" if self.name else "a question"

    def warn(self, message: str) -> None:
        self.notes.warn(self.el.line, f"{self.what}: {message}")

    def skip(self, message: str) -> None:
        self.notes.warn(self.el.line, f"{self.what} skipped: {message}")

    def fail(self, message: str) -> None:
        self.notes.error(self.el.line, f"{self.what} left out: {message}")

    def rich(self, element: ET.Element | None, default: str = "html") -> str:
        text, images = _rich(element, default)
        self.images = self.images or images
        return text

    def read(self, qtype: str) -> None:
        if qtype in _SKIPPED:
            self.skip(f"it is {_SKIPPED[qtype]}")
            return
        handler = getattr(self, f"_{qtype}", None)
        if handler is None:
            self.skip(f"Moodle's {qtype or 'untyped'} questions have no quiz equivalent")
            return
        fmt = self.el.find("questiontext")
        self.prompt_html = _text(fmt)
        self.prompt_format = fmt.get("format", "html") if fmt is not None else "html"
        self.prompt = self.rich(fmt)
        body = handler()
        if body is None:
            return
        if not str(body.get("prompt", self.prompt)).strip():
            self.fail("its question text is empty")
            return
        question: dict[str, Any] = {"_line": self.el.line}
        if self.name:
            question["id"] = self.name
        question["type"] = body.pop("type")
        question["prompt"] = body.pop("prompt", self.prompt)
        question.update(body)
        explanation = self.rich(self.el.find("generalfeedback"))
        if explanation:
            question["explanation"] = explanation
        hints = [h for h in (self.rich(e) for e in self.el.findall("hint")) if h]
        if hints:
            question["hint"] = hints[0]
            if len(hints) > 1:
                self.warn(f"only its first hint is kept ({len(hints)} hints)")
        tags = list(self.tags)
        for tag in self.el.iterfind("tags/tag"):
            text = " ".join(_text(tag).split())
            if text and text not in tags:
                tags.append(text)
        if tags:
            question["tags"] = tags
        grade = self.el.findtext("defaultgrade")
        if grade is not None and grade.strip():
            points = number(grade)
            if points is not None and points > 0:
                question["points"] = points
        if self.images:
            self.warn("its images are left out (plain text holds none)")
        self.imported.questions.append(question)

    def _answers(self, *, html: bool = False) -> list[tuple[float, str, str, ET.Element]]:
        """Each ``<answer>``: (fraction in percent, text, feedback, element). Only choices are
        HTML; Moodle keeps typed answers as plain text whatever their ``format`` says."""
        out = []
        for answer in self.el.findall("answer"):
            fraction = number(answer.get("fraction", "0")) or 0.0
            text = self.rich(answer) if html else _text(answer).strip()
            out.append((fraction, text, self.rich(answer.find("feedback")), answer))
        return out

    def _multichoice(self) -> dict[str, Any] | None:
        single = (self.el.findtext("single") or "true").strip().lower() in ("true", "1")
        answers = [(f, t, fb) for f, t, fb, _ in self._answers(html=True) if t]
        body, warnings, error = weighted_choices(answers, single=single)
        for w in warnings:
            self.warn(w)
        if error:
            self.fail(error)
        return body

    def _truefalse(self) -> dict[str, Any] | None:
        answers = self._answers()
        right = [a for a in answers if near(a[0], 100)]
        if not right or right[0][1].strip().lower() not in ("true", "false"):
            self.fail("it has no answer 'true' or 'false' worth 100%")
            return None
        if any(f for _, _, f, _ in answers):
            self.warn("feedback on its true and false answers is not kept (the explanation is)")
        return {"type": "true_false", "answer": right[0][1].strip().lower() == "true"}

    def _shortanswer(self) -> dict[str, Any] | None:
        answers = [a for a in self._answers() if a[1]]
        right = [a[1] for a in answers if near(a[0], 100)]
        if not right:
            self.fail("no answer is worth 100%")
            return None
        self._lost(answers)
        if any("*" in r for r in right):
            self.warn("'*' in its answers is a wildcard in Moodle; here it is taken as written")
        usecase = (self.el.findtext("usecase") or "0").strip() == "1"
        out: dict[str, Any] = {"type": "short", "answer": right[0]}
        if len(right) > 1:
            out["accept"] = right[1:]
        if usecase:
            out["case_sensitive"] = True
        return out

    def _lost(self, answers: list[tuple[float, str, str, ET.Element]]) -> None:
        partial = [(f, t) for f, t, *_ in answers if f > 0 and not near(f, 100)]
        if partial:
            shown = ", ".join(f"{show(t)} ({f:g}%)" for f, t in partial)
            self.warn(f"answers with partial credit are left out: {shown}")
        if any(f for _, _, f, _ in answers):
            self.warn("feedback on its answers is not kept (the explanation is)")

    def _numerical(self) -> dict[str, Any] | None:
        answers = [a for a in self._answers() if a[1] and a[1] != "*"]
        right = [a for a in answers if near(a[0], 100)]
        if not right:
            self.fail("no answer is worth 100%")
            return None
        value = number(right[0][1])
        tolerance = number(right[0][3].findtext("tolerance") or "0")
        if value is None:
            self.fail(f"its answer {show(right[0][1])} is not a number")
            return None
        if len(right) > 1:
            self.warn(f"only its first right answer ({right[0][1]}) is kept, of {len(right)}")
        self._lost(self._answers())
        out: dict[str, Any] = {"type": "numeric", "answer": value}
        if tolerance:
            out["tolerance"] = abs(tolerance)
        units = [
            (
                " ".join((u.findtext("unit_name") or "").split()),
                number(u.findtext("multiplier") or "1"),
            )
            for u in self.el.iterfind("units/unit")
        ]
        base = [name for name, multiplier in units if name and multiplier == 1]
        if base:
            out["unit"] = base[0]
        others = [name for name, _ in units if name and name not in base[:1]]
        if others:
            self.warn(f"its other units are left out: {', '.join(others)} (quiz takes one unit)")
        return out

    def _matching(self) -> dict[str, Any] | None:
        pairs: dict[str, str] = {}
        extra = 0
        for sub in self.el.findall("subquestion"):
            left = " ".join(self.rich(sub).split())
            right = " ".join((sub.findtext("answer/text") or "").split())
            if not left:
                extra += right != ""
                continue
            if left in pairs:
                self.fail(f"the item {show(left)} is listed twice")
                return None
            pairs[left] = right
        if extra:
            self.warn(f"{plural(extra, 'extra wrong answer')} left out (quiz pairs have none)")
        return {"type": "match", "pairs": pairs}

    def _cloze(self) -> dict[str, Any] | None:
        from quiz.bank.formats.moodle_cloze import to_cloze

        prompt, case_sensitive, warnings, errors = to_cloze(
            self.prompt_html, newlines=self.prompt_format == "moodle_auto_format"
        )
        for w in warnings:
            self.warn(w)
        if prompt is None:
            self.fail("; ".join(errors))
            return None
        out: dict[str, Any] = {"type": "cloze", "prompt": prompt}
        if case_sensitive:
            out["case_sensitive"] = True
        return out

    _multianswer = _cloze

    def _gaps(self, option: str) -> dict[str, Any] | None:
        from quiz.bank.formats.common import cloze_blank, cloze_join

        options = [" ".join(_text(o).split()) for o in self.el.findall(option)]
        used: set[int] = set()
        failed: list[str] = []

        def blank(number: str) -> str:
            n = int(number)
            if not 1 <= n <= len(options) or not options[n - 1]:
                failed.append(f"the gap [[{n}]] names no choice")
                return ""
            used.add(n)
            marker, _ = cloze_blank([options[n - 1]])
            if marker is None:
                failed.append(f"the choice {show(options[n - 1])} cannot be a quiz blank")
                return ""
            return marker

        parts = re.split(r"\[\[([0-9]+)\]\]", self.prompt)
        prompt = cloze_join([blank(p) if i % 2 else p for i, p in enumerate(parts)])
        if failed or not used:
            self.fail("; ".join(failed) or "its text has no gaps ([[1]])")
            return None
        unused = len(options) - len(used)
        extra = f" ({unused} extra choice{'s' if unused > 1 else ''} left out)" if unused else ""
        self.warn(f"its gaps become typed blanks: the learner types each word{extra}")
        return {"type": "cloze", "prompt": prompt}

    def _ddwtos(self) -> dict[str, Any] | None:
        return self._gaps("dragbox")

    def _gapselect(self) -> dict[str, Any] | None:
        return self._gaps("selectoption")


# -- writing ---------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _text_el(parent: ET.Element, tag: str, text: str, *, html: bool = True) -> ET.Element:
    element = _sub(parent, tag, format="html" if html else "plain_text")
    _sub(element, "text", text_to_html(text) if html else text)
    return element


def _answer(
    parent: ET.Element, fraction: float, text: str, feedback: str = "", *, html: bool = False
) -> ET.Element:
    answer = _sub(parent, "answer", fraction=weight_text(fraction), format="html" if html else
                  "plain_text")  # fmt: skip
    _sub(answer, "text", text_to_html(text) if html else text)
    _text_el(answer, "feedback", feedback)
    return answer


def write(bank: Any) -> Exported:
    from quiz.bank.export import question_to_dict

    file = bank_file(bank)
    notes = Notes(file)
    left_out = LeftOut(LABEL)
    root = ET.Element("quiz")
    root.append(ET.Comment(f" {bank.title} "[:200].replace("--", "- -")))
    for q in bank.questions:
        d = question_to_dict(q)
        element = _question(d)
        if element is None:
            notes.warn(
                q.line,
                f"question {d['id']!r} skipped: Moodle XML has no {d['type']} questions",
            )
            continue
        root.append(element)
        if d.get("source"):
            left_out.add("source quotes", d["id"])
        if d.get("any_order"):
            left_out.add("blanks in any order", d["id"])
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")
    notes.extend(left_out.notes(file))
    return Exported(data, notes)


def _question(d: dict[str, Any]) -> ET.Element | None:
    qtype = d["type"]
    moodle_type = {
        "choice": "multichoice",
        "multi": "multichoice",
        "true_false": "truefalse",
        "short": "shortanswer",
        "numeric": "numerical",
        "match": "matching",
        "cloze": "cloze",
    }.get(qtype)
    if moodle_type is None:
        return None
    q = ET.Element("question", type=moodle_type)
    name = _sub(q, "name")
    _sub(name, "text", d["id"])
    if qtype == "cloze":
        from quiz.bank.formats.moodle_cloze import from_cloze
        from quiz.bank.model import CLOZE_BLANK

        blanks = [[a.strip() for a in m.group(1).split("|")] for m in
                  CLOZE_BLANK.finditer(d["prompt"])]  # fmt: skip
        question_text = _sub(q, "questiontext", format="html")
        _sub(question_text, "text", from_cloze(d["prompt"], blanks, d.get("case_sensitive", False)))
    else:
        _text_el(q, "questiontext", d["prompt"])
    _text_el(q, "generalfeedback", d.get("explanation") or "")
    _sub(q, "defaultgrade", plain_number(d.get("points", 1)))
    _sub(q, "penalty", "0.3333333")
    _sub(q, "hidden", "0")
    if qtype in ("choice", "multi"):
        _sub(q, "single", "true" if qtype == "choice" else "false")
        _sub(q, "shuffleanswers", "true")
        _sub(q, "answernumbering", "abc")
        right = {d["answer"]} if qtype == "choice" else set(d["answers"])
        share = 100 / len(right)
        for choice in d["choices"]:
            text, feedback = choice_text(choice)
            if qtype == "choice":
                fraction = 100.0 if text in right else 0.0
            else:
                # quiz takes 1/n of the marks off for each wrong pick: the same in Moodle.
                fraction = share if text in right else -share
            _answer(q, fraction, text, feedback, html=True)
    elif qtype == "true_false":
        _answer(q, 100 if d["answer"] else 0, "true")
        _answer(q, 0 if d["answer"] else 100, "false")
    elif qtype == "short":
        _sub(q, "usecase", "1" if d.get("case_sensitive") else "0")
        for text in [d["answer"], *d.get("accept", [])]:
            _answer(q, 100, text)
    elif qtype == "numeric":
        answer = _answer(q, 100, plain_number(d["answer"]))
        _sub(answer, "tolerance", plain_number(d.get("tolerance", 0)))
        if d.get("unit"):
            unit = _sub(_sub(q, "units"), "unit")
            _sub(unit, "multiplier", "1")
            _sub(unit, "unit_name", d["unit"])
    elif qtype == "match":
        _sub(q, "shuffleanswers", "true")
        for left, right_text in d["pairs"].items():
            sub = _text_el(q, "subquestion", left)
            answer = _sub(sub, "answer")
            _sub(answer, "text", right_text)
    if d.get("hint"):
        _text_el(q, "hint", d["hint"])
    if d.get("tags"):
        tags = _sub(q, "tags")
        for tag in d["tags"]:
            _sub(_sub(tags, "tag"), "text", tag)
    return q
