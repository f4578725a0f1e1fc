"""GIFT, Moodle's plain-text question format, read as Moodle's own parser
(``question/format/gift/format.php``) reads it, and written so that Moodle reads it back.

A question is a block of lines between blank lines: ``//`` comment lines, an optional
``::Title::``, an optional ``[html]``/``[markdown]``/``[plain]``/``[moodle]`` text format, the
question text and its answers in braces. ``\\~ \\= \\# \\{ \\} \\:`` escape those characters,
``\\n`` is a line break, ``\\\\`` a backslash. ``$CATEGORY: a/b`` sets the category, which
becomes the tags of the questions after it. In the answers: ``=right``, ``~wrong``,
``~%50%partly``, ``#feedback`` after an answer, ``####general feedback`` (the explanation);
``{T}``/``{FALSE}`` true/false; ``{=a =b}`` short answer; ``{#3.14:0.01}``, ``{#1..2}``
numerical; ``{=a -> b =c -> d}`` matching. Braces in mid-sentence make a missing-word
question: a short answer there becomes a cloze blank; other types keep Moodle's ``_____``.

Essays (``{}``) and descriptions (no braces) are skipped with a warning naming their line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from quiz.bank.formats import Exported, Imported
from quiz.bank.formats.common import (
    LeftOut,
    Notes,
    bank_file,
    category_path,
    category_tags,
    choice_text,
    cloze_blank,
    cloze_join,
    decimal,
    near,
    plain_number,
    show,
    weight_text,
    weighted_choices,
)
from quiz.bank.formats.htmltext import html_to_text

NAME = "gift"
LABEL = "GIFT"
SUFFIXES = (".gift", ".gift.txt", ".txt")

# Escaped characters stand in as private-use characters while the structure is read, as
# Moodle's parser uses placeholders; they become the characters again in each piece of text.
_ESCAPES = {":": "\ue010", "#": "\ue011", "=": "\ue012", "{": "\ue013", "}": "\ue014",
            "~": "\ue015", "n": "\ue016"}  # fmt: skip
_BACKSLASH = "\ue017"
_UNESCAPE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_UNESCAPE_RE = re.compile("[\ue010-\ue016]")
_GAP = "\ue020"  # where the answers stood in a missing-word question
_WEIGHT = re.compile(r"%(-?[0-9]+(?:[.,][0-9]*)?)%")
_FORMATS = ("html", "moodle", "plain", "markdown")
_TAG_OR_ENTITY = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")
_SNIFF_ANSWERS = re.compile(r"\{[^{}]*(?:[=~]|#|\bT\b|\bF\b|TRUE|FALSE)[^{}]*\}", re.S)


def sniff(data: bytes) -> bool:
    head = data[:8192].decode("utf-8", "replace")
    if re.search(r"^\s*(::[^\n]*::|\$CATEGORY:)", head, re.M):
        return True
    return _SNIFF_ANSWERS.search(head) is not None


# -- reading ---------------------------------------------------------------------------------


def _decode(data: bytes, notes: Notes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        notes.error(line, "the file is not UTF-8 text; save it with the UTF-8 encoding")
        return None


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The file's questions: runs of non-blank lines, with the line number of the first line
    that is not a comment (Moodle trims every line)."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            if current:
                blocks.append((first, current))
            current, first = [], 0
            continue
        if line.startswith("//"):
            line = " "
        elif not first:
            first = number
        current.append(line)
    if current:
        blocks.append((first, current))
    return [(first, lines) for first, lines in blocks if first]


def _escape_pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace(_BACKSLASH, "\\")


def _post(text: str) -> str:
    return _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group()], text)


def _with_format(raw: str, default: str) -> tuple[str, str]:
    """A piece of text and its format: a ``[format]`` in front, else ``default``. The text is
    unescaped and reduced to plain text (HTML in ``html``, and in ``moodle`` when it holds
    tags or entities; ``plain`` and ``markdown`` are kept as written)."""
    raw = raw.strip()
    fmt = default
    if raw.startswith("["):
        end = raw.find("]")
        if end > 0 and raw[1:end] in _FORMATS:
            fmt, raw = raw[1:end], raw[end + 1 :]
    text = _post(raw).strip()
    if fmt == "html" or (fmt == "moodle" and _TAG_OR_ENTITY.search(text)):
        text = html_to_text(text, newlines=fmt == "moodle")
    return text, fmt


def _comment(answer: str, fmt: str) -> tuple[str, str]:
    """An answer and its ``#feedback``."""
    text, _, feedback = answer.partition("#")
    return _with_format(text, fmt)[0], _with_format(feedback, fmt)[0]


def _weight(answer: str, default: float) -> tuple[float, str]:
    if m := _WEIGHT.match(answer):
        return float(m.group(1).replace(",", ".")), answer[m.end() :]
    return default, answer


