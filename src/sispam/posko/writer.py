"""Penulis tunggal (the single writer): every append goes through one thread per process.

Requests hand a :class:`Draft` to :meth:`Writer.submit` and wait on a future that is resolved
only after the transaction holding their event has committed — an acknowledged request is on
disk. The thread takes whatever is queued (up to ``max_batch``) into one transaction: group
commit, so under load one fsync acknowledges many requests and throughput does not collapse to
one commit per request, while a lone request is committed at once.

Per batch and operation: lock the chain (BEGIN IMMEDIATE / advisory lock), catch the projection
up with events other processes committed, run each event type's guard against it (a refused
draft fails alone), seal (hash) and insert the rest, commit, then publish.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import defaultdict
from concurrent.futures import Future

from sispam.posko.catalog import get
from sispam.posko.events import Draft, Event, Refused
from sispam.posko.states import States
from sispam.posko.store import EventStore, now_iso

log = logging.getLogger("sispam.posko.writer")

_Item = tuple[Draft, Future]


class Writer:
    def __init__(self, store: EventStore, states: States, max_batch: int = 512) -> None:
        self.store = store
        self.states = states
        self.max_batch = max_batch
        self._q: queue.Queue[_Item | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="posko-writer", daemon=True)
        self._started = False
        self._start_lock = threading.Lock()
        self.batches = 0  # statistics for the benchmark
        self.written = 0

    def start(self) -> None:
        with self._start_lock:
            if not self._started:
                self._started = True
                self._thread.start()

    def submit(self, draft: Draft) -> Future[Event]:
        self.start()
        fut: Future[Event] = Future()
        self._q.put((draft, fut))
        return fut

    def append(self, draft: Draft, timeout: float | None = 60) -> Event:
        """Append and wait for the commit (for the CLI and tests)."""
        return self.submit(draft).result(timeout)

    def close(self) -> None:
        if self._started:
            self._q.put(None)
            self._thread.join(timeout=30)

    # --- the thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            item = self._q.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    nxt = self._q.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                batch.append(nxt)
            self._write_guarded(batch)
            if stop:
                return

    def _write_guarded(self, batch: list[_Item]) -> None:
        """Write the requests still wanted; whatever happens, the thread lives on (a dead writer
        would leave every later request of the process waiting for ever)."""
        # A request whose client went away before it was taken is cancelled: it was never
        # acknowledged, so it is not written. Once taken, it can no longer be cancelled, so
        # resolving it below cannot fail (it killed this thread: InvalidStateError).
        wanted = [item for item in batch if item[1].set_running_or_notify_cancel()]
        if not wanted:
            return
        try:
            self._write(wanted)
        except Exception as exc:  # noqa: BLE001 - a bug after the commit; the futures hear it
            log.exception("posko writer: after writing a batch of %d", len(wanted))
            for _draft, fut in wanted:
                if not fut.done():
                    fut.set_exception(exc)

    def _write(self, batch: list[_Item]) -> None:
        by_op: dict[str, list[_Item]] = defaultdict(list)
        for item in batch:
            by_op[item[0].operation_id].append(item)
        states = {op: self.states.get(op) for op in by_op}
        locks = [states[op].lock for op in sorted(by_op)]
        for lock in locks:
            lock.acquire()
        done: list[tuple[Future, Event]] = []
        published: dict[str, list[Event]] = {}
        try:
            conn_opts = self.store.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
            with conn_opts as conn, conn.begin():
                for op in sorted(by_op):
                    self.store.lock(conn, op)
                    caught_up = self.states.catch_up(op, conn=conn, publish=False)
                    sealed = self._seal(conn, states[op], by_op[op], done)
                    published[op] = caught_up + sealed
        except BaseException as exc:
            for op in by_op:
                self.states.forget(op)  # it may hold events that were never committed
            for _draft, fut in batch:
                if not fut.done():
                    fut.set_exception(exc)
            log.exception("posko writer: batch of %d failed", len(batch))
            return
        finally:
            for lock in locks:
                lock.release()
        self.batches += 1
        self.written += len(done)
        for fut, ev in done:
            fut.set_result(ev)
        for events in published.values():
            self.states.publish(events)

    def _seal(self, conn, state, items: list[_Item], done: list) -> list[Event]:  # type: ignore[no-untyped-def]
        """Guard, seal and insert one operation's drafts (inside the batch's transaction)."""
        seq, prev = state.seq, state.head_hash or self.store.head(conn, state.operation_id)[1]
        sealed: list[Event] = []
        for draft, fut in items:
            et = get(draft.type)
            try:
                if et.guard is not None:
                    et.guard(state, draft)
            except Refused as exc:
                fut.set_exception(exc)
                continue
            except Exception as exc:  # a guard's bug must not stop the writer
                log.exception("guard of %s failed", draft.type)
                fut.set_exception(exc)
                continue
            ev = self.store.seal(draft, seq + 1, prev, now_iso())
            state.apply(ev)  # later drafts of the batch see this one
            seq, prev = ev.seq, ev.hash
            sealed.append(ev)
            done.append((fut, ev))
        if sealed:
            self.store.insert(conn, sealed)
        return sealed
