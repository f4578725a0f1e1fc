"""When a Pilot test's app has nothing left to do, for the suite's conftest.

Pilot decides the app is idle by sleeping a window of time and checking that the process (all
its threads) used almost no CPU in it; it waits that way twice for every key it presses and
once in every pause. Textual's window is 20 ms. The suite waited 5 ms windows, still most of a
Pilot test's time: a window that had work in it proves nothing, so each wait slept at least
one more, and a timer due a little later (the app's resize check, 8 ms after a resize) fired
in that window or not depending on the host's speed. The frame was the same: a screen's
changes are drawn by its 60 fps update timer, and a test that looked at what a frame left
behind (work queued once a screen is drawn, a change under a dialog drawn through it) passed
when the waits happened to add up to 16 ms and failed when the host was fast.

Here the app is idle when all of these hold at once:
- a 1 ms window in which the process used under 0.25 ms of CPU (an idle app waking up spends
  0.05-0.15 ms; any handler, layout or paint spends 1 ms and more);
- no callback is ready to run in the event loop (a message posted, a future resolved, a
  thread's result handed back);
- no timer of the app is due within the next 20 ms. A screen's update timer is the exception:
  instead of waiting up to 16 ms for the tick, the screen is updated at once, as the tick
  would, and the wait goes on until what that drawing set off is done too.

So the wait ends only after everything the old windows could catch, and after what they caught
by chance; and where the old wait slept two 5 ms windows after the last work, this one sleeps
one of 1 ms. Timers further off (a search that waits for typing to pause, the exam clock's
second) are the tests' own to wait for, as before.
"""

from __future__ import annotations

import asyncio
from asyncio import sleep
from time import monotonic, process_time

WINDOW = 1 / 1000
IDLE_CPU = 0.25 / 1000
TIMER_HORIZON = 20 / 1000


def _timer_of(handle: asyncio.TimerHandle, timer_type: type) -> object | None:
    """The Textual timer whose task sleeps on ``handle``, if any: its task runs
    ``Timer._run_timer`` and awaits ``asyncio.sleep``, whose future the handle resolves."""
    future = handle._args[0] if handle._args else None
    for callback, _context in getattr(future, "_callbacks", None) or ():
        task = getattr(callback, "__self__", None)
        if isinstance(task, asyncio.Task):
            frame = getattr(task.get_coro(), "cr_frame", None)
            timer = frame.f_locals.get("self") if frame is not None else None
            return timer if isinstance(timer, timer_type) else None
    return None


def _due_soon(loop: asyncio.AbstractEventLoop, timer_type: type) -> bool | list:
    """True when there is work to wait for; else the screens whose frame is due (maybe none)."""
    if loop._ready:  # type: ignore[attr-defined]
        return True
    now = loop.time()
    frames = []
    for handle in loop._scheduled:  # type: ignore[attr-defined]
        if handle.cancelled() or handle.when() - now >= TIMER_HORIZON:
            continue
        timer = _timer_of(handle, timer_type)
        if timer is not None and timer.name == "screen_update":
            screen = timer._target()
            # A paused update timer still has the sleep it was in; it will not tick.
            if screen is not None and timer._active.is_set():
                frames.append(screen)
            continue
        return True
    return frames


def install() -> None:
    """Replace the idle wait of Pilot and of App._press_keys (both import it by name)."""
    import textual._wait
    import textual.app
    import textual.pilot
    from textual.timer import Timer

    textual_wait = textual._wait.wait_for_idle

    async def wait_for_idle(min_sleep: float = WINDOW, max_sleep: float = 1) -> None:
        loop = asyncio.get_running_loop()
        if not (hasattr(loop, "_ready") and hasattr(loop, "_scheduled")):
            await textual_wait(min_sleep, max_sleep)  # another loop: Textual's own wait
            return
        start = monotonic()
        while True:
            cpu = process_time()
            await sleep(WINDOW)
            used = process_time() - cpu
            elapsed = monotonic() - start
            if elapsed >= max_sleep:
                return
            if elapsed <= min_sleep or used >= IDLE_CPU:
                continue
            due = _due_soon(loop, Timer)
            if due is True:
                continue
            if not due:
                return
            for screen in due:
                screen._on_timer_update()

    textual.app.wait_for_idle = wait_for_idle
    textual.pilot.wait_for_idle = wait_for_idle
    textual._wait.wait_for_idle = wait_for_idle
