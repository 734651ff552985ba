"""The live projections of every operation this process serves, kept at the log's head.

An operation's state is built from the log on first use and then advanced event by event: by
the writer for what it commits, and by :meth:`States.catch_up` for what other processes
committed (PostgreSQL notifications, or the writer noticing a longer chain under its lock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Connection

from sispam.posko.events import Event
from sispam.posko.projections import OperationState
from sispam.posko.store import EventStore


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
