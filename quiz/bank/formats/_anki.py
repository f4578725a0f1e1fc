"""What Anki's notes and our questions have in common, for the text and the package formats.

Import: a note of a Basic note type becomes a ``flashcard`` (front -> prompt, back ->
answer), of "Basic (type in the answer)" a ``short`` question, of a Cloze note type a
``cloze`` (``{{c1::answer::hint}}`` -> ``{{answer}}``, hints into ``hint``); any other note
type gives a flashcard from its first two fields, with a warning.

Export: flashcards are Basic notes, short questions "Basic (type in the answer)" notes,
cloze questions Cloze notes (one ``cN`` per blank, so Anki makes a card for each); every
other type is written as a Basic note whose front shows the prompt with its choices, pairs
or items and whose back shows the answer. The explanation goes on the back in
``<div class="explanation">``, which the importer reads back as the explanation.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from typing import Any

from quiz.bank.formats.common import plain_number
from quiz.bank.formats.htmltext import html_to_text
from quiz.bank.model import (
    CLOZE_BLANK,
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

EXPLANATION_CLASS = "explanation"
# The explanation our exports put at the end of a Basic note's back.
_EXPLANATION_DIV = re.compile(
    r'(?:\s*<br\s*/?>)*\s*<div class="explanation">(.*)</div>\s*\Z', re.DOTALL | re.IGNORECASE
)
_CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_MEDIA_HTML = re.compile(r"<(img|audio|video|object|embed)\b", re.IGNORECASE)
_EXPLANATION_FIELDS = ("explanation", "back extra", "extra", "notes", "note")
_HINT_FIELDS = ("hint", "hints")
# The GUID our exports give a note: it carries the question's id back on import.
_OUR_GUID = re.compile(r"quiz:[^/]*/([A-Za-z0-9][A-Za-z0-9._-]*)\Z")


def guid_for(bank_id: str, question_id: str) -> str:
    """The GUID of a question's note: stable, so a newer export updates the note in Anki."""
    return f"quiz:{bank_id}/{question_id}"


@dataclass(slots=True)
class AnkiNote:
    """A note as Anki keeps it: fields in the order of its note type, tags, its deck."""

    notetype: str
    fields: list[str]
    field_names: list[str] = field(default_factory=list)
    cloze: bool | None = None  # None: decide from the note type's name and the text
    tags: list[str] = field(default_factory=list)
    deck: str | None = None
    guid: str = ""


@dataclass(slots=True)
class Mapped:
    """One note mapped to a question (None when it cannot be), with what to tell the user."""

    question: dict[str, Any] | None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def text_to_html(text: str) -> str:
    """``text`` as an inline HTML fragment for a field: escaped, runs of spaces kept, line
    breaks as ``<br>``. Inline, with no ``<p>`` or raw line break, because a cloze deletion
    sits inside it and Anki's text import reads a deletion across lines badly."""
    out = html.escape(text, quote=False)
    out = re.sub(r" {2,}", lambda m: " " + "&nbsp;" * (len(m.group()) - 1), out)
    return out.replace("\r\n", "\n").replace("\n", "<br>")


def _field_text(value: str, is_html: bool, warnings: list[str], name: str) -> tuple[str, str]:
    """A field as text, and the explanation our exporter put in it (or "")."""
    if _SOUND.search(value) or (is_html and _MEDIA_HTML.search(value)):
        warnings.append(f"field {name!r}: sounds and pictures are not imported")
    value = _SOUND.sub("", value)
    if not is_html:
        return value.replace("\r\n", "\n").strip(), ""
    m = _EXPLANATION_DIV.search(value)
    if m is None:
        return html_to_text(value), ""
    return html_to_text(value[: m.start()]), html_to_text(m.group(1))


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    lowered = [n.strip().lower() for n in names]
    for w in wanted:
        if w in lowered:
            return lowered.index(w)
    return None


