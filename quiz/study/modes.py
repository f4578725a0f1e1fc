"""The session modes and what ``quiz study --mode`` may open, with the default pass mark.

Apart from ``quiz.study.types`` so the command line can name them without importing
``dataclasses`` (``inspect`` with it: ~15 ms of every ``quiz --help``).
"""

from __future__ import annotations

from enum import StrEnum

DEFAULT_PASS_MARK = 70.0  # percent, an exam's when none is given


class Mode(StrEnum):
    REVIEW = "review"
    QUIZ = "quiz"
    EXAM = "exam"
    MISTAKES = "mistakes"


# What ``quiz study --mode`` may open: a session mode, or one of the app's screens.
SCREEN_MODES = ("browse", "stats")
MODES = (*(m.value for m in Mode), *SCREEN_MODES)
