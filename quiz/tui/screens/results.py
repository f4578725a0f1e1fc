"""Results at the end of a session: score, passed/failed for exams, per-tag breakdown, time
taken, the wrong answers with the right ones; retry the wrong ones or go home."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from quiz.bank.model import ClozeQuestion
from quiz.study.results import weakest_tag
from quiz.study.session import SessionResult
from quiz.tui.grade_text import grade_details
from quiz.tui.messages import RetryWrong
from quiz.tui.screens.base import QuizScreen
from quiz.tui.widgets.base import literal
from quiz.tui.widgets.keybar import KeyBar
from quiz.words import score_text


def format_duration(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02} min"
    return f"{minutes} min {seconds:02} s" if minutes else f"{seconds} s"


class ResultsScreen(QuizScreen[None]):
    """The end of a session. The whole screen scrolls (up/down, page up/down)."""

    BINDINGS = [
        Binding("r", "retry", "Retry wrong ones"),
        Binding("w", "weakest", "Weakest tag", tooltip="a quiz on the tag scored lowest"),
        # One of the two is active (check_action): launched straight into a session, the app
        # ends where it would otherwise go home. The footer leaves that one out: it already
        # shows the app's ^q Quit, and two "Quit" keys read as two different things.
        Binding("enter,escape", "home(False)", "Home"),
        Binding(
            "enter,escape",
            "home(True)",
            "Quit",
            tooltip="when started with quiz study --mode",
            show=False,
        ),
    ]

    def __init__(self, result: SessionResult) -> None:
        super().__init__()
        self.result = result
        self._weakest = weakest_tag(result)

    def compose(self) -> ComposeResult:
        result = self.result
        with VerticalScroll(id="results-box"):
            yield Static(self._title(), id="results-title")
            yield Static(self._headline(), id="results-score")
            yield Static(self._summary(), id="results-summary")
            if result.by_tag:
                yield Static(Content.styled("By tag", "bold"), classes="results-heading")
                table: DataTable[Text | str] = DataTable(
                    id="results-tags", cursor_type="none", zebra_stripes=True
                )
                table.can_focus = False
                table.add_columns("Tag", "Score", "%")
                for tag, (score, points) in sorted(result.by_tag.items()):
                    percent = f"{score / points:.0%}" if points else "–"
                    table.add_row(Text(tag), f"{score_text(score)} / {score_text(points)}", percent)
                yield table
            if result.wrong:
                heading = (
                    f"To review: {len(result.wrong)} answer{'s' if len(result.wrong) != 1 else ''}"
                )
                yield Static(Content.styled(heading, "bold"), classes="results-heading")
                for n, answer in enumerate(result.wrong, start=1):
                    question = answer.item.question
                    prompt = (
                        question.display_prompt()
                        if isinstance(question, ClozeQuestion)
                        else question.prompt
                    )
                    lines = [Content.assemble((f"{n}. ", "bold"), literal(prompt, "bold"))]
                    lines += grade_details(answer.grade)
                    yield Static(Content("\n").join(lines), classes="results-wrong")
        yield KeyBar()

    def _title(self) -> Content:
        """ "Exam · Foreign policy + History": the mode and the bank titles."""
        titles = {bank.id: bank.title for bank in self.quiz.banks}
        banks = " + ".join(titles.get(bank_id, bank_id) for bank_id in self.result.banks)
        mode = self.result.mode.value.capitalize()
        return Content.assemble((mode, "bold"), " · " if banks else "", literal(banks, "bold"))

    def _headline(self) -> Content:
        r = self.result
        parts: list[str | tuple[str, str]] = [
            "Score  ",
            (f"{score_text(r.score)} / {score_text(r.max_score)}", "bold"),
            f"  ({r.percent:.0f}%)" if r.percent is not None else "",
        ]
        if r.passed is not None:
            parts += ["  ", ("PASSED", "bold $success") if r.passed else ("FAILED", "bold $error")]
            if r.pass_mark is not None:
                parts.append(f"  (pass mark {r.pass_mark:g}%)")
        return Content.assemble(*parts)

    def _summary(self) -> Content:
        r = self.result
        mode = r.mode.value.capitalize()
        lines = [
            f"{mode} finished: {r.answered} of {r.total} answered"
            f" in {format_duration(r.duration)}.",
        ]
        if not r.wrong:
            lines.append("No mistakes. Well done!" if r.answered else "")
        return Content("\n".join(line for line in lines if line))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.result.wrong)
        if action == "weakest":
            return self._weakest is not None
        if action == "home":
            return parameters[0] == self.quiz.quits_at_home
        return True

    def action_retry(self) -> None:
        self.post_message(RetryWrong(self.result))

    def action_weakest(self) -> None:
        self.quiz.study_weakest(self.result)

    def action_home(self, quits: bool) -> None:
        # Home, which quits when the app was launched straight into this session.
        self.app.pop_screen()
