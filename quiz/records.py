"""The base of the app's frozen dataclasses: their ``__repr__``, ``__eq__`` and ``__hash__``,
written once for all of them.

On Python 3.11, ``@dataclass`` writes each method of each class as source and compiles it
(``exec``), ~0.2 ms a method: with some 40 frozen classes imported as the app starts, these three
alone took ~20 ms of every launch. Each class is declared
``@dataclass(frozen=True, slots=True, repr=False, eq=False)`` and derives from ``Record``; the
methods behave as the ones ``@dataclass`` writes: the same text, equal only to an object of the
same class whose compared fields are equal, hashed over those fields.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter

TYPE_CHECKING = False  # not typing's: see quiz.cli
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

# Per class: the names its repr shows, and the function giving the values it compares.
_LAYOUTS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _layout(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    found = _LAYOUTS.get(cls)
    if found is None:
        own = fields(cls)
        shown = tuple(f.name for f in own if f.repr)
        compared = tuple(f.name for f in own if f.compare)
        found = _LAYOUTS[cls] = (shown, _values_of(compared))
    return found


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) > 1:
        getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)  # a tuple of them, in C
        return getter
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


class Record:
    """See the module's docstring."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = _layout(type(self))[0]
        text = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({text})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _layout(type(self))[1]
        return bool(values(self) == values(other))

    def __hash__(self) -> int:
        return hash(_layout(type(self))[1](self))
