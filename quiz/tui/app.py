"""The app: ``make_app(...)`` builds it for the CLI and the tests; ``QuizApp`` owns the progress
store and the running session, keeps the app-wide keys (quit, help), hands keys on one at a
time (``quiz.tui.typeahead``) and, on an unexpected error, records the session as interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from quiz import paths
from quiz.bank.model import Bank
from quiz.study.modes import SCREEN_MODES
from quiz.study.session import (
    Mode,
    Session,
    SessionOptions,
    SessionResult,
    retry_session,
    start_session,
    study_weakest_tag,
)
from quiz.study.store import ProgressStore
from quiz.tui.catalog import BankEntry, load_entries
from quiz.tui.crash import Crash, crash_message, record_crash
from quiz.tui.messages import RetryWrong, StartSession
from quiz.tui.typeahead import TypeAhead


class QuizApp(App[None]):
    """The terminal app over one progress store and a list of banks."""

    CSS_PATH = "app.tcss"
    TITLE = "quiz"
    # For Textual's built-in themes (ctrl+p); the one chosen is kept in the settings.
    ENABLE_COMMAND_PALETTE = True
    # A pause this long (seconds without a key) writes a wanted snapshot; keys that never
    # pause write it after CHECKPOINT_LATEST seconds (see checkpoint_later).
    CHECKPOINT_IDLE = 1.0
    CHECKPOINT_LATEST = 60.0
    # Seconds after the first screen is drawn before the warm-up worker starts (see on_mount).
    WARM_UP_AFTER = 0.2
    BINDINGS = [
        # Every answer is saved the moment it is given, so quitting never asks.
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", key_display="?", show=False),
    ]

    def __init__(
        self,
        entries: Sequence[BankEntry],
        store: ProgressStore,
        *,
        mode: str | None = None,
        options: SessionOptions | None = None,
        exam_date: date | None = None,
        load_seconds: float = 0.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        # Every "now" the app hands the engine comes from here, so tests can move time.
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.entries = list(entries)
        self.store = store
        self.start_mode = mode
        self.start_options = options or SessionOptions()
        self.exam_date = exam_date
        self.load_seconds = load_seconds
        self.session: Session | None = None
        # The optional study clock (c in a session): off by default, kept for the app's run.
        self.study_clock = False
        self.typeahead = TypeAhead(self)
        self._typeahead_task: asyncio.Task[None] | None = None
        self._checkpointing = False  # a checkpoint worker is writing the snapshot
        self._checkpoint_timer: Timer | None = None  # waiting for a pause to write it
        self._checkpoint_wanted_at = 0.0
        self.crash: Crash | None = None  # the first unexpected error, once it is recorded
        self._collector_paused = False  # the start-up turned the garbage collector off

    @property
    def banks(self) -> list[Bank]:
        return [e.bank for e in self.entries if e.bank is not None]

    @property
    def named_banks(self) -> list[Bank]:
        """The banks given on the command line (those that loaded), or every bank when none
        was given."""
        named = [e for e in self.entries if e.named]
        if named:
            return [e.bank for e in named if e.bank is not None]
        return self.banks

    @property
    def quits_at_home(self) -> bool:
        """Whether going back to home ends the app (it was launched straight into a mode)."""
        return any(getattr(s, "exit_when_shown", False) for s in self.screen_stack)

    async def on_event(self, event: events.Event) -> None:
        # Every key (and paste) from the terminal waits its turn (see quiz.tui.typeahead); the
        # gate hands it back here once the one before it has been handled.
        if (
            isinstance(event, events.Key | events.Paste)
            and not event.is_forwarded
            and not self.typeahead.is_released(event)
        ):
            if self._checkpoint_timer is not None:
                self._checkpoint_timer.reset()  # not a pause yet
            self.typeahead.hold(event)
            return
        await super().on_event(event)

    def drop_typeahead(self) -> None:
        """Forget keys typed but not yet handled: their screen went away on its own."""
        self.typeahead.drop()

    def _handle_exception(self, error: Exception) -> None:
        # The first error is the one to report; any that follow come of it.
        if self.crash is None:
            self.crash = record_crash(self, error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # In place of Textual's traceback with every local variable (hundreds of lines of
        # bank text): a short message; the traceback is in the log file.
        self.bell()
        self._exit_renderables.append(Text(crash_message(self.crash)))
        self._close_messages_no_wait()

    def on_mount(self) -> None:

        self.log(f"banks and progress loaded in {self.load_seconds * 1000:.1f} ms")
        # Off, when the command line turned the cyclic garbage collector off for the start-up
        # (quiz.cli.study): back on once the warm-up is done.
        self._collector_paused = not gc.isenabled()
        if self.store.settings.theme in self.available_themes:
            self.theme = self.store.settings.theme
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        # A task of its own rather than a worker: it runs as long as the app, and waiting for
        # the workers to finish (as tests do) must not wait for it.
        self._typeahead_task = asyncio.create_task(self.typeahead.run(), name="type-ahead")
        self._watch_hang_up()
        # Once the first screen is drawn (and a little after, not to compete with its first
        # frames), a worker does what the first answer would otherwise do inside its key
        # press: import the lock's library, split the progress file's cards, import what the
        # next screens need.
        self.call_after_refresh(lambda: self.set_timer(self.WARM_UP_AFTER, self._warm_up))
        mode = self.start_mode
        session = None
        if mode is not None and mode not in SCREEN_MODES:
            session = start_session(
                self.named_banks, self.store, self.start_options, now=self.clock()
            )
            if not session.items:
                # Nothing to study: say so on the way out rather than open an empty app.
                self.exit(message=Text(self._empty_message(session.options.mode)))
                return
        if mode in SCREEN_MODES and not self.named_banks:
            self.exit(return_code=1, message=Text("quiz: no bank to open"))
            return
        # Only the screens shown are imported: each costs start-up time.
        if mode is None:
            from quiz.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
            return
        # Launched straight into a mode: the default screen is a LaunchedScreen (see
        # get_default_screen), which quits when it is shown again.
        if session is not None:
            self.run_session(session)
        else:
            self.open_screen(mode, self.named_banks)

    def get_default_screen(self) -> Screen:
        if self.start_mode is None:
            return super().get_default_screen()
        # Launched straight into a mode: the screen under it quits the app when the mode ends.
        # As the default screen rather than pushed over it, a launch makes one screen fewer.
        from quiz.tui.screens.launched import LaunchedScreen

        return LaunchedScreen()

    def _warm_up(self) -> None:
        self.run_worker(self._warm_up_work, thread=True, group="warm-up", exit_on_error=False)

    def _warm_up_work(self) -> None:
        try:
            self.store.warm_up()
            # What the first question's screen left for later: the answer inputs of the other
            # question types (the next question may be of one), the feedback screen and what
            # the store reads for statistics and past sessions.
            from quiz.study import facts, sessionindex  # noqa: F401  (statistics, results)
            from quiz.tui import widgets
            from quiz.tui.screens import feedback  # noqa: F401

            widgets.import_all()
        finally:
            # What the start-up made (the banks, the progress, the session, the modules)
            # lives as long as the app: keep the cyclic garbage collector from walking it
            # again and again (a full pass over a 10,000-card collection stalled a key press
            # by a few hundred ms).
            gc.freeze()
            if self._collector_paused:
                self._collector_paused = False
                gc.enable()

    def _keep_theme(self, theme: Theme) -> None:
        if self.store.settings.theme != theme.name:
            try:
                self.store.update_settings(theme=theme.name)
            except Exception as error:  # noqa: BLE001 - a theme not kept never stops the app
                self.log.error(f"could not keep the theme: {error}")

    def _watch_hang_up(self) -> None:
        """A closed terminal or a dropped SSH link (SIGHUP), or a polite kill (SIGTERM), ends
        the process without any exception for ``_handle_exception`` to see: record the
        session in progress as interrupted before leaving, as a crash would."""
        if self.is_headless:
            return  # tests, where the signals are the test runner's
        loop = asyncio.get_running_loop()
        for number in self._hang_up_signals():
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.hang_up)

    @staticmethod
    def _hang_up_signals() -> list[int]:
        return [getattr(signal, n) for n in ("SIGHUP", "SIGTERM") if hasattr(signal, n)]

    def hang_up(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            try:
                session.finish(now=self.clock(), abandoned=True, interrupted=True)
            except Exception as error:  # noqa: BLE001 - the answers are saved; leave anyway
                self.log.error(f"could not record the session on hang-up: {error}")
        self.exit(return_code=129)

    def checkpoint_later(self) -> None:
        """Write a wanted snapshot in a worker thread once the learner pauses (no key for
        ``CHECKPOINT_IDLE`` seconds), so that encoding it never competes with drawing what a
        key asked for; at the latest after ``CHECKPOINT_LATEST`` seconds of keys. The answer is
        already durable in the journal, so when this runs (or whether, if the app is killed
        first) changes nothing but how much the next start replays."""
        if not self.store.checkpoint_wanted or self._checkpointing:
            return
        timer = self._checkpoint_timer
        if timer is None:
            self._checkpoint_wanted_at = time.monotonic()
            self._checkpoint_timer = self.set_timer(self.CHECKPOINT_IDLE, self._write_checkpoint)
        elif time.monotonic() - self._checkpoint_wanted_at > self.CHECKPOINT_LATEST:
            self._write_checkpoint()
        else:
            timer.reset()

    def _write_checkpoint(self) -> None:
        timer, self._checkpoint_timer = self._checkpoint_timer, None
        if timer is not None:
            timer.stop()
        if not self.store.checkpoint_wanted or self._checkpointing:
            return
        self._checkpointing = True

        def write() -> None:
            try:
                self.store.checkpoint()
            except Exception as error:  # noqa: BLE001 - the lock, or the disk: said next time
                self.store.notices.append(str(error))
            finally:
                self._checkpointing = False

        self.run_worker(write, thread=True, group="checkpoint", exit_on_error=False)

    def on_unmount(self) -> None:
        # What is left of the checkpoint, so the next start has nothing to replay.
        if self.store.checkpoint_wanted:
            with contextlib.suppress(Exception):
                self.store.save()
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for number in self._hang_up_signals():
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(number)
        if self._typeahead_task is not None:
            self._typeahead_task.cancel()

    def open_screen(self, mode: str, banks: list[Bank]) -> None:
        """Browse the first of ``banks``, or show the statistics of every bank."""
        if mode == "browse":
            from quiz.tui.screens.browse import BrowseScreen

            self.push_screen(BrowseScreen(banks[0]))
        else:
            from quiz.tui.screens.stats import StatsScreen

            self.push_screen(StatsScreen(self.banks, self.store, self.exam_date))

    @on(StartSession)
    def _start_session(self, event: StartSession) -> None:
        self.begin(event.banks, event.options)

    @on(RetryWrong)
    def _retry_wrong(self, event: RetryWrong) -> None:
        session = retry_session(event.result, self.store, now=self.clock())
        self.run_session(session, replace=True)

    def begin(self, banks: list[Bank], options: SessionOptions) -> bool:
        """Start a session and show its first question; False (and a notice) when the session
        would be empty."""
        return self.run_session(start_session(banks, self.store, options, now=self.clock()))

    def run_session(self, session: Session, *, replace: bool = False) -> bool:
        from quiz.tui.screens.question import QuestionScreen

        if not session.items:
            self.notify(self._empty_message(session.options.mode), markup=False)
            return False
        self.session = session
        screen = QuestionScreen(session)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        return True

    @staticmethod
    def _empty_message(mode: Mode) -> str:
        return {
            Mode.REVIEW: "Nothing to review now: no cards are due and today's new cards are "
            "done. Come back later, or take a quiz.",
            Mode.MISTAKES: "No mistakes to practise: nothing was last answered wrong.",
        }.get(mode, "No questions match: check the bank and the --tags filter.")

    def end_session(self) -> None:
        """Record the running session's result (also when left early)."""
        session, self.session = self.session, None
        if session is not None:
            session.finish(now=self.clock(), abandoned=True)

    def study_weakest(self, result: SessionResult) -> None:
        """A quiz over the tag where ``result`` scored lowest, in the results' place."""
        session = study_weakest_tag(self.banks, self.store, result, now=self.clock())
        if session is None:
            self.notify("No tag was scored in this session.", timeout=4)
            return
        self.run_session(session, replace=True)

    def show_results(self) -> None:
        """Finish the running session, record it, and show its results in its place."""
        from quiz.tui.flow import SAVE_ERRORS, save_failed, show_notices, unwind_session
        from quiz.tui.screens.results import ResultsScreen

        session = self.session
        if session is None:
            return
        unwind_session(self)
        self.session = None
        try:
            result = session.finish(now=self.clock())
        except SAVE_ERRORS as error:
            # The result is complete; only recording it in the history failed.
            save_failed(self, error)
            if session.result is None:
                raise
            result = session.result
        show_notices(self)
        self.switch_screen(ResultsScreen(result))

    def leave_session(self, screen: Screen) -> None:
        """Escape in a session: ask, with what was answered, the score so far and what is due
        next; then record what was answered and go home (which ends the app when it was
        launched straight into a session)."""
        from quiz.study.summary import leaving_summary
        from quiz.tui.flow import (
            SAVE_ERRORS,
            leaving_text,
            save_failed,
            show_notices,
            unwind_session,
        )
        from quiz.tui.screens.confirm import ConfirmScreen

        session = self.session
        if session is None:
            return
        detail = leaving_text(leaving_summary(session, self.clock()))

        def leave(yes: bool | None) -> None:
            # The exam clock may have ended the session while the dialog was open.
            if yes and self.session is session and screen in self.screen_stack:
                unwind_session(self)
                try:
                    self.end_session()
                except SAVE_ERRORS as error:
                    save_failed(self, error)
                show_notices(self)
                self.pop_screen()

        # Launched straight into a session (a retry included), there is no home to go back
        # to: leaving ends the app, and the question says so.
        question = "Leave this session and quit?" if self.quits_at_home else "Leave this session?"
        self.push_screen(ConfirmScreen(question, detail), callback=leave)

    async def action_quit(self) -> None:
        # Answers are saved as they are given; recording the session's (partial) result is
        # one more quick save. A failure there must not keep the learner from quitting.
        # Quitting never asks; a session left early is summed up in the terminal instead.
        from quiz.study.summary import leaving_summary
        from quiz.tui.flow import SAVE_ERRORS, leaving_text

        session = self.session
        message = None
        if session is not None and not session.done:
            with contextlib.suppress(Exception):  # a summary never stops the quitting
                message = Text(
                    f"Session left early.\n{leaving_text(leaving_summary(session, self.clock()))}"
                )
        try:
            self.end_session()
        except SAVE_ERRORS as error:
            self.log.error(f"could not record the session on quit: {error}")
        self.exit(return_code=0, message=message)

    def action_help(self) -> None:
        from quiz.tui.screens.help import HelpScreen
        from quiz.tui.widgets.base import AnswerInput

        if not isinstance(self.screen, HelpScreen):
            inputs = [type(w) for w in self.screen.query(AnswerInput)]
            self.push_screen(HelpScreen(type(self.screen), *inputs))


