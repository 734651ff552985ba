"""The command endpoint for machine clients: ``POST /api/v1/ops/{op}/events`` with
``{"type": ..., "payload": {...}}``. The event type names the permission it needs; the writer's
guard applies authority and scope. Answers only after the event is committed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sispam.i18n import t
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm
from sispam.posko.web.common import command
from sispam.posko.web.deps import need

router = APIRouter()


@router.post("/api/v1/ops/{op_id}/events")
async def post_event(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    try:
        body: Any = await request.json()
        type_, payload = str(body["type"]), dict(body.get("payload") or {})
    except Exception:
        return JSONResponse({"detail": t("posko.error.bad_request")}, 422)
    ev = await command(request, op_id, type_, payload, p)
    return JSONResponse({"seq": ev.seq, "hash": ev.hash, "ts": ev.ts}, 201)
