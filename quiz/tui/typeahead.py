"""Type-ahead: keys typed in a burst (over SSH, a paste, a double Enter) are handled as if they
had been typed slowly, one at a time and in order, each by the screen that is active once the
key before it has been handled completely, any screen change it set off included.

Why the app needs this: Textual hands a key from the app to the focused widget's own message
queue and goes straight on to the next key. The key then bubbles up widget by widget, and a
widget's key bindings (Enter to submit, Tab, Backspace in an Input) run only when it is back at
the app. So a second key can reach the old question while the first one's Enter is still
switching screens, a letter can overtake the Tab typed before it, and a key can reach a new
screen before its input has the focus. Holding each key until the app has settled (nothing
queued or running anywhere in the app, no screen mounting) makes the order the keys were typed
in the order they are handled: as type-ahead works in a shell or in vim.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from weakref import WeakSet

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.signal import SignalError

# A round waits at most this long for every part of the app to get round to it; a part that
# takes longer (closing, or a slow handler) just makes for another round.
ROUND_TIMEOUT = 0.5
# If the app has not settled after this many seconds (something keeps itself busy, e.g. an
# animation) the next key goes ahead anyway: keys must not wait for ever.
SETTLE_LIMIT = 3.0


# Keys that arrive this soon after a screen went away by itself, or after a key dropped for
# that reason, were typed before the learner could see what took its place (an exam's results,
# when the time ran out mid-burst or with Enter held down): they are dropped too, until a
# pause this long, rather than leave the results unread.
UNSEEN_SECONDS = 1.0


# What the gate holds: keys, and a bracketed paste (one event with all its text), which must
# not overtake the keys typed before it either.
Typed = events.Key | events.Paste


class TypeAhead:
    """The app's key gate. ``hold`` takes every key (and paste) as it arrives; ``run`` (a task
    as long-lived as the app) releases them one by one, each once the app has settled after
    the one before."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._held: deque[Typed] = deque()
        self._arrived = asyncio.Event()
        self._released: Typed | None = None
        self._handled = 0  # messages handled anywhere in the app (counted by _watch)
        # The ids of the keys held whose arrival is not yet counted: the app handles each
        # key as it arrives, which only puts it here, so it is no sign that the app is busy
        # (see _watch).
        self._uncounted: set[int] = set()
        self._settled_at = -1  # the count when the app was last found settled
        self._watched: WeakSet[MessagePump] = WeakSet()
        self.busy = False  # a key has been released and the app has not settled since
        self._deaf_until = 0.0  # time.monotonic() before which arriving keys are dropped

    @property
    def idle(self) -> bool:
        """Nothing held and nothing being handled (for tests that type ahead)."""
        return not self._held and not self.busy

    @property
    def _closing(self) -> bool:
        """The app is on its way out: asked to exit, or an error it did not expect is ending
        it (Textual sets the return code for both, and only then). Its queues may never drain
        then (the app's own stops taking messages at a crash), so nothing more is held or
        waited for."""
        return self.app.return_code is not None or not self.app.is_running

    def is_released(self, event: Typed) -> bool:
        return event is self._released

    def hold(self, event: Typed) -> None:
        now = time.monotonic()
        if now < self._deaf_until:
            self._deaf_until = now + UNSEEN_SECONDS
            return
        self._held.append(event)
        self._uncounted.add(id(event))
        self._arrived.set()

    def drop(self) -> None:
        """Forget the keys not yet handled: the screen they were typed for has gone without
        a key of theirs taking it away (e.g. an exam's time ran out), and no other screen
        may have them. Nor may the screen that replaces it have the keys that keep arriving
        until a pause (``UNSEEN_SECONDS``): the learner has not seen it yet."""
        self._held.clear()
        self._uncounted.clear()
        self._deaf_until = time.monotonic() + UNSEEN_SECONDS

    async def run(self) -> None:
        try:
            await self._release_held_keys()
        except Exception as error:  # noqa: BLE001 - a gate that died would hold keys for ever
            self.app._handle_exception(error)

    async def _release_held_keys(self) -> None:
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            self.busy = True
            # Whatever started without a key (a timer's screen change) ends first; after that
            # the app has settled behind each key before the next one goes. Nothing handled
            # anywhere since the app was last found settled means it still is: no round then,
            # which is most of a key's wait when the learner types at a human pace.
            if self._handled != self._settled_at:
                await self.settle()
            while self._held:
                typed = self._held.popleft()
                # Counted from here on if it was not yet (an id is only kept while its key
                # is held, so no later message can have it).
                self._uncounted.discard(id(typed))
                released = (
                    events.Key(typed.key, typed.character)
                    if isinstance(typed, events.Key)
                    else events.Paste(typed.text)
                )
                released.set_sender(self.app)
                self._released = released
                self.app.post_message(released)
                await self.settle()
            self.busy = False

    async def settle(self) -> None:
        """Return once everything the app was doing is done: every message queued anywhere
        has been handled and nothing came of it (no new widget, no new message), e.g. the Enter
        just released has submitted, the next screen is mounted and its input focused."""
        give_up = time.monotonic() + SETTLE_LIMIT
        while time.monotonic() < give_up:
            if self._closing:
                # No screen is left for the keys.
                self._held.clear()
                self._uncounted.clear()
                return
            if not await self._queues_empty(give_up):
                continue
            if await self._quiet_round():
                self._settled_at = self._handled
                return
        self.app.log.warning("type-ahead: the app did not settle; handing on the next key")

    async def _queues_empty(self, give_up: float) -> bool:
        """Wait until no part of the app has a message queued: a round asked before then
        cannot find the app settled (the queued message counts as handled), and its calls
        back would only queue up beside the work of the key just released and slow it down
        (two rounds in three failed that way while an answer's feedback was being drawn)."""
        # The parts as they are now: walking the app for every spin cost more than the spin
        # (~0.1 ms, a dozen times per answer). One mounted meanwhile fails the round instead.
        nodes = self._nodes()
        for spin in itertools.count():
            if any(node.message_queue_size for node in nodes):
                if time.monotonic() >= give_up or self._closing:
                    return False
                # A queue is being worked through; a handler that waits (for a worker, a
                # timer) should not be polled at full speed.
                await asyncio.sleep(0 if spin < 100 else 0.001)
                continue
            return True
        return True  # pragma: no cover - the loop only ends by returning

    async def _quiet_round(self) -> bool:
        """Ask every part of the app to call back once it has handled what it has queued;
        True when nothing but those calls was handled meanwhile and nothing is left."""
        nodes = self._nodes()
        self._watch(nodes)
        handled_before = self._handled
        asked = waiting = 0
        everyone = asyncio.Event()

        def called_back() -> None:
            nonlocal waiting
            waiting -= 1
            if waiting == 0:
                everyone.set()

        for node in nodes:
            # call_later would wrap the callback in a new partial per node, and Textual reads
            # a partial's signature afresh on every call: a round asks every widget.
            if node.post_message(events.Callback(callback=called_back)):
                asked += 1
                waiting += 1
        if waiting:
            try:
                await asyncio.wait_for(everyone.wait(), ROUND_TIMEOUT)
            except TimeoutError:
                return False
        # A node counts its last call back as handled just after making it.
        await asyncio.sleep(0)
        return (
            self._handled - handled_before == asked
            and self._nodes() == nodes
            and all(self._at_rest(node) for node in nodes)
        )

    def _nodes(self) -> list[MessagePump]:
        nodes: list[MessagePump] = [self.app]
        for screen in self.app.screen_stack:
            nodes += screen.walk_children(with_self=True)
        return nodes

    @staticmethod
    def _at_rest(node: MessagePump) -> bool:
        mounted = getattr(node, "is_mounted", True)
        return mounted and node.message_queue_size == 0

    def _watch(self, nodes: list[MessagePump]) -> None:
        uncounted = self._uncounted

        def count(message: Message) -> None:
            if uncounted and id(message) in uncounted:
                uncounted.discard(id(message))  # a key arriving, held by the app
                return
            self._handled += 1

        for node in nodes:
            if node not in self._watched and node.is_running:
                try:
                    node.message_signal.subscribe(self.app, count, immediate=True)
                except SignalError:
                    continue  # the app is closing; the next round sees it
                self._watched.add(node)
