"""The live projections of every operation this process serves, kept at the log's head.

An operation's state is built from the log on first use and then advanced event by event: by
the writer for what it commits, and by :meth:`States.catch_up` for what other processes
committed (PostgreSQL notifications, or the writer noticing a longer chain under its lock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

from sispam.posko.catalog import PROJECTIONS
from sispam.posko.events import Event
from sispam.posko.projections import Projection
from sispam.posko.store import EventStore


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
        self.views: dict[str, Projection] = {name: cls() for name, cls in PROJECTIONS.items()}

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


class States:
    def __init__(self, store: EventStore, publish: Callable[[list[Event]], None]) -> None:
        self.store = store
        self.publish = publish
        self._states: dict[str, OperationState] = {}
        self._lock = threading.Lock()

    def get(self, operation_id: str) -> OperationState:
        with self._lock:
            state = self._states.get(operation_id)
            if state is None:
                state = self._states[operation_id] = OperationState(operation_id)
        if state.seq == 0:
            self.catch_up(operation_id, publish=False)
        return state

    def catch_up(
        self, operation_id: str, conn: Connection | None = None, publish: bool = True
    ) -> list[Event]:
        """Apply the events committed after the state's head; return (and publish) them."""
        state = self._states.get(operation_id) or self.get(operation_id)
        with state.lock:
            new = self.store.read(operation_id, after=state.seq, conn=conn)
            for ev in new:
                state.apply(ev)
        if new and publish:
            self.publish(new)
        return new

    def forget(self, operation_id: str) -> None:
        """Drop a state that may hold uncommitted events (after a failed transaction)."""
        with self._lock:
            self._states.pop(operation_id, None)
