"""Buku kejadian (the event store): reading the log and appending to it inside a transaction.

Appending is done only by :class:`sispam.posko.writer.Writer`, which serialises writes: on
SQLite with ``BEGIN IMMEDIATE`` (one writer at a time, across processes too), on PostgreSQL with
a transaction-scoped advisory lock per operation, so the chain of an operation never forks
whatever the number of server processes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, text

from sispam.posko.chain import GENESIS, canonical, event_hash
from sispam.posko.db import is_sqlite
from sispam.posko.events import Draft, Event
from sispam.posko.tables import events as E
from sispam.posko.tables import operations as O


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _lock_key(operation_id: str) -> int:
    return int.from_bytes(hashlib.sha256(operation_id.encode()).digest()[:8], "big", signed=True)


def row_event(r: Any) -> Event:
    return Event(
        r.operation_id,
        r.seq,
        r.ts,
        r.actor,
        r.agency,
        r.role,
        r.type,
        json.loads(r.payload),
        r.prev_hash,
        r.hash,
        r.payload,
    )


class EventStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sqlite = is_sqlite(engine)

    # --- reading -------------------------------------------------------------------------

    def read(
        self,
        operation_id: str,
        after: int = 0,
        limit: int | None = None,
        conn: Connection | None = None,
    ) -> list[Event]:
        q = select(E).where(E.c.operation_id == operation_id, E.c.seq > after).order_by(E.c.seq)
        if limit is not None:
            q = q.limit(limit)
        if conn is not None:
            return [row_event(r) for r in conn.execute(q)]
        with self.engine.connect() as c:
            return [row_event(r) for r in c.execute(q)]

    def rows(self, operation_id: str, batch: int = 5000) -> Iterator[Any]:
        """Raw rows of one chain in stored order, in batches (for ``verify`` and exports)."""
        after = -1
        with self.engine.connect() as c:
            while True:
                q = (
                    select(E)
                    .where(E.c.operation_id == operation_id, E.c.seq > after)
                    .order_by(E.c.seq)
                    .limit(batch)
                )
                chunk = list(c.execute(q))
                if not chunk:
                    return
                yield from chunk
                after = chunk[-1].seq

    def chains(self) -> list[str]:
        with self.engine.connect() as c:
            return [
                r[0]
                for r in c.execute(select(E.c.operation_id).distinct().order_by(E.c.operation_id))
            ]

    def count(self, operation_id: str) -> int:
        with self.engine.connect() as c:
            return c.execute(
                select(func.count()).select_from(E).where(E.c.operation_id == operation_id)
            ).scalar_one()

    def operations(self, exercise: bool | None = None) -> list[dict[str, Any]]:
        q = select(O).order_by(O.c.created_at)
        if exercise is not None:
            q = q.where(O.c.exercise == exercise)
        with self.engine.connect() as c:
            return [dict(r._mapping) for r in c.execute(q)]

    def operation(self, operation_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as c:
            r = c.execute(select(O).where(O.c.id == operation_id)).first()
        return dict(r._mapping) if r else None

    # --- appending (writer only) ---------------------------------------------------------

    def lock(self, conn: Connection, operation_id: str) -> None:
        """Serialise appends to one chain across processes (SQLite: BEGIN IMMEDIATE did it)."""
        if not self.sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(operation_id)})

    def head(self, conn: Connection, operation_id: str) -> tuple[int, str]:
        r = conn.execute(
            select(E.c.seq, E.c.hash)
            .where(E.c.operation_id == operation_id)
            .order_by(E.c.seq.desc())
            .limit(1)
        ).first()
        return (r.seq, r.hash) if r else (0, GENESIS)

    @staticmethod
    def seal(draft: Draft, seq: int, prev_hash: str, ts: str) -> Event:
        """The event a draft becomes at position ``seq`` after ``prev_hash``."""
        by = draft.by
        payload_text = canonical(draft.payload)
        h = event_hash(
            draft.operation_id,
            seq,
            ts,
            by.username,
            by.agency,
            by.role,
            draft.type,
            payload_text,
            prev_hash,
        )
        # ``draft.payload`` is already JSON-normalised (``events.validated``): its canonical text
        # is what is stored and hashed, and what a reader of the log parses back.
        return Event(
            draft.operation_id,
            seq,
            ts,
            by.username,
            by.agency,
            by.role,
            draft.type,
            draft.payload,
            prev_hash,
            h,
            payload_text,
        )

    def insert(self, conn: Connection, events: list[Event]) -> None:
        conn.execute(
            insert(E),
            [
                {
                    "operation_id": e.operation_id,
                    "seq": e.seq,
                    "ts": e.ts,
                    "actor": e.actor,
                    "agency": e.agency,
                    "role": e.role,
                    "type": e.type,
                    "payload": e.raw or canonical(e.payload),
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in events
            ],
        )
        if events and not self.sqlite:
            # Delivered to every listening process when (and only if) the transaction commits.
            last = events[-1]
            conn.execute(
                text("SELECT pg_notify('posko_events', :p)"),
                {"p": f"{last.operation_id}:{last.seq}"},
            )