def is_cloze_name(notetype: str) -> bool:
    return notetype.strip().lower().startswith("cloze")


def _is_basic_name(notetype: str) -> bool:
    return notetype.strip().lower().startswith("basic")


def _is_type_in(notetype: str) -> bool:
    return "type in the answer" in notetype.lower()


def note_to_question(note: AnkiNote, is_html: bool) -> Mapped:
    """The question for ``note`` (its fields HTML when ``is_html``). Its ``id`` is the
    question's own when the note came from our export, else left to the bank writer."""
    warnings: list[str] = []
    names = list(note.field_names) or [f"field {i + 1}" for i in range(len(note.fields))]
    names += [f"field {i + 1}" for i in range(len(names), len(note.fields))]
    cloze = note.cloze
    if cloze is None:
        # A file that names no note type: its text says whether it holds deletions.
        first = note.fields[0] if note.fields else ""
        cloze = is_cloze_name(note.notetype) or (
            not _is_basic_name(note.notetype) and bool(_CLOZE_OPEN.search(first))
        )
    texts: list[str] = []
    extras: list[str] = []
    for name, value in zip(names, note.fields, strict=False):
        text, extra = _field_text(value, is_html, warnings, name)
        texts.append(text)
        extras.append(extra)
    used: set[int] = set()
    q: dict[str, Any]
    ours = _OUR_GUID.match(note.guid.strip())
    wanted = ours.group(1) if ours else None
    if cloze:
        text_at = _find(names, ("text",))
        text_at = 0 if text_at is None else text_at
        used.add(text_at)
        prompt_src = texts[text_at] if text_at < len(texts) else ""
        prompt, hints, problems = anki_cloze_to_ours(prompt_src)
        if not prompt.strip():
            return Mapped(None, warnings, "the cloze text is empty")
        if not CLOZE_BLANK.search(prompt):
            return Mapped(None, warnings, "a Cloze note without a {{c1::...}} deletion")
        warnings += problems
        q = {"type": "cloze", "prompt": prompt}
        if hints:
            q["hint"] = hints
    else:
        front_at = _find(names, ("front",))
        back_at = _find(names, ("back",))
        front_at = 0 if front_at is None else front_at
        if back_at is None:
            back_at = next((i for i in range(len(texts)) if i != front_at), None)
        if back_at is None:
            return Mapped(None, warnings, "the note has one field: a card needs a front and back")
        if note.notetype and not _is_basic_name(note.notetype):
            warnings.append(
                f"note type {note.notetype!r} is neither Basic nor Cloze: imported as a "
                f"flashcard from its fields {names[front_at]!r} and {names[back_at]!r}"
            )
        used.update((front_at, back_at))
        prompt, answer = texts[front_at], texts[back_at] if back_at < len(texts) else ""
        if not prompt:
            return Mapped(None, warnings, f"the front ({names[front_at]!r}) is empty")
        if not answer:
            return Mapped(None, warnings, f"the back ({names[back_at]!r}) is empty")
        kind = "short" if _is_type_in(note.notetype) else "flashcard"
        q = {"type": kind, "prompt": prompt, "answer": answer}
    hint_at = _find(names, _HINT_FIELDS)
    if hint_at is not None and hint_at not in used and hint_at < len(texts):
        used.add(hint_at)
        if texts[hint_at]:
            q["hint"] = "\n".join(h for h in (texts[hint_at], q.get("hint")) if h)
    if wanted:
        q = {"id": wanted, **q}
    explanation = next((e for e in extras if e), "")
    expl_at = _find(names, _EXPLANATION_FIELDS)
    if expl_at is None and cloze and len(texts) > 1 and 1 not in used:
        expl_at = 1  # Cloze's second field is "Back Extra", whatever it is called
    if expl_at is not None and expl_at not in used and expl_at < len(texts):
        used.add(expl_at)
        explanation = "\n\n".join(t for t in (texts[expl_at], explanation) if t)
    if explanation:
        q["explanation"] = explanation
    for i, text in enumerate(texts):
        if i not in used and text:
            warnings.append(f"field {names[i]!r} is not imported (the format has no place for it)")
    tags = [t for t in note.tags if t]
    if tags:
        q["tags"] = list(dict.fromkeys(tags))
    return Mapped(q, warnings)


