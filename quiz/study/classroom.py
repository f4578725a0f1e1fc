"""A class: one teacher's folder holding one progress folder per student (``CLASS/NAME/``).

What ``quiz serve`` and ``quiz results --class`` share: turning a name a student typed into a
folder name that cannot leave the class folder (``student_folder``), the students found in a
class folder, and the class's report (every session of every student, the hardest questions).
No Textual here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quiz.records import Record, record

MAX_NAME = 40


def student_folder(name: str) -> str:
    """The folder name of a student called ``name``: letters, digits, spaces, ``-``, ``_`` and
    ``.`` kept (in lower case, so "Ann" and "ann" are one student on every file system), every
    other character and any leading dot or space dropped, at most ``MAX_NAME`` characters.
    Raises ValueError when nothing is left (an empty name, ``..``, only punctuation).

    The result never holds a separator, a control character or a parent reference, so
    ``CLASS / student_folder(name)`` is always a direct child of ``CLASS``."""
    text = unicodedata.normalize("NFKC", name).casefold()
    kept = []
    for char in text:
        if char.isalnum() or char in "-_.":
            kept.append(char)
        elif char.isspace():
            kept.append(" ")
    folder = " ".join("".join(kept).split())  # one space between words
    folder = folder[:MAX_NAME].lstrip(". ").rstrip(". ")
    if not folder:
        raise ValueError(f"{name!r} has no letter or digit to make a folder name of")
    return folder


def students(class_dir: Path) -> list[tuple[str, Path]]:
    """The students with a progress folder in ``class_dir``, by name: folders whose name is
    already a sanitised name (anything else there, such as ``.cache``, is not a student)."""
    if not class_dir.is_dir():
        return []
    found = []
    for child in class_dir.iterdir():
        try:
            good = student_folder(child.name) == child.name
        except ValueError:
            good = False
        if good and child.is_dir() and not child.is_symlink():
            found.append((child.name, child))
    return sorted(found)


@record
class Hard(Record):
    """A question and how the class did on it: ``right`` of ``answers`` answers, by
    ``students`` students."""

    key: str
    right: int
    answers: int
    students: int

    @property
    def share(self) -> float:
        return self.right / self.answers if self.answers else 0.0


@record
class ClassReport(Record):
    sessions: list[tuple[str, dict[str, Any]]]  # (student, session result), by student
    hardest: list[Hard]  # lowest share right first
    problems: list[str]  # a student's progress that could not be read, and why


def report(class_dir: Path, *, top: int = 10) -> ClassReport:
    """Every student's sessions and the ``top`` questions the class got right least often
    (by the share of answers right; ties: more answers first, then the key)."""
    from quiz.study.store import ProgressError, ProgressStore

    sessions: list[tuple[str, dict[str, Any]]] = []
    tally: dict[str, list[int]] = {}  # key -> [right, answers, students]
    problems: list[str] = []
    for name, folder in students(class_dir):
        try:
            store = ProgressStore.open(folder, sync=False)
            done = store.sessions()
            reviews = store.reviews()
        except (ProgressError, OSError) as error:
            problems.append(f"{name}: {error}")
            continue
        sessions.extend((name, result) for result in done)
        seen: set[str] = set()
        for review in reviews:
            counts = tally.setdefault(review.key, [0, 0, 0])
            counts[0] += review.correct
            counts[1] += 1
            if review.key not in seen:
                seen.add(review.key)
                counts[2] += 1
    hard = [Hard(key, r, n, s) for key, (r, n, s) in tally.items()]
    hard.sort(key=lambda h: (h.share, -h.answers, h.key))
    return ClassReport(sessions, hard[:top], problems)


def by_tag(result: dict[str, Any]) -> Iterator[tuple[str, float, float]]:
    """A session result's per-tag (tag, score, out of), tolerant of damaged records."""
    for tag, pair in sorted((result.get("by_tag") or {}).items()):
        if isinstance(pair, list | tuple) and len(pair) == 2:
            got, out_of = pair
            if all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair):
                yield str(tag), float(got), float(out_of)