def _split_answers(answertext: str, sep: str) -> list[str]:
    answers = answertext.split(sep)
    if answers and not answers[0].strip():
        answers = answers[1:]
    return [a.strip() for a in answers]


def read(data: bytes, path: Path) -> Imported:
    notes = Notes(str(path))
    imported = Imported(problems=notes)
    text = _decode(data, notes)
    if text is None:
        return imported
    tags: list[str] = []
    for line, lines in _blocks(text):
        block = _escape_pre("\n".join(lines).strip())
        if block.startswith("$CATEGORY:"):
            tags = category_tags(_post(block[len("$CATEGORY:") :]).strip())
            continue
        question = _Question(line, notes).read(block)
        if question is not None:
            if tags:
                question["tags"] = list(tags)
            imported.questions.append(question)
    if not imported.questions and not imported.errors:
        notes.error(0, "the file holds no question quiz can import")
    return imported


class _Question:
    def __init__(self, line: int, notes: Notes) -> None:
        self.line = line
        self.notes = notes
        self.name = ""
        self.start = ""

    @property
    def what(self) -> str:
        return (
            f"question {show(self.name or self.start)}" if self.name or self.start else "a question"
        )

    def warn(self, message: str) -> None:
        self.notes.warn(self.line, f"{self.what}: {message}")

    def fail(self, message: str) -> None:
        self.notes.error(self.line, f"{self.what} left out: {message}")

    def read(self, text: str) -> dict[str, Any] | None:
        if text.startswith("::"):
            end = text.find("::", 2)
            if end >= 0:
                self.name = " ".join(_post(text[2:end]).split())
                text = text[end + 2 :].strip()
            else:
                text = text[2:]
        start, finish = text.find("{"), text.find("}")
        # Untitled questions are named in messages by how their text begins.
        self.start = _post(text[: start if start >= 0 else len(text)]).strip()
        if start < 0 and finish < 0:
            self.notes.warn(
                self.line, f"{self.what} skipped: it has no answers in braces, so Moodle reads "
                "it as a description, not a question",
            )  # fmt: skip
            return None
        if finish < 0:
            self.fail("its answers have no closing '}' (write \\{ for a brace in the text)")
            return None
        if start < 0 or finish < start:
            self.fail("its answers need a '{' before the '}' (write \\{ or \\} for a brace)")
            return None
        answertext = text[start + 1 : finish].strip()
        gap = not text.endswith("}")
        prompt_raw = text[:start] + (_GAP if gap else "") + text[finish + 1 :]
        explanation_raw = ""
        if (cut := answertext.rfind("####")) >= 0:
            explanation_raw, answertext = answertext[cut + 4 :], answertext[:cut].strip()
        prompt, fmt = _with_format(prompt_raw, "moodle")
        explanation = _with_format(explanation_raw, fmt)[0]

        if not answertext:
            self.notes.warn(
                self.line, f"{self.what} skipped: it is an essay ({{}}), graded by a teacher, "
                "which quiz has no type for",
            )  # fmt: skip
            return None
        if answertext.startswith("#"):
            body = self._numerical(answertext[1:], fmt)
        elif "~" in answertext:
            body = self._multichoice(answertext, fmt)
        elif "=" in answertext and "->" in answertext:
            body = self._match(answertext, fmt)
        elif answertext.partition("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
            body = self._truefalse(answertext, fmt)
        else:
            body = self._short(answertext, fmt, prompt if gap else None)
        if body is None:
            return None
        prompt = body.pop("prompt", prompt).replace(_GAP, "_____")
        if not prompt.strip("_ \n"):
            self.fail("its question text is empty")
            return None
        question: dict[str, Any] = {"_line": self.line}
        if self.name:
            question["id"] = self.name
        question["type"] = body.pop("type")
        question["prompt"] = prompt
        question.update(body)
        if explanation:
            question["explanation"] = explanation
        return question

    def _multichoice(self, answertext: str, fmt: str) -> dict[str, Any] | None:
        single = "=" in answertext
        answers = []
        for answer in _split_answers(answertext.replace("=", "~="), "~"):
            if answer.startswith("="):
                weight, answer = 100.0, answer[1:]
            else:
                weight, answer = _weight(answer, 0.0)
            text, feedback = _comment(answer, fmt)
            if text:
                answers.append((weight, text, feedback))
        body, warnings, error = weighted_choices(answers, single=single)
        for w in warnings:
            self.warn(w)
        if error:
            self.fail(error)
        return body

    def _match(self, answertext: str, fmt: str) -> dict[str, Any] | None:
        pairs: dict[str, str] = {}
        extra = 0
        for answer in _split_answers(answertext, "="):
            left, arrow, right = answer.partition("->")
            if not arrow:
                self.fail(f"the pair {show(_post(answer))} has no '->'")
                return None
            left = " ".join(_with_format(left, fmt)[0].split())
            right = " ".join(_post(right).split())
            if not left:
                extra += 1
                continue
            if left in pairs:
                self.fail(f"the item {show(left)} is listed twice")
                return None
            pairs[left] = right
        if extra:
            self.warn(f"{extra} extra wrong answer{'s' if extra > 1 else ''} left out "
                      "(quiz pairs have none)")  # fmt: skip
        return {"type": "match", "pairs": pairs}

    def _truefalse(self, answertext: str, fmt: str) -> dict[str, Any]:
        answer, *feedback = answertext.split("#", 2)
        if any(_with_format(f, fmt)[0] for f in feedback):
            self.warn("feedback on its true and false answers is not kept (the explanation is)")
        return {"type": "true_false", "answer": answer.strip() in ("T", "TRUE")}

    def _weighted(self, answertext: str, fmt: str) -> list[tuple[float, str, str]]:
        out = []
        for answer in _split_answers(answertext, "="):
            weight, answer = _weight(answer, 100.0)
            text, feedback = _comment(answer, fmt)
            out.append((weight, text, feedback))
        return out

    def _lost(self, answers: list[tuple[float, str, str]]) -> None:
        partial = [(w, t) for w, t, _ in answers if not near(w, 100) and w > 0]
        if partial:
            shown = ", ".join(f"{show(t)} ({w:g}%)" for w, t in partial)
            self.warn(f"answers with partial credit are left out: {shown}")
        if any(f for *_, f in answers):
            self.warn("feedback on its answers is not kept (the explanation is)")

    def _short(self, answertext: str, fmt: str, gapped: str | None) -> dict[str, Any] | None:
        answers = self._weighted(answertext, fmt)
        right = [t for w, t, _ in answers if near(w, 100) and t]
        if not right:
            self.fail("no answer is worth 100%")
            return None
        self._lost(answers)
        if gapped is not None:
            marker, dropped = cloze_blank(right)
            if marker is not None and not dropped:
                before, _, after = gapped.partition(_GAP)
                return {"type": "cloze", "prompt": cloze_join([before, marker, after])}
            self.warn("its answers hold '|', '{{' or '}}', which a cloze blank cannot: it is "
                      "kept as a short answer")  # fmt: skip
        out: dict[str, Any] = {"type": "short", "answer": right[0]}
        if len(right) > 1:
            out["accept"] = right[1:]
        return out

    def _numerical(self, answertext: str, fmt: str) -> dict[str, Any] | None:
        answertext, tilde, wrong = answertext.partition("~")
        if tilde and _comment(wrong, fmt)[1]:
            self.warn("the feedback for wrong answers is not kept (the explanation is)")
        answers = []
        for weight, text, feedback in self._weighted(answertext, fmt):
            number = self._number(text)
            if number is None:
                return None
            answers.append((weight, number, feedback))
        right = [(v, t) for w, (v, t), _ in answers if near(w, 100)]
        if not right:
            self.fail("no answer is worth 100%")
            return None
        if len(right) > 1:
            self.warn(f"only its first right answer is kept, of {len(right)}")
        self._lost([(w, plain_number(float(v)), f) for w, (v, _), f in answers])
        value, tolerance = right[0]
        out: dict[str, Any] = {"type": "numeric", "answer": float(value)}
        if tolerance:
            out["tolerance"] = float(tolerance)
        return out

    def _number(self, text: str) -> tuple[Decimal, Decimal] | None:
        """An answer ``3.14``, ``3.14:0.01`` or ``3.141..3.142`` as (value, tolerance)."""
        low, dots, high = text.partition("..")
        if dots and low.strip():
            a, b = decimal(low), decimal(high)
            if a is None or b is None or b < a:
                self.fail(f"{show(text)} is not a range of numbers (low..high)")
                return None
            middle = (a + b) / 2
            return middle, b - middle
        value, colon, tolerance = text.partition(":")
        v = decimal(value)
        t = decimal(tolerance) if colon else Decimal(0)
        if v is None or t is None:
            self.fail(f"{show(text)} is not a number (nor number:tolerance, nor low..high)")
            return None
        return v, abs(t)


# -- writing ---------------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Moodle's ``repchar``: reserved characters escaped, line breaks as ``\\n``."""
    text = text.replace("\\", "\\\\")
    for char in "#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def write(bank: Any) -> Exported:
    from quiz.bank.export import question_to_dict

    file = bank_file(bank)
    notes = Notes(file)
    left_out = LeftOut(LABEL)
    out = [f"// {line}" for line in bank.title.splitlines()] + ["// exported by quiz", ""]
    category: list[str] | None = None
    for q in bank.questions:
        d = question_to_dict(q)
        body, problem = _body(d)
        if body is None:
            notes.warn(q.line, f"question {d['id']!r} skipped: {problem}")
            continue
        if problem:
            notes.warn(q.line, f"question {d['id']!r}: {problem}")
        tags = list(d.get("tags", []))
        if tags != (category or []) and not (category is None and not tags):
            out += [f"$CATEGORY: {_esc(category_path(tags))}", ""]
        category = tags
        out += [f"// question: {d['id']}", body, ""]
        for key, what in (
            ("hint", "hints"),
            ("source", "source quotes"),
            ("unit", "units"),
            ("any_order", "blanks in any order"),
        ):
            if d.get(key):
                left_out.add(what, d["id"])
        if d.get("points", 1) != 1:
            left_out.add("points", d["id"])
    notes.extend(left_out.notes(file))
    return Exported("\n".join(out).rstrip("\n").encode("utf-8") + b"\n", notes)


def _body(d: dict[str, Any]) -> tuple[str | None, str | None]:
    """A question in GIFT, or None and why it cannot be; with a warning for what is lost."""
    qtype = d["type"]
    head = f"::{_esc(d['id'])}::[plain]"
    tail = "\t####" + _esc(d["explanation"]) + "\n" if d.get("explanation") else ""
    warning = None
    if qtype in ("choice", "multi"):
        right = {d["answer"]} if qtype == "choice" else set(d["answers"])
        share = weight_text(100 / len(right))
        lines = []
        for choice in d["choices"]:
            text, feedback = choice_text(choice)
            if _WEIGHT.match(text):
                return None, f"the choice {show(text)} would read as a GIFT weight"
            if qtype == "choice":
                mark = "=" if text in right else "~"
            else:
                # quiz takes 1/n of the marks off for each wrong pick: the same in Moodle.
                mark = f"~%{share}%" if text in right else f"~%-{share}%"
            lines.append("\t" + mark + _esc(text) + ("#" + _esc(feedback) if feedback else ""))
        return head + _esc(d["prompt"]) + "{\n" + "\n".join(lines) + "\n" + tail + "}", None
    if qtype == "true_false":
        answer = "TRUE" if d["answer"] else "FALSE"
        return head + _esc(d["prompt"]) + "{" + answer + tail.strip("\t\n") + "}", None
    if qtype == "short":
        answers = [d["answer"], *d.get("accept", [])]
        if any("->" in a for a in answers):
            return None, "an answer with '->' would make it a GIFT matching question"
        if d.get("case_sensitive"):
            warning = "GIFT has no case-sensitive answers: Moodle will ignore case"
        listed = "".join(f"\t={_esc(a)}\n" for a in answers)
        return head + _esc(d["prompt"]) + "{\n" + listed + tail + "}", warning
    if qtype == "numeric":
        answer = f"{plain_number(d['answer'])}:{plain_number(d.get('tolerance', 0))}"
        return head + _esc(d["prompt"]) + "{#\n\t=" + answer + "\n" + tail + "}", None
    if qtype == "match":
        lines = []
        for left, right in d["pairs"].items():
            if "->" in left:
                return None, f"the item {show(left)} holds '->', which GIFT reads as the arrow"
            lines.append(f"\t={_esc(left)} -> {_esc(right)}\n")
        return head + _esc(d["prompt"]) + "{\n" + "".join(lines) + tail + "}", None
    if qtype == "cloze":
        return _cloze(d, head, tail)
    return None, f"GIFT has no {qtype} questions"


def _cloze(d: dict[str, Any], head: str, tail: str) -> tuple[str | None, str | None]:
    from quiz.bank.model import CLOZE_BLANK

    blanks = list(CLOZE_BLANK.finditer(d["prompt"]))
    if len(blanks) != 1:
        return None, (
            f"GIFT has one gap per question (a missing word); this cloze has {len(blanks)}"
        )
    blank = blanks[0]
    before, after = d["prompt"][: blank.start()], d["prompt"][blank.end() :]
    answers = [a.strip() for a in blank.group(1).split("|")]
    if any("->" in a for a in answers):
        return None, "an answer with '->' would make it a GIFT matching question"
    warnings = []
    if d.get("case_sensitive"):
        warnings.append("GIFT has no case-sensitive answers: Moodle will ignore case")
    if not after.strip():
        warnings.append("its blank ends the text, so GIFT reads it as a short answer")
    gift_answers = " ".join("=" + _esc(a) for a in answers)
    body = head + _esc(before) + "{" + gift_answers + tail.strip("\t\n") + "}" + _esc(after)
    return body, "; ".join(warnings) or None
