"""Pausing the cyclic garbage collector while a bank loads.

Loading a bank makes a million objects and frees most of them again, none of them in a cycle:
the collector's passes over the ones still alive took more than half the time of a large bank
(1.28 s of CPU for 10,000 questions, 0.5 s with the collector off).
"""

from __future__ import annotations

import _thread
import gc


class gc_paused:  # noqa: N801 (used as a function: `with gc_paused():`)
    """The cyclic garbage collector off while a bank loads, and back on (if it was on) once
    the last of the loads running at the same time, in any thread, is done."""

    _lock = _thread.allocate_lock()
    _depth = 0
    _was_enabled = False

    def __enter__(self) -> None:
        cls = type(self)
        with cls._lock:
            if cls._depth == 0:
                cls._was_enabled = gc.isenabled()
                gc.disable()
            cls._depth += 1

    def __exit__(self, *exc: object) -> None:
        cls = type(self)
        with cls._lock:
            cls._depth -= 1
            if cls._depth == 0 and cls._was_enabled:
                gc.enable()
