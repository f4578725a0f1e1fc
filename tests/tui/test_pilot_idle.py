"""The suite's wait for an idle app (tests/pilot_idle.py) ends only once the app has done what
a key set off: a timer due soon, the frame and what runs once it is drawn, a thread's work and
its result handed back, and a chain of these. With the suite's earlier wait (5 ms windows of
CPU watching) put back, the timer due in 18 ms was missed on every run and the chain on some:
that wait caught them only when its windows happened to add up to long enough."""

from __future__ import annotations

import time

import pilot_idle
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Static


class Probe(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("nothing yet", id="line")

    def key_t(self) -> None:
        # Due within the wait's 20 ms horizon, later than two or three 5 ms windows.
        self.set_timer(0.018, lambda: self.done.append("timer"))

    def key_f(self) -> None:
        self.query_one("#line", Static).update("changed")
        self.call_after_refresh(lambda: self.done.append("after the frame"))

    def key_w(self) -> None:
        self.crunch()

    @work(thread=True)
    def crunch(self) -> None:
        end = time.process_time() + 0.03
        while time.process_time() < end:
            pass
        self.call_from_thread(self.done.append, "thread")

    def key_c(self) -> None:
        # A timer, then the frame its work asks for, then what runs after that frame.
        def later() -> None:
            self.query_one("#line", Static).update("later")
            self.call_after_refresh(lambda: self.done.append("chain"))

        self.set_timer(0.012, later)


async def test_a_timer_due_soon_has_fired_when_the_key_press_returns():
    app = Probe()
    async with app.run_test() as pilot:
        for _ in range(20):
            await pilot.press("t")
        assert app.done == ["timer"] * 20


async def test_the_frame_is_drawn_and_what_waits_for_it_has_run():
    app = Probe()
    async with app.run_test() as pilot:
        for _ in range(20):
            await pilot.press("f")
        assert app.done == ["after the frame"] * 20
        assert "changed" in str(app.query_one("#line", Static).render())


async def test_a_threads_work_and_its_result_are_waited_for():
    app = Probe()
    async with app.run_test() as pilot:
        for _ in range(5):
            await pilot.press("w")
            await pilot.pause()
        assert app.done == ["thread"] * 5


async def test_a_timer_then_a_frame_then_its_callback_are_all_waited_for():
    app = Probe()
    async with app.run_test() as pilot:
        for _ in range(10):
            await pilot.press("c")
        assert app.done == ["chain"] * 10


def test_the_suite_waits_with_it():
    import textual._wait
    import textual.app
    import textual.pilot

    for module in (textual.app, textual.pilot, textual._wait):
        assert module.wait_for_idle.__module__ == pilot_idle.__name__
