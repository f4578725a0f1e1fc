"""The dialog after fitting personal FSRS parameters (Statistics, ``o``): the current and the
fitted parameters side by side, and the learner's choice whether to use the fitted ones.

Dismissed with True when the learner chose the fitted parameters; they are only offered when
they predict the history at least as well (``Fit.better``), as ``quiz optimize`` decides.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quiz.study.optimize import Fit
from quiz.tui.screens.base import QuizModal
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import plural


def comparison(fit: Fit) -> Content:
    """The two parameter sets' log loss and RMSE, as ``quiz optimize`` prints them."""
    rows = [
        Content.styled(f"{'':<14}{'current':>10}{'fitted':>10}", "bold"),
        Content(f"{'log loss':<14}{fit.old_log_loss:>10.4f}{fit.new_log_loss:>10.4f}"),
        Content(f"{'RMSE (bins)':<14}{fit.old_rmse:>10.2%}{fit.new_rmse:>10.2%}"),
        Content.styled("lower is better: how far the predicted recall is from yours", "dim"),
    ]
    return Content("\n").join(rows)


class OptimizeScreen(QuizModal[bool]):
    """Shows ``fit``; True means "use the fitted parameters"."""

    CSS_PATH = "dialogs.tcss"  # its styles, read when it is first shown (see app.tcss)

    BINDINGS = [
        Binding("y,enter", "choose(True)", "Use the fitted", key_display="y"),
        Binding("n,escape", "choose(False)", "Keep the current", key_display="n"),
    ]

    def __init__(self, fit: Fit) -> None:
        super().__init__()
        self.fit = fit

    def compose(self) -> ComposeResult:
        fit = self.fit
        with Vertical(id="optimize-box"):
            yield Static(Content.styled("Personal parameters", "bold"), id="optimize-title")
            yield Static(
                f"Fitted to {plural(fit.reviews, 'review')} of {plural(fit.cards, 'card')}.",
                markup=False,
            )
            yield Static(comparison(fit), id="optimize-table")
            if fit.better:
                verdict = Content.assemble(
                    ("The fitted parameters predict your history better. ", "bold"),
                    "Use them from now on? The current ones are kept: "
                    "quiz optimize --revert goes back.",
                )
            else:
                verdict = Content.assemble(
                    ("The fitted parameters predict your history no better: ", "bold"),
                    "the current ones are kept.",
                )
            yield Static(verdict, id="optimize-verdict")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Nothing to choose when the fit is no better: only "keep" (as "Close").
        return not (action == "choose" and parameters[0] is True and not self.fit.better)

    def action_choose(self, use: bool) -> None:
        self.dismiss(use and self.fit.better)
