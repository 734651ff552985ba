"""Log kejadian: the event log with filters (who, what, when) and its integrity badge."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from sispam.posko.chain import check_chain
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm
from sispam.posko.store import row_event
from sispam.posko.tables import events as E
from sispam.posko.web.common import operation
from sispam.posko.web.deps import need, posko_of
from sispam.posko.web.render import page

router = APIRouter()
PAGE = 200


def _query(
    posko: Any, op_id: str, actor: str, type_: str, since: str, until: str, after: int, limit: int
) -> list[dict[str, Any]]:
    q = select(E).where(E.c.operation_id == op_id)
    if actor:
        q = q.where(E.c.actor == actor)
    if type_:
        q = q.where(E.c.type.startswith(type_))
    if since:
        q = q.where(E.c.ts >= since)
    if until:
        q = q.where(E.c.ts <= until + "\uffff")
    if after:
        q = q.where(E.c.seq > after).order_by(E.c.seq)
    else:
        q = q.order_by(E.c.seq.desc())
    q = q.limit(limit)
    with posko.engine.connect() as conn:
        return [row_event(r).as_json() for r in conn.execute(q)]


@router.get("/ops/{op_id}/log")
async def log_page(
    request: Request, op_id: str, actor: str = "", type: str = "", since: str = "", until: str = "",
    p: Principal = need(Perm.LOG_READ),
) -> Response:
    meta, state = operation(request, op_id)
    rows = await run_in_threadpool(_query, posko_of(request), op_id, actor, type, since, until, 0, PAGE)
    for r in rows:
        if r["type"] == "operation.created":
            r["payload"] = {"id": r["payload"]["id"], "title": r["payload"]["title"]}
    return page(
        request, "log.html", op=meta, seq=state.seq, rows=rows, tab="log",
        f={"actor": actor, "type": type, "since": since, "until": until},
    )


@router.get("/ops/{op_id}/log/verify")
async def log_verify(request: Request, op_id: str, p: Principal = need(Perm.LOG_READ)) -> Response:
    operation(request, op_id)
    posko = posko_of(request)
    result = await run_in_threadpool(lambda: check_chain(op_id, posko.store.rows(op_id)))
    return page(request, "_integrity.html", check=result)


@router.get("/api/v1/ops/{op_id}/events")
async def events_api(
    request: Request, op_id: str, after: int = 0, limit: int = 500, actor: str = "", type: str = "",
    p: Principal = need(Perm.LOG_READ),
) -> dict[str, Any]:
    operation(request, op_id)
    rows = await run_in_threadpool(
        _query, posko_of(request), op_id, actor, type, "", "", after, min(max(limit, 1), 5000)
    )
    if not after:
        rows.reverse()
    return {"events": rows}
