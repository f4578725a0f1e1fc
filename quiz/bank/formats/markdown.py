"""Markdown (``.md``) export: a printable revision sheet and answer key.

The bank's title and description, then each question under a heading of its own: the prompt,
what the learner chooses from (choices lettered, match sides numbered and lettered, order
items shuffled the same way every time), then the answer, what else counts as right, the
hint, the explanation and the source quote. Export only: Markdown is for reading.

Bank text is data, never Markdown: every character that could start emphasis, code, a link,
HTML or a table is backslash-escaped, and so is anything at the start of a line that would make
a heading, quote, list or rule, so the page shows the teacher's text exactly as written
(line breaks as hard breaks).
"""

from __future__ import annotations

import random
import re

from quiz.bank.formats import Exported
from quiz.bank.model import (
    Bank,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
    TrueFalseQuestion,
)

NAME = "markdown"
LABEL = "Markdown"

# Characters that mean something inline wherever they are (CommonMark and GitHub's
# extensions: tables, strikethrough, math).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
# What makes a block at the start of a line: heading, quote, list item, rule, setext line.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape(text: str, indent: str = "") -> str:
    """``text`` as Markdown that renders as exactly that text. Line breaks become hard breaks
    (a backslash at the end of the line); ``indent`` starts each following line, for text
    inside a list item."""
    lines = []
    for raw in text.strip().split("\n"):
        # Leading spaces would make a code block (4+) and are not shown anyway.
        line = _INLINE.sub(r"\\\1", raw.strip())
        line = _LINE_START.sub(r"\\\1", line)
        line = _ORDERED.sub(r"\1\\\2", line)
        lines.append(line)
    # An empty line would end the paragraph (and a list item); a line of only the break keeps
    # the blank line inside it.
    return ("\\\n" + indent).join(lines)


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else str(n + 1)


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def write(bank: Bank) -> Exported:
    out: list[str] = [f"# {escape(bank.title)}", ""]
    if bank.description:
        out += [escape(bank.description), ""]
    meta = [f"{len(bank.questions)} question{'s' if len(bank.questions) != 1 else ''}"]
    if bank.author:
        meta.append(f"by {escape(bank.author)}")
    out += ["*" + ", ".join(meta) + ". The answer follows each question.*", ""]
    for n, q in enumerate(bank.questions, 1):
        out += ["---", "", f"## Question {n}", ""]
        out += _question(q)
    return Exported(("\n".join(out).rstrip() + "\n").encode("utf-8"))


def _item(marker: str, text: str) -> str:
    return f"{marker} {escape(text, ' ' * (len(marker) + 1))}"


def _question(q: Question) -> list[str]:
    prompt = q.display_prompt() if isinstance(q, ClozeQuestion) else q.prompt
    lines = [escape(prompt), ""]
    answer: list[str] = []
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        if isinstance(q, MultiQuestion):
            lines += ["*Choose every right answer.*", ""]
        lines += [_item(f"- {_letter(i)}.", c.text) for i, c in enumerate(q.choices)] + [""]
        right = [q.answer] if isinstance(q, ChoiceQuestion) else sorted(q.answers)
        label = "Answer" if len(right) == 1 else "Answers"
        answer.append(
            f"**{label}:** "
            + "; ".join(f"{_letter(i)}. {escape(q.choices[i].text)}" for i in right)
        )
        feedback = [(i, c) for i, c in enumerate(q.choices) if c.feedback]
        if feedback:
            answer += ["", "**Feedback:**", ""]
            answer += [_item(f"- {_letter(i)}.", c.feedback or "") for i, c in feedback]
    elif isinstance(q, TrueFalseQuestion):
        lines += ["*True or false?*", ""]
        answer.append(f"**Answer:** {'True' if q.answer else 'False'}")
    elif isinstance(q, ShortQuestion | FlashcardQuestion):
        answer.append(f"**Answer:** {escape(q.answer)}")
        if isinstance(q, ShortQuestion) and q.accept:
            answer += ["", f"**Also accepted:** {'; '.join(escape(a) for a in q.accept)}"]
    elif isinstance(q, NumericQuestion):
        tolerance = f" (± {_number(q.tolerance)})" if q.tolerance else ""
        answer.append(f"**Answer:** {_number(q.answer)}{tolerance}")
    elif isinstance(q, ClozeQuestion):
        answer += ["**Answers:**", ""]
        for i, blank in enumerate(q.blanks, 1):
            also = f" (also: {'; '.join(escape(b) for b in blank[1:])})" if len(blank) > 1 else ""
            answer.append(f"{i}. {escape(blank[0], '   ')}{also}")
    elif isinstance(q, MatchQuestion):
        rights = list(q.rights)
        random.Random(q.id).shuffle(rights)
        lines += [_item(f"{i}.", left) for i, left in enumerate(q.lefts, 1)] + [""]
        lines += [_item(f"- {_letter(i)}.", r) for i, r in enumerate(rights)] + [""]
        answer += ["**Answer:**", ""]
        answer += [
            f"{i}. {escape(left)} → {_letter(rights.index(right))}. {escape(right)}"
            for i, (left, right) in enumerate(q.pairs, 1)
        ]
    elif isinstance(q, OrderQuestion):
        items = list(q.items)
        random.Random(q.id).shuffle(items)
        lines += ["*Put in order:*", ""]
        lines += [_item("-", item) for item in items] + [""]
        answer += ["**Answer:**", ""]
        answer += [_item(f"{i}.", item) for i, item in enumerate(q.items, 1)]
    if q.hint:
        lines += [f"*Hint:* {escape(q.hint)}", ""]
    lines += answer + [""]
    if q.explanation:
        lines += [f"**Explanation:** {escape(q.explanation)}", ""]
    sources = getattr(q, "source", None)
    for quote in [sources] if isinstance(sources, str) else list(sources or ()):
        lines += [f"> {escape(quote, '> ')}", ""]
    extra = []
    if q.points != 1:
        extra.append(f"{_number(q.points)} points")
    if q.tags:
        extra.append("tags: " + ", ".join(escape(t) for t in q.tags))
    if extra:
        lines += ["*" + "; ".join(extra) + "*", ""]
    return lines
