"""What a finished session sums up to: ``SessionResult`` (score, percentage, verdict, per-tag
breakdown, the answers to learn from) and the summary of it kept in the progress file.

Split from ``quiz.study.session`` so the session model stays about asking and recording;
``quiz.study.session`` re-exports these names. The types both use live in ``quiz.study.types``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from quiz.records import Record, record
from quiz.study.types import Answer, Mode


@record
class SessionResult(Record):
    session_id: str
    mode: Mode
    banks: tuple[str, ...]
    score: float
    max_score: float
    percent: float | None  # None when nothing was worth points
    passed: bool | None  # exam only, and only when something was worth points
    by_tag: dict[str, tuple[float, float]]  # tag -> (score, max)
    started: datetime
    duration: timedelta
    wrong: tuple[Answer, ...]  # with the correct answer and explanation in each grade
    answered: int
    total: int
    pass_mark: float | None = None  # exam only
    completed: bool = True  # False: the learner left early (abandoned); no verdict then


def summarise(
    scored: Sequence[Answer],
    *,
    session_id: str,
    mode: Mode,
    banks: tuple[str, ...],
    started: datetime,
    duration: timedelta,
    answered: int,
    total: int,
    pass_mark: float | None,
    completed: bool = True,
) -> SessionResult:
    """The result of the answers that count (repeats left out, an exam's unanswered ones in)."""
    score = sum(a.grade.score for a in scored)
    max_score = sum(a.grade.points for a in scored)
    # Nothing to score (no questions, or none worth points): no percentage, no verdict.
    percent = 100.0 * score / max_score if max_score > 0 else None
    by_tag: dict[str, tuple[float, float]] = {}
    for a in scored:
        for tag in dict.fromkeys(a.item.question.tags):
            got, out_of = by_tag.get(tag, (0.0, 0.0))
            by_tag[tag] = (got + a.grade.score, out_of + a.grade.points)
    return SessionResult(
        session_id=session_id,
        mode=mode,
        banks=banks,
        score=score,
        max_score=max_score,
        percent=percent,
        # The epsilon keeps 7/10 at a 70% pass mark from failing on float rounding.
        passed=None
        if pass_mark is None or percent is None or not completed
        else percent + 1e-9 >= pass_mark,
        by_tag=by_tag,
        started=started,
        duration=duration,
        wrong=tuple(a for a in scored if not a.grade.correct),
        answered=answered,
        total=total,
        pass_mark=pass_mark,
        completed=completed,
    )


def result_to_dict(result: SessionResult) -> dict[str, Any]:
    """The JSON-able summary kept in the progress file and printed by ``quiz results``."""
    return {
        "id": result.session_id,
        "mode": str(result.mode),
        "banks": list(result.banks),
        "started": result.started.isoformat(),
        "duration": round(result.duration.total_seconds(), 1),
        "score": result.score,
        "max": result.max_score,
        "percent": None if result.percent is None else round(result.percent, 2),
        "passed": result.passed,
        "pass_mark": result.pass_mark,
        "answered": result.answered,
        "total": result.total,
        "completed": result.completed,
        "wrong": [a.item.key for a in result.wrong],
        "by_tag": {tag: [got, out_of] for tag, (got, out_of) in result.by_tag.items()},
    }


def weakest_tag(result: SessionResult | dict[str, Any]) -> str | None:
    """The tag where a session scored lowest, from its ``SessionResult`` or the record kept
    of it (``result_to_dict``): the lowest share of its points, then the most points at stake
    (a weak tag with more questions matters more), then the name. None without a tag worth
    points."""
    if isinstance(result, SessionResult):
        by_tag = result.by_tag
    else:
        by_tag = {}
        for tag, pair in (result.get("by_tag") or {}).items():
            if isinstance(pair, list | tuple) and len(pair) == 2:
                got, out_of = pair
                if all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair):
                    by_tag[str(tag)] = (float(got), float(out_of))
    scored = [(got / out_of, -out_of, tag) for tag, (got, out_of) in by_tag.items() if out_of > 0]
    return min(scored)[2] if scored else None
