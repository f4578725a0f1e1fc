"""Moodle's embedded answers (the "Cloze" or multianswer question): reading them out of a
question text into quiz's ``{{blank}}`` cloze, and writing a quiz cloze as one.

Moodle writes a blank as ``{1:SHORTANSWER:=Paris~=paris#Right!~%50%Lyon}``: an optional weight,
a type, then answers separated by ``~``, each ``=`` (full marks) or ``%n%`` (n percent) first and
``#feedback`` after; ``\\}``, ``\\#``, ``\\~``, ``\\/``, ``\\"`` and ``\\\\`` escape those
characters. Quiz's blanks are typed answers graded all or nothing, so a short-answer blank keeps
its full-mark answers, a numerical one its number, a multiple-choice one its right choice (the
learner types it); multiple-response blanks have no quiz equivalent. What is lost is named in a
warning.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from quiz.bank.formats.common import (
    cloze_blank,
    cloze_join,
    near,
    number,
    show,
)
from quiz.bank.formats.htmltext import html_to_text, text_to_html
from quiz.bank.model import CLOZE_BLANK

_KINDS = {
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), "short"),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), "short-case"),
    **dict.fromkeys(("NUMERICAL", "NM"), "numerical"),
    **dict.fromkeys(
        (
            "MULTICHOICE",
            "MC",
            "MULTICHOICE_V",
            "MCV",
            "MULTICHOICE_H",
            "MCH",
            "MULTICHOICE_S",
            "MCS",
            "MULTICHOICE_VS",
            "MCVS",
            "MULTICHOICE_HS",
            "MCHS",
        ),
        "choice",
    ),  # fmt: skip
    **dict.fromkeys(
        (
            "MULTIRESPONSE",
            "MR",
            "MULTIRESPONSE_H",
            "MRH",
            "MULTIRESPONSE_S",
            "MRS",
            "MULTIRESPONSE_HS",
            "MRHS",
        ),
        "multiresponse",
    ),  # fmt: skip
}
_START = re.compile(r"\{([0-9]*):([A-Za-z_]+):")
_UNESCAPE = re.compile(r"\\([}#~/\"\\])")
_PERCENT = re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%")
# Stands for a blank while the HTML around it is reduced to text: private-use characters,
# which no question text holds.
_MARK = "\ue000{}\ue001"
_MARKS = re.compile("\ue000([0-9]+)\ue001")


@dataclass(slots=True)
class Answer:
    fraction: float  # percent
    text: str
    feedback: str


@dataclass(slots=True)
class Embedded:
    kind: str
    type_name: str
    weight: int
    answers: list[Answer] = field(default_factory=list)


def _split(body: str, sep: str) -> list[str]:
    """``body`` split at each ``sep`` not escaped with a backslash (nor, for ``#``, part of an
    HTML character reference such as ``&#39;``)."""
    parts, start, i = [], 0, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == sep and not (sep == "#" and i > 0 and body[i - 1] == "&"):
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def _end(text: str, start: int) -> int:
    """The index of the ``}`` that closes an embedded answer whose body starts at ``start``."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "}":
            return i
        i += 1
    return -1


def _answers(body: str) -> list[Answer]:
    out = []
    for alternative in _split(body, "~"):
        fraction = 0.0
        if alternative.startswith("="):
            fraction, alternative = 100.0, alternative[1:]
        elif m := _PERCENT.match(alternative):
            fraction, alternative = float(m.group(1).replace(",", ".")), alternative[m.end() :]
        answer, *feedback = _split(alternative, "#")
        out.append(
            Answer(
                fraction,
                html_to_text(_UNESCAPE.sub(r"\1", answer)),
                html_to_text(_UNESCAPE.sub(r"\1", "#".join(feedback))),
            )
        )
    return out


def parse(html: str) -> tuple[str, list[Embedded]]:
    """The question text reduced to plain text with each embedded answer replaced by a mark,
    and the embedded answers in order. Text that only looks like one (an unknown type, no
    closing brace) stays text."""
    pieces: list[str] = []
    found: list[Embedded] = []
    pos = 0
    for m in _START.finditer(html):
        if m.start() < pos:
            continue
        kind = _KINDS.get(m.group(2).upper())
        end = _end(html, m.end())
        if kind is None or end < 0:
            continue
        pieces.append(html[pos : m.start()])
        pieces.append(_MARK.format(len(found)))
        weight = int(m.group(1)) if m.group(1) else 1
        found.append(Embedded(kind, m.group(2), weight, _answers(html[m.end() : end])))
        pos = end + 1
    pieces.append(html[pos:])
    return "".join(pieces), found


def to_cloze(html: str, *, newlines: bool) -> tuple[str | None, bool, list[str], list[str]]:
    """A quiz cloze prompt for a Moodle question text with embedded answers: (prompt or None
    when it cannot be one, case_sensitive, warnings, errors)."""
    marked, blanks = parse(html)
    warnings: list[str] = []
    errors: list[str] = []
    if not blanks:
        return None, False, warnings, ["its text has no embedded answers ({1:SHORTANSWER:=...})"]
    text = html_to_text(marked, newlines=newlines)
    texts: list[str] = []
    cases = []
    for n, blank in enumerate(blanks, 1):
        right = [a for a in blank.answers if near(a.fraction, 100) and a.text]
        if blank.kind == "multiresponse":
            errors.append(f"blank {n} is {blank.type_name}, several choices to tick, "
                          "which a quiz cloze cannot hold")  # fmt: skip
            continue
        if not right:
            errors.append(f"blank {n} has no answer worth 100%")
            continue
        if blank.kind == "numerical":
            values = []
            for a in right:
                value, _, tolerance = a.text.partition(":")
                if number(value) is None:
                    errors.append(f"blank {n}: {show(value)} is not a number")
                    break
                if tolerance.strip() and (number(tolerance) or 0) != 0:
                    warnings.append(
                        f"blank {n}: the tolerance {tolerance.strip()} is not kept: the blank "
                        "takes the number as written"
                    )
                values.append(value.strip())
            alternatives = values
        else:
            alternatives = [a.text for a in right]
        if blank.kind == "choice":
            others = len(blank.answers) - len(right)
            warnings.append(
                f"blank {n} ({blank.type_name}) becomes a typed blank: the learner types "
                f"the answer instead of picking one of {others + len(right)} choices"
            )
        if blank.kind in ("short", "short-case"):
            cases.append(blank.kind == "short-case")
        partial = [a for a in blank.answers if not near(a.fraction, 100) and a.fraction > 0]
        if partial and blank.kind != "choice":
            shown = ", ".join(f"{show(a.text)} ({a.fraction:g}%)" for a in partial)
            warnings.append(f"blank {n}: answers with partial credit are left out: {shown}")
        if any(a.feedback for a in blank.answers):
            warnings.append(f"blank {n}: feedback on its answers is not kept")
        marker, dropped = cloze_blank(alternatives)
        if dropped:
            warnings.append(
                f"blank {n}: answers with '|', '{{{{' or '}}}}' are left out: "
                + ", ".join(show(d) for d in dropped)
            )
        if marker is None:
            errors.append(f"blank {n} has no answer a quiz cloze can hold")
            continue
        texts.append(marker)
    if errors:
        return None, False, warnings, errors
    if len({b.weight for b in blanks}) > 1:
        warnings.append("its blanks have different weights; here each blank counts the same")
    case_sensitive = bool(cases) and all(cases)
    if cases and any(cases) and not case_sensitive:
        warnings.append(
            "some blanks are case-sensitive (SHORTANSWER_C) and some not: "
            "case is ignored in all of them"
        )
    parts = _MARKS.split(text)
    # _MARKS.split alternates text and blank numbers: even indexes are text.
    prompt = cloze_join([p if i % 2 == 0 else texts[int(p)] for i, p in enumerate(parts)])
    return prompt, case_sensitive, warnings, errors


def _escape(answer: str) -> str:
    html = text_to_html(answer)
    html = html.removeprefix("<p>").removesuffix("</p>")
    return re.sub(r"([\\}#~/\"])", r"\\\1", html)


def from_cloze(prompt: str, blanks: list[list[str]], case_sensitive: bool) -> str:
    """A quiz cloze as a Moodle question text (HTML) with embedded short answers."""
    kind = "SHORTANSWER_C" if case_sensitive else "SHORTANSWER"
    counter = itertools.count()
    marked = CLOZE_BLANK.sub(lambda _: _MARK.format(next(counter)), prompt)
    embedded = [
        "{1:" + kind + ":" + "~".join("=" + _escape(a) for a in alternatives) + "}"
        for alternatives in blanks
    ]
    return _MARKS.sub(lambda m: embedded[int(m.group(1))], text_to_html(marked))
