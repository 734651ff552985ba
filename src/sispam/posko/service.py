"""The Posko service: one database, its writer, live projections and fan-out, in one object
that the web app, the CLI and the tests share."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from sqlalchemy.engine import make_url

from sispam.posko import SYSTEM_OPERATION
from sispam.posko.catalog import validated
from sispam.posko.db import make_engine, normalise_url
from sispam.posko.events import SYSTEM, Draft, Event, Principal
from sispam.posko.hub import Hub
from sispam.posko.migrate import upgrade
from sispam.posko.states import OperationState, States
from sispam.posko.store import EventStore
from sispam.posko.writer import Writer

log = logging.getLogger("sispam.posko")


class Posko:
    def __init__(self, url: str, *, migrate: bool = True, listen: bool = False) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        if migrate:
            upgrade(self.engine)
        self.store = EventStore(self.engine)
        self.hub = Hub()
        self.states = States(self.store, self.hub.publish)
        self.writer = Writer(self.store, self.states)
        self._operations: dict[str, dict[str, Any]] = {}
        self._listener: _PgListener | None = None
        if listen and not self.store.sqlite:
            self._listener = _PgListener(self)
            self._listener.start()

    # --- writing -------------------------------------------------------------------------

    def draft(
        self, operation_id: str, type_: str, payload: dict[str, Any], by: Principal = SYSTEM
    ) -> Draft:
        return Draft(operation_id, type_, validated(type_, payload), by)

    def append(
        self, operation_id: str, type_: str, payload: dict[str, Any], by: Principal = SYSTEM
    ) -> Event:
        """Validate, append and wait for the commit."""
        return self.writer.append(self.draft(operation_id, type_, payload, by))

    async def submit(
        self, operation_id: str, type_: str, payload: dict[str, Any], by: Principal = SYSTEM
    ) -> Event:
        draft = self.draft(operation_id, type_, payload, by)
        return await asyncio.wrap_future(self.writer.submit(draft))

    def system_event(self, type_: str, payload: dict[str, Any], by: Principal = SYSTEM) -> Event:
        return self.append(SYSTEM_OPERATION, type_, payload, by)

    # --- reading -------------------------------------------------------------------------

    def operation(self, operation_id: str) -> dict[str, Any] | None:
        """The operation's index row; cached, as operations are insert-only."""
        found = self._operations.get(operation_id)
        if found is None:
            found = self.store.operation(operation_id)
            if found is not None:
                self._operations[operation_id] = found
        return found

    def state(self, operation_id: str) -> OperationState:
        return self.states.get(operation_id)

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()
        self.writer.close()
        self.engine.dispose()


class _PgListener(threading.Thread):
    """LISTEN posko_events: another process committed events; catch up and publish them."""

    def __init__(self, posko: Posko) -> None:
        super().__init__(name="posko-listen", daemon=True)
        self.posko = posko
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()
        self.join(timeout=5)

    def run(self) -> None:
        import psycopg

        url = make_url(self.posko.url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        while not self._stop.is_set():
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute("LISTEN posko_events")
                    # Events committed while we were (re)connecting.
                    for op in list(self.posko.states._states):
                        self.posko.states.catch_up(op)
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            op = note.payload.rsplit(":", 1)[0]
                            if op in self.posko.states._states:
                                self.posko.states.catch_up(op)
            except Exception:  # the database restarted: reconnect
                log.exception("posko listener: reconnecting")
                self._stop.wait(1.0)
