"""Proyeksi (projections): what the screens show, computed from the event log alone.

A projection is a class with handlers per event type; :class:`OperationState` holds one instance
of every registered projection for an operation and applies each committed event to all of them
in sequence order. Rebuilding from the log gives the same state (``snapshot``), which is how
``posko verify`` checks the projections as well as the chain.

Extend: ``@register_projection`` a new ``Projection`` subclass, or add a handler to an existing
one with ``Board.on("incident.opened")(fn)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, ClassVar

from sispam.posko.events import Event

Handler = Callable[[Any, Event], None]


def handles(*types: str) -> Callable[[Handler], Handler]:
    """Mark a method of a projection class as the handler of ``types``."""

    def mark(fn: Handler) -> Handler:
        fn._posko_handles = types  # type: ignore[attr-defined]
        return fn

    return mark


class Projection:
    """Base class: subclasses set ``name`` and mark handlers with :func:`handles`."""

    name: ClassVar[str] = ""
    _handlers: ClassVar[dict[str, Handler]]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls._handlers = {}
        for base in reversed(cls.__mro__[1:]):
            cls._handlers.update(getattr(base, "_handlers", {}))
        for attr in vars(cls).values():
            for type_ in getattr(attr, "_posko_handles", ()):
                cls._handlers[type_] = attr

    @classmethod
    def on(cls, *types: str) -> Callable[[Handler], Handler]:
        """Add a handler from another module (e.g. the election-day room)."""

        def add(fn: Handler) -> Handler:
            for type_ in types:
                cls._handlers[type_] = fn
            return fn

        return add

    def apply(self, event: Event) -> None:
        handler = self._handlers.get(event.type)
        if handler is not None:
            handler(self, event)

    def snapshot(self) -> Any:
        """A JSON-able picture of the state (compared between live and rebuilt)."""
        raise NotImplementedError


_PROJECTIONS: dict[str, type[Projection]] = {}


def register_projection(cls: type[Projection]) -> type[Projection]:
    if not cls.name:
        raise ValueError("a projection needs a name")
    _PROJECTIONS[cls.name] = cls
    return cls


def projection_classes() -> dict[str, type[Projection]]:
    # The core projections, then election day's (sispam.posko.day).
    from sispam.posko import core_events, day, views  # noqa: F401

    return dict(_PROJECTIONS)


class OperationState:
    """Every projection of one operation, at sequence number ``seq`` of its chain.

    ``lock`` is held by the writer while it applies and commits a batch, and by readers while
    they copy what they show, so nobody sees an event that is not yet committed.
    """

    def __init__(self, operation_id: str) -> None:
        self.operation_id = operation_id
        self.seq = 0
        self.head_hash = ""
        self.lock = threading.RLock()
        self.views: dict[str, Projection] = {
            name: cls() for name, cls in projection_classes().items()
        }

    def view(self, name: str) -> Any:
        return self.views[name]

    def apply(self, event: Event) -> None:
        if event.seq != self.seq + 1:
            raise RuntimeError(f"event {event.seq} applied after {self.seq}")
        for view in self.views.values():
            view.apply(event)
        self.seq = event.seq
        self.head_hash = event.hash

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {name: view.snapshot() for name, view in sorted(self.views.items())}


def rebuild(operation_id: str, events: list[Event]) -> OperationState:
    state = OperationState(operation_id)
    for event in events:
        state.apply(event)
    return state
