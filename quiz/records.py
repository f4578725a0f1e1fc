"""The app's frozen records: dataclasses whose ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and frozen ``__setattr__`` are written once, here, for all of them.

On Python 3.11, ``@dataclass(frozen=True)`` writes five methods of each class as source and
compiles each (``exec``, ~0.1-0.2 ms a method): with some 40 frozen classes imported as the app
starts, that was ~30 ms of every launch, a fifth of what the app adds to Textual's own start.
A record is declared ``@record`` (or ``@record(kw_only=True)``) and derives from ``Record``:
``@dataclass`` then only reads its fields (``fields()``, ``replace()`` and ``__match_args__``
work as ever). Its ``__init__`` is written the first time the class is called, as
``@dataclass`` would have written it, so only the classes that are used pay for it; the
others behave as ``@dataclass``'s: the same repr, equal only to an object of the same class
whose compared fields are equal, hashed over those fields, and a ``FrozenInstanceError`` on
any assignment.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter

TYPE_CHECKING = False  # not typing's: see quiz.cli
if TYPE_CHECKING:
    from collections.abc import Callable
    from dataclasses import field
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T", bound=type)

    # For the type checker, a record is a frozen dataclass.
    @overload
    def record(cls: T, /) -> T: ...
    @overload
    def record(*, kw_only: bool = False, slots: bool = True) -> Callable[[T], T]: ...
    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def record(
        cls: T | None = None, /, *, kw_only: bool = False, slots: bool = True
    ) -> T | Callable[[T], T]: ...

else:

    def record(cls=None, /, *, kw_only=False, slots=True):
        """``@dataclass(frozen=True)`` for a subclass of ``Record`` (see the module)."""

        def wrap(cls):
            return dataclass(cls, init=False, repr=False, eq=False, slots=slots, kw_only=kw_only)

        return wrap if cls is None else wrap(cls)


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


def _write_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` that ``@dataclass(frozen=True)`` writes for ``cls``: its fields in
    order (the keyword-only ones after a ``*``), defaults and default factories, each value set
    past the frozen ``__setattr__``, then ``__post_init__`` if the class has one."""
    # The function's own names start with "__record_" (as @dataclass's with "__dataclass_"):
    # a field of that name would shadow one.
    namespace: dict[str, Any] = {"__record_set": object.__setattr__, "__record_missing": MISSING}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields(cls):
        name = f.name
        if f.default is not MISSING:
            namespace[f"__record_default_{name}"] = f.default
            default, value = f"=__record_default_{name}", name
        elif f.default_factory is not MISSING:
            namespace[f"__record_factory_{name}"] = f.default_factory
            default = "=__record_missing"
            value = f"__record_factory_{name}() if {name} is __record_missing else {name}"
        else:
            default, value = "", name
        if not f.init:
            if f.default is not MISSING:
                value = f"__record_default_{name}"
            elif f.default_factory is not MISSING:
                value = f"__record_factory_{name}()"
            else:
                continue  # as @dataclass: neither a parameter nor set
        else:
            (keyword if f.kw_only else positional).append(name + default)
        body.append(f"    __record_set(__record_self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    __record_self.__post_init__()")
    params = ", ".join(["__record_self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({params}):\n" + ("\n".join(body) or "    pass")
    exec(source, namespace)  # (the names of the class's own fields only)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _first_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """Each record class's ``__init__`` until it is first called: writes the real one, puts it
    on the class and runs it."""
    cls = type(self)
    init = _write_init(cls)
    cls.__init__ = init
    init(self, *args, **kwargs)


class Record:
    """See the module's docstring."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" not in cls.__dict__:
            cls.__init__ = _first_init  # type: ignore[method-assign]

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

    if not TYPE_CHECKING:  # the checker knows records as frozen dataclasses already

        def __setattr__(self, name, value):
            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name):
            raise FrozenInstanceError(f"cannot delete field {name!r}")

        # As @dataclass gives a frozen class with slots, for copy and pickle: their default
        # would set each slot through the frozen __setattr__.
        def __getstate__(self):
            return [getattr(self, f.name) for f in fields(self)]

        def __setstate__(self, state):
            for f, value in zip(fields(self), state, strict=True):
                object.__setattr__(self, f.name, value)
