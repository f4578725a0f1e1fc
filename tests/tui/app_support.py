"""Helpers for the app's Pilot tests: a bank with every question type, the keys that answer
the current question right or wrong, keys typed in one burst, the answers in the journal and
the text on screen."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.widgets import Static

from quiz.bank.model import (
    Bank,
    Choice,
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
from quiz.study.session import Item
from quiz.tui.app import QuizApp, make_app

MARKUP_PROMPT = "Literal? [bold]x[/] [/ [@click=app.quit]Click me[/] [link=https://x.test]y[/link]"

QUESTIONS: dict[str, Question] = {
    q.type: q
    for q in (
        ChoiceQuestion(
            id="capital",
            prompt="Capital of France?",
            choices=(
                Choice("Paris", feedback="Yes, on the Seine."),
                Choice("Lyon"),
                Choice("Nice"),
            ),
            answer=0,
            explanation="Paris has been the capital since 987.",
            source="Paris is the capital of France.",
            hint="It has the Eiffel tower.",
            tags=("geo",),
        ),
        MultiQuestion(
            id="primes",
            prompt="Which are prime?",
            choices=(Choice("2"), Choice("3"), Choice("4")),
            answers=frozenset({0, 1}),
            tags=("maths",),
        ),
        TrueFalseQuestion(id="sky", prompt="The sky is blue.", answer=True, tags=("geo",)),
        ShortQuestion(id="baku", prompt="Capital of Azerbaijan?", answer="Baku", tags=("geo",)),
        NumericQuestion(id="pi", prompt="Pi to two places?", answer=3.14, tolerance=0.005),
        ClozeQuestion(
            id="sun",
            prompt="The {{sun}} rises in the {{east}}.",
            blanks=(("sun",), ("east",)),
        ),
        MatchQuestion(
            id="pairs",
            prompt="Match the countries and capitals",
            pairs=(("France", "Paris"), ("Italy", "Rome"), ("Spain", "Madrid")),
        ),
        OrderQuestion(id="count", prompt="Put in order", items=("one", "two", "three", "four")),
        FlashcardQuestion(id="hello", prompt="Hello, in French", answer="Bonjour"),
    )
}

TYPES = tuple(QUESTIONS)


def bank(*questions: Question, id: str = "demo", title: str = "Demo bank") -> Bank:
    return Bank(id=id, title=title, questions=questions or tuple(QUESTIONS.values()))


def one_type_bank(kind: str) -> Bank:
    return bank(QUESTIONS[kind], id=f"only-{kind}", title=f"Only {kind}")


def app_for(*banks: Bank, data_dir: Path, **kwargs) -> QuizApp:
    app = make_app(list(banks), data_dir=data_dir, **kwargs)
    watch_notifications(app)
    return app


class Told:
    """A notification the app gave (see ``notified``)."""

    def __init__(self, message: str, title: str, severity: str) -> None:
        self.message, self.title, self.severity = message, title, severity


def watch_notifications(app: App) -> None:
    """Record what the app tells the learner through its public ``notify`` (and forget it at
    ``clear_notifications``), for ``notified``: Textual keeps its own list private."""
    told: list[Told] = []
    notify, clear = app.notify, app.clear_notifications

    def notifying(message, *, title="", severity="information", **kwargs):
        told.append(Told(str(message), title, severity))
        return notify(message, title=title, severity=severity, **kwargs)

    def clearing():
        told.clear()
        return clear()

    app.notify = notifying  # type: ignore[method-assign]
    app.clear_notifications = clearing  # type: ignore[method-assign]
    app.told = told  # type: ignore[attr-defined]


def notified(app: App) -> list[Told]:
    """What the app has told the learner since it last cleared its notifications."""
    return list(app.told)  # type: ignore[attr-defined]


def _order(item: Item, count: int) -> list[int]:
    order = list(item.order)
    return order if sorted(order) == list(range(count)) else list(range(count))


def _arrange(current: list[int], target: list[int]) -> list[str]:
    """Keys that turn ``current`` into ``target`` on the order input (cursor starts at 0)."""
    keys: list[str] = []
    cur, cursor = list(current), 0
    for place, wanted in enumerate(target):
        at = cur.index(wanted)
        keys += ["down"] * (at - cursor) if at >= cursor else ["up"] * (cursor - at)
        keys += ["ctrl+up"] * (at - place)
        cur.insert(place, cur.pop(at))
        cursor = place
    return keys


def type_text(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


def answer_keys(item: Item, right: bool) -> list[str]:
    """The keys a learner presses to answer ``item`` right (or wrong), ending with the submit."""
    q = item.question
    match q:
        case TrueFalseQuestion():
            return ["t" if q.answer == right else "f", "enter"]
        case ChoiceQuestion():
            order = _order(item, len(q.choices))
            position = (
                order.index(q.answer)
                if right
                else next(p for p, i in enumerate(order) if i != q.answer)
            )
            return [str(position + 1), "enter"]
        case MultiQuestion():
            order = _order(item, len(q.choices))
            picks = q.answers if right else set(range(len(q.choices))) - q.answers
            return [str(order.index(i) + 1) for i in sorted(picks)] + ["enter"]
        case ShortQuestion():
            return [*type_text(q.answer if right else "Tbilisi"), "enter"]
        case NumericQuestion():
            return [*type_text("3.14" if right else "2.71"), "enter"]
        case ClozeQuestion():
            keys: list[str] = []
            for blank in q.blanks:
                keys += [*type_text(blank[0] if right else "moon"), "enter"]
            return keys
        case MatchQuestion():
            rights = q.rights
            options = [rights[i] for i in _order(item, len(rights))]
            wanted = list(rights) if right else list(rights[1:]) + [rights[0]]
            return [str(options.index(w) + 1) for w in wanted] + ["enter"]
        case OrderQuestion():
            target = list(range(len(q.items)))
            if not right:
                target.reverse()
            return [*_arrange(_order(item, len(q.items)), target), "enter"]
        case FlashcardQuestion():
            return ["space", "3" if right else "1"]
    raise AssertionError(f"no keys for {q.type}")


async def answer(pilot, right: bool = True) -> None:
    app = pilot.app
    item = app.session.current
    await pilot.press(*answer_keys(item, right))
    await pilot.pause()


def screen_text(app: App) -> str:
    """The text of every Static (and Label) on the active screen, in order."""
    parts = []
    for widget in app.screen.query(Static):
        if widget.display:
            visual = widget.visual
            parts.append(getattr(visual, "plain", str(visual)))
    return "\n".join(parts)


def key_event(key: str) -> events.Key:
    """The Key event the terminal driver makes for ``key`` (as Pilot.press makes it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(pilot, *keys: str) -> None:
    """Type ``keys`` in one burst, as they arrive over SSH or from a paste: every key is queued
    before the app handles the first (Pilot.press waits for the app between keys). Returns
    once the app has handled them all."""
    app = pilot.app
    for key in keys:
        app.post_message(key_event(key))
    await typed(pilot)


async def typed(pilot) -> None:
    """Wait until every key typed so far has been handled."""
    app = pilot.app
    await pilot.pause()
    gate = getattr(app, "typeahead", None)
    for _ in range(1000):
        if gate is None or gate.idle or not app.is_running:
            break
        await asyncio.sleep(0.01)
    await pilot.pause()


def journal(data_dir: Path, kind: str = "review") -> list[dict]:
    """The journal's events of one kind, in the order they were written."""
    path = data_dir / "progress.journal.jsonl"
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [line for line in lines if line.get("type") == kind]


def reviewed(data_dir: Path) -> list[str]:
    """The keys of the questions answered, one per answer recorded."""
    return [line["key"] for line in journal(data_dir)]


def toasts(app: App) -> list[str]:
    """The notifications on screen, as the learner reads them (title, then message). Needs
    ``app.run_test(notifications=True)``: Pilot leaves them out by default."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
