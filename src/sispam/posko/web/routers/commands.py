"""The command endpoint for machine clients: ``POST /api/v1/ops/{op}/events`` with
``{"type": ..., "payload": {...}}`` — or ``{"events": [{"type", "payload"}, ...]}`` (up to
``MAX_BATCH``) for a gateway or a phone flushing its offline queue. The event type names the
permission it needs; the writer's guard applies authority and scope. Answers only after the
events are committed: a batch travels through the writer together (one commit), each event is
accepted or refused on its own, in order."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sispam.i18n import t
from sispam.posko import catalog
from sispam.posko.events import Principal, Refused
from sispam.posko.permissions import Perm, allowed
from sispam.posko.web.common import command, operation
from sispam.posko.web.deps import need, posko_of

router = APIRouter()
MAX_BATCH = 500


@router.post("/api/v1/ops/{op_id}/events")
async def post_event(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    try:
        body: Any = await request.json()
        if "events" in body:
            items = [(str(e["type"]), dict(e.get("payload") or {})) for e in body["events"]]
            if not 0 < len(items) <= MAX_BATCH:
                raise ValueError
        else:
            type_, payload = str(body["type"]), dict(body.get("payload") or {})
    except Exception:
        return JSONResponse({"detail": t("posko.error.bad_request")}, 422)
    if "events" not in body:
        ev = await command(request, op_id, type_, payload, p)
        return JSONResponse({"seq": ev.seq, "hash": ev.hash, "ts": ev.ts}, 201)
    return JSONResponse({"results": await _batch(request, op_id, items, p)}, 201)


async def _batch(
    request: Request, op_id: str, items: list[tuple[str, dict]], p: Principal
) -> list[dict]:
    operation(request, op_id)
    posko = posko_of(request)
    futures: list[Any] = []
    for type_, payload in items:  # queued back to back: the writer commits them together
        try:
            et = catalog.get(type_)
            if et.permission is None or not allowed(p.role, et.permission):
                raise Refused("posko.error.forbidden", 403)
            futures.append(
                asyncio.wrap_future(posko.writer.submit(posko.draft(op_id, type_, payload, p)))
            )
        except Refused as exc:
            futures.append(exc)
    results = []
    for fut in futures:
        try:
            if isinstance(fut, Refused):
                raise fut
            ev = await fut
            results.append({"seq": ev.seq, "hash": ev.hash, "ts": ev.ts})
        except Refused as exc:
            results.append({"status": exc.status, "detail": exc.message(), "key": exc.key})
    return results
