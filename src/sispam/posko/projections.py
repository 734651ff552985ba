"""Proyeksi (projections): what the screens show, computed from the event log alone.

A projection is a class with handlers per event type; :class:`sispam.posko.states.OperationState`
holds one instance of every projection the catalog lists and applies each committed event to all
of them in sequence order. Rebuilding from the log gives the same state (``snapshot``), which is
how ``posko verify`` checks the projections as well as the chain.

Extend: list a new ``Projection`` subclass in its room's ``PROJECTIONS`` (assembled by
:mod:`sispam.posko.catalog`), or add a handler to an existing one with
``Board.on("incident.opened")(fn)`` in a module the catalog imports.
"""

from __future__ import annotations

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
