"""Siaran (fan-out): committed events to every open live stream of this process.

The writer (own events) and the PostgreSQL listener (events committed by other processes)
publish here from their threads; each SSE connection holds a bounded queue on the event loop.
A client too slow to keep up is dropped and reconnects with ``Last-Event-ID``.
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from typing import Any

from sispam.posko.events import Event

QUEUE_SIZE = 2000


class Hub:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subs: dict[str, set[asyncio.Queue[Any]]] = defaultdict(set)
        self._lock = threading.Lock()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self, operation_id: str) -> asyncio.Queue[Any]:
        q: asyncio.Queue[Any] = asyncio.Queue(QUEUE_SIZE)
        with self._lock:
            self._subs[operation_id].add(q)
        return q

    def unsubscribe(self, operation_id: str, q: asyncio.Queue[Any]) -> None:
        with self._lock:
            self._subs[operation_id].discard(q)

    def publish(self, events: list[Event]) -> None:
        """Thread-safe: hand ``events`` (one operation, in order) to the loop."""
        if not events or self._loop is None or self._loop.is_closed():
            return
        with self._lock:
            queues = list(self._subs.get(events[0].operation_id, ()))
        if queues:
            self._loop.call_soon_threadsafe(self._deliver, queues, events)

    @staticmethod
    def _deliver(queues: list[asyncio.Queue[Any]], events: list[Event]) -> None:
        for q in queues:
            for ev in events:
                try:
                    q.put_nowait(ev)
                except asyncio.QueueFull:
                    # Too slow: empty its queue and tell the stream to close (the client
                    # reconnects with Last-Event-ID and replays from the log).
                    while not q.empty():
                        q.get_nowait()
                    q.put_nowait(None)
                    break
