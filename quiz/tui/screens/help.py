"""Help: every key, per screen, read from the screens' and inputs' own BINDINGS so that it
cannot drift from what the keys do. The screens a learner meets first are listed in that order;
every other screen of ``quiz.tui.screens`` (and answer input of ``quiz.tui.widgets``) with keys
of its own follows, found by looking, so a new one is listed without anyone adding it here."""

from __future__ import annotations

import importlib
import pkgutil
import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.keybar import KeyBar


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings a class of this app adds, nearest first, without Textual's built-ins."""
    found: list[Binding] = []
    for klass in cls.__mro__:
        if not (isinstance(klass, type) and issubclass(klass, DOMNode)):
            continue
        if klass.__module__.startswith("textual."):
            continue
        found += [b for b in klass.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]
        if not klass._inherit_bindings:
            break
    return found


def sections(app: type[DOMNode] | None = None) -> list[tuple[str, list[type[DOMNode]]]]:
    """Each screen with the inputs shown on it, in the order a learner meets them; the keys of
    ``app`` (the app's class: not imported here, which would make a cycle) come first."""
    from quiz.tui.screens.confirm import ConfirmScreen
    from quiz.tui.screens.exam_setup import ExamSetupScreen
    from quiz.tui.screens.feedback import FeedbackScreen
    from quiz.tui.screens.home import HomeScreen
    from quiz.tui.screens.question import QuestionScreen
    from quiz.tui.screens.results import ResultsScreen
    from quiz.tui.widgets.arrange import MatchInput, OrderInput
    from quiz.tui.widgets.base import AnswerInput
    from quiz.tui.widgets.choice import ChoiceInput, MultiInput, TrueFalseInput
    from quiz.tui.widgets.flashcard import FlashcardInput
    from quiz.tui.widgets.typed import AnswerField, BlankField, ClozeInput, TypedInput

    found: list[tuple[str, list[type[DOMNode]]]] = [
        *([("Everywhere", [app])] if app is not None else []),
        ("Home", [HomeScreen]),
        ("Exam setup", [ExamSetupScreen]),
        ("Question", [QuestionScreen]),
        ("  Choice", [ChoiceInput]),
        ("  True / false", [TrueFalseInput]),
        ("  Multiple answers", [MultiInput]),
        ("  Short answer, number", [TypedInput, AnswerField]),
        ("  Fill in the blanks", [ClozeInput, BlankField]),
        ("  Match", [MatchInput]),
        ("  Order", [OrderInput]),
        ("  Flashcard", [FlashcardInput]),
        ("Feedback", [FeedbackScreen]),
        ("Results", [ResultsScreen]),
        ("Leave? dialog", [ConfirmScreen]),
        ("Help", [HelpScreen]),
    ]
    from quiz.tui.screens.browse import BrowseScreen
    from quiz.tui.screens.stats import StatsScreen

    found += [("Statistics", [StatsScreen]), ("Browse", [BrowseScreen])]
    listed = {cls for _, classes in found for cls in classes}
    # Answer inputs after the last one listed, other screens at the end.
    inputs = [c for c in _defined_in("quiz.tui.widgets", AnswerInput) if c not in listed]
    last_input = max(n for n, (title, _) in enumerate(found) if title.startswith("  "))
    found[last_input + 1 : last_input + 1] = [(f"  {_title(c)}", [c]) for c in inputs]
    found += [(_title(c), [c]) for c in _defined_in("quiz.tui.screens", Screen) if c not in listed]
    return found


def _defined_in(package: str, base: type[DOMNode]) -> list[type[DOMNode]]:
    """The subclasses of ``base`` with keys of their own defined in the modules of
    ``package``, in the order of the modules' names."""
    found: list[type[DOMNode]] = []
    for info in sorted(pkgutil.iter_modules(importlib.import_module(package).__path__)):
        module = importlib.import_module(f"{package}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, base)
                and value.__module__ == module.__name__
                and value.__dict__.get("BINDINGS")
                and value not in found
            ):
                found.append(value)
    return found


def _title(cls: type) -> str:
    """``ExamDateScreen`` -> "Exam date", from the class name."""
    name = re.sub(r"(Screen|Input)$", "", cls.__name__) or cls.__name__
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


class HelpScreen(QuizModal[None]):
    """Opened with ? or F1 from anywhere; the screen it was opened from comes first."""

    CSS_PATH = "dialogs.tcss"  # its styles, read when it is first shown (see app.tcss)

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", key_display="esc")]

    def __init__(self, *opened_from: type) -> None:
        super().__init__()
        # The screen (and answer input) help was opened from: their keys come first.
        self.opened_from = opened_from

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            yield Static(self.render_keys(), id="help-keys")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def key_text(self, binding: Binding) -> str:
        if binding.key_display:
            return binding.key_display
        keys = [k.strip() for k in binding.key.split(",")]
        return "/".join(self.app.get_key_display(Binding(k, binding.action)) for k in keys)

    def render_keys(self) -> Content:
        ordered = sections(type(self.app))
        first = [s for s in ordered if any(cls in s[1] for cls in self.opened_from)]
        ordered = first + [s for s in ordered if s not in first]
        lines: list[Content] = []
        for title, classes in ordered:
            # Bindings with the same description are one row: "f1/?  Help".
            rows: dict[str, list[str]] = {}
            tips: dict[str, str] = {}
            # A key a subclass rebinds (a cloze blank's Enter) is shown once, as rebound.
            taken: set[str] = set()
            for cls in classes:
                for binding in own_bindings(cls):
                    if binding.key in taken:
                        continue
                    taken.add(binding.key)
                    text = binding.description or binding.action
                    keys = rows.setdefault(text, [])
                    if (key := self.key_text(binding)) not in keys:
                        keys.append(key)
                    if binding.tooltip:
                        tips.setdefault(text, binding.tooltip)
            if not rows:
                continue
            lines.append(Content.styled(title, "bold $accent"))
            for text, keys in rows.items():
                tip = Content.styled(f" — {tips[text]}", "dim") if text in tips else ""
                keys_text = f"{'/'.join(keys):<14}"
                lines.append(Content.assemble("  ", (keys_text, "bold"), " ", text, tip))
            lines.append(Content(""))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)
