"""Siaran langsung (live updates): Server-Sent Events, the event's sequence number as the SSE
id so a reconnecting browser replays what it missed (``Last-Event-ID``), and a heartbeat."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from sispam.posko import catalog
from sispam.posko.events import Event, Principal, Refused
from sispam.posko.permissions import Perm, village_in_scope
from sispam.posko.web.common import operation
from sispam.posko.web.deps import need, posko_of

router = APIRouter()
REPLAY_BATCH = 5000


def summary(ev: Event, exercise: bool) -> dict[str, Any]:
    """What a stream carries: enough to refresh the right part of a page, no payload."""
    try:
        subject = catalog.subject(ev.type, ev.payload)
    except Refused:
        subject = {}
    out: dict[str, Any] = {
        "seq": ev.seq,
        "type": ev.type,
        "ts": ev.ts,
        "actor": ev.actor,
        **subject,
    }
    if ev.type == "village.level_set":
        out["level"] = ev.payload.get("level")
    if ev.type == "unit.status_set":
        out["status"] = ev.payload.get("status")
    if exercise:
        out["prefix"] = "LATIHAN"
    return out


def _visible(p: Principal, data: dict[str, Any]) -> bool:
    village = data.get("village")
    return not village or village_in_scope(p.role, p.area, village)


def _frame(ev: Event, data: dict[str, Any] | None) -> str:
    if data is None:  # out of scope: advance the id without content
        return f"id: {ev.seq}\nevent: skip\ndata: {{}}\n\n"
    return f"id: {ev.seq}\nevent: posko\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/api/v1/stream")
async def stream(
    request: Request, op: str, after: int | None = None, p: Principal = need(Perm.STREAM)
) -> StreamingResponse:
    meta, state = operation(request, op)
    exercise = bool(meta.get("exercise"))
    header = request.headers.get("last-event-id", "")
    start = int(header) if header.isdigit() else (after if after is not None else state.seq)
    posko = posko_of(request)
    heartbeat = float(request.app.state.heartbeat_s)
    queue = posko.hub.subscribe(op)  # before the replay: nothing falls between the two

    def frame(ev: Event) -> str:
        data = summary(ev, exercise)
        return _frame(ev, data if _visible(p, data) else None)

    async def replay(after_seq: int) -> AsyncIterator[Event]:
        while True:
            batch = await run_in_threadpool(posko.store.read, op, after_seq, REPLAY_BATCH)
            for ev in batch:
                yield ev
            if len(batch) < REPLAY_BATCH:
                return
            after_seq = batch[-1].seq

    async def body() -> AsyncIterator[str]:
        sent = start
        try:
            yield "retry: 2000\n\n"
            async for ev in replay(sent):
                yield frame(ev)
                sent = ev.seq
            while True:
                try:
                    ev = await asyncio.wait_for(queue.get(), heartbeat)
                except TimeoutError:
                    yield ": heartbeat\n\n"
                    continue
                if ev is None:  # this client fell behind: close, it resumes from its id
                    return
                if ev.seq <= sent:
                    continue
                if ev.seq > sent + 1:  # a gap (e.g. dropped while busy): fill it from the log
                    async for missed in replay(sent):
                        if missed.seq >= ev.seq:
                            break
                        yield frame(missed)
                        sent = missed.seq
                yield frame(ev)
                sent = ev.seq
        finally:
            posko.hub.unsubscribe(op, queue)

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"cache-control": "no-store", "x-accel-buffering": "no"},
    )
