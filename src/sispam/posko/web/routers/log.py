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
    # ``after``: the next page forwards (machines); else the newest first (the screen).
    q = q.where(E.c.seq > after).order_by(E.c.seq) if after else q.order_by(E.c.seq.desc())
    q = q.limit(limit)
    with posko.engine.connect() as conn:
        return [row_event(r).as_json() for r in conn.execute(q)]


@router.get("/ops/{op_id}/log")
async def log_page(
    request: Request,
    op_id: str,
    actor: str = "",
    type: str = "",
    since: str = "",
    until: str = "",
    p: Principal = need(Perm.LOG_READ),
) -> Response:
    meta, state = operation(request, op_id)
    rows = await run_in_threadpool(
        _query, posko_of(request), op_id, actor, type, since, until, 0, PAGE
    )
    for r in rows:
        if r["type"] == "operation.created":
            r["payload"] = {"id": r["payload"]["id"], "title": r["payload"]["title"]}
    return page(
        request,
        "log.html",
        op=meta,
        seq=state.seq,
        rows=rows,
        tab="log",
        f={"actor": actor, "type": type, "since": since, "until": until},
    )


@router.get("/ops/{op_id}/log/verify")
async def log_verify(request: Request, op_id: str, p: Principal = need(Perm.LOG_READ)) -> Response:
    operation(request, op_id)
    posko = posko_of(request)
    result = await run_in_threadpool(lambda: check_chain(op_id, posko.store.rows(op_id)))
    return page(request, "_integrity.html", check=result)


@router.get("/ops/{op_id}/export.zip")
async def export_zip(request: Request, op_id: str, p: Principal = need(Perm.EXPORT)) -> Response:
    """The same files as `sispam posko export`, zipped; an exercise's carry ``LATIHAN``."""
    import io
    import zipfile

    from sispam.posko.export import export_files

    meta, _state = operation(request, op_id)
    files, _count = await run_in_threadpool(export_files, posko_of(request), op_id)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(f"{op_id}/{name}", content)
    prefix = "LATIHAN-" if meta.get("exercise") else ""
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{prefix}{op_id}-posko.zip"'},
    )


@router.get("/api/v1/ops/{op_id}/events")
async def events_api(
    request: Request,
    op_id: str,
    after: int = 0,
    limit: int = 500,
    actor: str = "",
    type: str = "",
    p: Principal = need(Perm.LOG_READ),
) -> dict[str, Any]:
    operation(request, op_id)
    rows = await run_in_threadpool(
        _query, posko_of(request), op_id, actor, type, "", "", after, min(max(limit, 1), 5000)
    )
    if not after:
        rows.reverse()
    return {"events": rows}
