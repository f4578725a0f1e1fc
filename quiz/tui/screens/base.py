"""What every screen of the app shares: a typed way to the app that runs it.

Screens reach the learner's store, session and clock through ``self.quiz`` (typed as
``QuizApp``) rather than through untyped ``self.app`` attributes. The app module is imported
for type checking only: ``quiz.tui.app`` imports the screens, so a runtime import here would
make a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp

ResultType = TypeVar("ResultType")


class QuizScreen(Screen[ResultType]):
    """A screen of the quiz app."""

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)


class QuizModal(ModalScreen[ResultType]):
    """A dialog of the quiz app."""

    @property
    def quiz(self) -> QuizApp:
        return cast("QuizApp", self.app)