def anki_cloze_to_ours(text: str) -> tuple[str, str | None, list[str]]:
    """Anki's ``{{c1::answer::hint}}`` deletions as our ``{{answer}}`` blanks. Returns the
    prompt, the hints as one text (or None) and warnings (nested deletions, ``|`` in an
    answer). Deletions with the same number are separate blanks here too: our cloze asks
    every blank at once."""
    out: list[str] = []
    hints: list[tuple[int, str]] = []  # (the blank's place, its hint)
    warnings: list[str] = []
    pos = blank = 0
    for blank, (start, end, number, inner) in enumerate(_deletions(text), 1):
        out.append(text[pos:start])
        pos = end
        if _CLOZE_OPEN.search(inner):
            warnings.append(
                f"nested deletions in c{number} are one blank here: {_strip_markers(inner)!r}"
            )
            inner = _strip_markers(inner)
        answer, _, hint = inner.partition("::")
        answer = answer.strip()
        if "|" in answer:
            warnings.append(f"'|' in the answer {answer!r} separates accepted alternatives here")
        if "{{" in answer or "}}" in answer:
            answer = answer.replace("{{", "{").replace("}}", "}")
        if hint.strip():
            hints.append((blank, hint.strip()))
        out.append("{{" + (answer or "?") + "}}")
    out.append(text[pos:])
    if len(hints) == 1 and blank == 1:
        hint_text: str | None = hints[0][1]
    elif hints:
        hint_text = "; ".join(f"blank {i}: {h}" for i, h in hints)
    else:
        hint_text = None
    return "".join(out), hint_text, warnings


def _deletions(text: str):
    """``(start, end, number, inner)`` of each outermost ``{{cN::...}}`` in ``text``."""
    pos = 0
    while True:
        m = _CLOZE_OPEN.search(text, pos)
        if m is None:
            return
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text.startswith("{{", i):
                depth += 1
                i += 2
            elif text.startswith("}}", i):
                depth -= 1
                i += 2
            else:
                i += 1
        if depth:  # never closed: the rest is text
            return
        yield m.start(), i, m.group(1), text[m.end() : i - 2]
        pos = i


def _strip_markers(inner: str) -> str:
    previous = None
    while previous != inner:
        previous = inner
        inner = re.sub(
            r"\{\{c\d+::((?:(?!\{\{|\}\}).)*?)(?:::(?:(?!\{\{|\}\}).)*)?\}\}", r"\1", inner
        )
    return inner


# --- export ---------------------------------------------------------------------------------

BASIC, TYPE_IN, CLOZE = "Basic", "Basic (type in the answer)", "Cloze"


@dataclass(slots=True)
class ExportNote:
    """A question as an Anki note: the stock note type it fits, its fields as HTML (Basic:
    Front, Back; Cloze: Text, Back Extra), tags, and the kinds of things of the question it
    leaves out (``hints``, ``points``...), once each."""

    notetype: str
    fields: list[str]
    tags: list[str]
    hint: str | None
    lost: list[str]
    rendered: bool  # written as a front/back rendering of another type