def make_app(
    banks: Iterable[Bank | BankEntry] = (),
    *,
    bank_paths: Iterable[Path] = (),
    search_dirs: Iterable[Path] | None = None,
    data_dir: str | Path | None = None,
    store: ProgressStore | None = None,
    mode: str | None = None,
    options: SessionOptions | None = None,
    exam_date: date | None = None,
    clock: Callable[[], datetime] | None = None,
) -> QuizApp:
    """Build the app. ``banks`` are already loaded (tests); ``bank_paths`` are files or folders
    to load (the CLI's arguments); ``search_dirs`` (default: the bundled banks,
    ./question_banks and the user's banks folder, unless ``banks`` are given) are searched too.
    With ``mode`` the app goes straight into it (over the named banks, else all) and quits at
    the end. Without ``exam_date`` the one kept in the progress file is used. Raises
    ``ProgressError`` if the progress file cannot be used (newer version, locked by another
    copy)."""
    started = time.perf_counter()
    entries = [
        b if isinstance(b, BankEntry) else BankEntry(bank=b, path=b.path, named=True) for b in banks
    ]
    bank_paths = list(bank_paths)
    if search_dirs is None:
        search_dirs = [] if entries else paths.bank_search_dirs(data_dir)
    if bank_paths or search_dirs:
        entries += load_entries(bank_paths, search_dirs)
    if store is None:
        # Read without the lock when the files need nothing (see ProgressStore.open): the
        # lock's library is imported by the warm-up once the first screen is drawn.
        store = ProgressStore.open(paths.data_dir(data_dir), reading=True)
    # The snapshot is written by a worker after the feedback is drawn (QuizApp.checkpoint_later),
    # never inside the key press: the journal line is what saves an answer.
    store.defer_checkpoints = True
    if mode is not None and mode not in SCREEN_MODES:
        options = replace(options or SessionOptions(), mode=Mode(mode))
    if exam_date is None and store.settings.exam_date:
        # The date the learner set last time (the settings validated it as an ISO date).
        exam_date = date.fromisoformat(store.settings.exam_date)
    return QuizApp(
        entries,
        store,
        mode=mode,
        options=options,
        exam_date=exam_date,
        load_seconds=time.perf_counter() - started,
        clock=clock,
    )