def _letters(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else str(n + 1)


def _lines(lines: list[str]) -> str:
    return "<br>".join(text_to_html(line) for line in lines)


def _with_explanation(back: str, q: Question) -> str:
    if not q.explanation:
        return back
    return f'{back}<br><br><div class="{EXPLANATION_CLASS}">{text_to_html(q.explanation)}</div>'


def anki_tag(tag: str) -> str:
    """Anki tags have no spaces: they separate tags."""
    return re.sub(r"\s+", "_", tag.strip())


def question_to_note(q: Question, *, own_fields: bool = False) -> ExportNote:
    """``q`` as an Anki note. ``own_fields``: the note type has Explanation and Hint fields
    (our package's note types do), so the explanation stays out of the back and neither is
    named as lost."""
    lost: list[str] = []
    rendered = False
    front = text_to_html(q.prompt)
    if isinstance(q, ClozeQuestion):
        notetype = CLOZE
        parts: list[str] = []
        for seg in q.segments():
            if isinstance(seg, str):
                parts.append(text_to_html(seg))
            else:
                answers = q.blanks[seg]
                if len(answers) > 1:
                    lost.append("a blank's other answers")
                parts.append(f"{{{{c{seg + 1}::{text_to_html(answers[0])}}}}}")
        if q.case_sensitive:
            lost.append("case_sensitive")
        fields = ["".join(parts), text_to_html(q.explanation or "")]
    else:
        if isinstance(q, FlashcardQuestion):
            notetype, back = BASIC, text_to_html(q.answer)
        elif isinstance(q, ShortQuestion):
            notetype, back = TYPE_IN, text_to_html(q.answer)
            if q.accept:
                lost.append("accepted answers (accept)")
            if q.case_sensitive:
                lost.append("case_sensitive")
        else:
            notetype, rendered = BASIC, True
            front, back = _render(q)
        if own_fields:
            pass
        elif notetype == BASIC:
            back = _with_explanation(back, q)
        elif q.explanation:
            # Anki compares what is typed with the whole Back field: nothing else may go in.
            lost.append("the explanation of a typed answer")
        fields = [front, back]
    if isinstance(q, ChoiceQuestion | MultiQuestion) and any(c.feedback for c in q.choices):
        lost.append("choice feedback")
    if q.hint and not own_fields:
        lost.append("hints")
    if q.points != 1:
        lost.append("points")
    tags = [anki_tag(t) for t in q.tags if anki_tag(t)]
    return ExportNote(notetype, fields, tags, q.hint, list(dict.fromkeys(lost)), rendered)


def _render(q: Question) -> tuple[str, str]:
    """Front and back of a Basic note for a type Anki has no note type for."""
    front = text_to_html(q.prompt)
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        listed = [f"{_letters(i)}. {c.text}" for i, c in enumerate(q.choices)]
        front += "<br><br>" + _lines(listed)
        if isinstance(q, ChoiceQuestion):
            right = [listed[q.answer]]
        else:
            right = [listed[i] for i in sorted(q.answers)]
        return front, _lines(right)
    if isinstance(q, TrueFalseQuestion):
        return front + "<br><br>" + _lines(["True or false?"]), "True" if q.answer else "False"
    if isinstance(q, NumericQuestion):
        # Every digit as the bank has it: ":g" kept six (3.14159265 showed as 3.14159).
        answer = plain_number(q.answer) + (f" {q.unit}" if q.unit else "")
        if q.tolerance:
            answer += f" (± {plain_number(q.tolerance)})"
        return front, text_to_html(answer)
    if isinstance(q, MatchQuestion):
        rights = list(q.rights)
        random.Random(q.id).shuffle(rights)
        front += "<br><br>" + _lines([f"{i + 1}. {left}" for i, left in enumerate(q.lefts)])
        front += "<br><br>" + _lines([f"{_letters(i)}. {r}" for i, r in enumerate(rights)])
        return front, _lines([f"{left} → {right}" for left, right in q.pairs])
    if isinstance(q, OrderQuestion):
        items = list(q.items)
        random.Random(q.id).shuffle(items)
        front += "<br><br>" + _lines([f"• {item}" for item in items])
        return front, _lines([f"{i + 1}. {item}" for i, item in enumerate(q.items)])
    return front, ""  # every type is handled above; a new one shows its prompt at least
