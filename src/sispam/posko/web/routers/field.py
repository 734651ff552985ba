"""Laporan lapangan dari ponsel (the field reporter's phone page): offline first — a service
worker keeps the page and its scripts, reports wait in IndexedDB with an id made on the phone and
are sent when a connection returns. ``POST /api/v1/ops/{op}/field/reports`` takes the queue as
one batch; a report already recorded (a resend) answers ``duplicate`` and is not stored again.

A report may carry a photo: the phone first sends its bytes to ``POST …/field/photos`` (the
answer is the photo's name, ``sha256:<hex>``), then the report naming it. A report naming a
photo the Posko does not hold is refused, so no record points at nothing."""

from __future__ import annotations

import asyncio
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sispam.domain.incident import IncidentCategory, TpsStatus
from sispam.i18n import t
from sispam.posko.day.events import Perm
from sispam.posko.day.people import village_of_area
from sispam.posko.day.photos import MAX_PHOTO_BYTES, has_photo, load_photo, save_photo
from sispam.posko.day.service import field_report
from sispam.posko.events import Principal, Refused
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.permissions import village_in_scope
from sispam.posko.web.common import operation
from sispam.posko.web.deps import PUBLIC, need, posko_of
from sispam.posko.web.render import page

router = APIRouter()
MAX_BATCH = 200


@router.post("/api/v1/ops/{op_id}/field/reports")
async def field_reports(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    """The phone's queue: ``{"reports": [{id, village_code, tps, kind, status, ...}]}``; one
    answer per report, in order: ``created`` (with its seq), ``duplicate`` or ``refused``."""
    try:
        body = await request.json()
        items = body["reports"] if isinstance(body, dict) and "reports" in body else [body]
        if not 0 < len(items) <= MAX_BATCH:
            raise ValueError
    except Exception:
        return JSONResponse({"detail": t("posko.error.bad_request")}, 422)
    _meta, state = operation(request, op_id)
    day = state.view("day")
    posko = posko_of(request)
    waiting: list[Any] = []
    for item in items:
        try:
            rid = str(item["id"])
            if rid in day.reports:  # a resend: answered from the projection, nothing written
                waiting.append(("duplicate", rid))
                continue
            photo = item.get("photo")
            if photo and not await asyncio.to_thread(has_photo, posko.engine, op_id, str(photo)):
                raise Refused("posko.day.error.no_photo", 422, photo=str(photo)[:80])
            payload = field_report(p, day, item)
            draft = posko.draft(op_id, "report.received", payload, p)
            waiting.append((asyncio.wrap_future(posko.writer.submit(draft)), rid))
        except Refused as exc:
            waiting.append((exc, str(item.get("id", "")) if isinstance(item, dict) else ""))
        except Exception:
            waiting.append((Refused("posko.error.bad_request", 422), ""))
    results = []
    for fut, rid in waiting:
        if fut == "duplicate":
            results.append({"id": rid, "result": "duplicate"})
            continue
        try:
            if isinstance(fut, Refused):
                raise fut
            ev = await fut
            results.append({"id": rid, "result": "created", "seq": ev.seq})
        except Refused as exc:
            if exc.key == "posko.day.error.duplicate":  # two resends racing: still one record
                results.append({"id": rid, "result": "duplicate"})
            else:
                results.append(
                    {"id": rid, "result": "refused", "status": exc.status, "detail": exc.message()}
                )
    return JSONResponse({"results": results})


@router.post("/api/v1/ops/{op_id}/field/photos")
async def field_photo(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    """A report's photo, as the request body (JPEG, PNG or WebP): answers its name, 201 when
    new and 200 when the same bytes were stored before."""
    operation(request, op_id)
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_PHOTO_BYTES:  # stop reading: the answer is the same
            break
    posko = posko_of(request)
    try:
        ref, new = await asyncio.to_thread(save_photo, posko.engine, op_id, bytes(data), p.username)
    except Refused as exc:
        return JSONResponse({"detail": exc.message(), "key": exc.key}, exc.status)
    return JSONResponse({"photo": ref}, 201 if new else 200)


@router.get("/ops/{op_id}/photos/{ref}")
def photo(request: Request, op_id: str, ref: str, p: Principal = need(CorePerm.VIEW)) -> Response:
    """A stored photo; its name is its hash, so it never changes and may be cached for good."""
    operation(request, op_id)
    found = load_photo(posko_of(request).engine, op_id, ref)
    if found is None:
        return JSONResponse({"detail": t("posko.day.error.no_photo", photo=ref[:80])}, 404)
    return Response(
        found.data,
        media_type=found.content_type,
        headers={
            "cache-control": "private, max-age=31536000, immutable",
            "x-content-type-options": "nosniff",
        },
    )


@router.get("/ops/{op_id}/field/")
def field_page(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    meta, state = operation(request, op_id)
    day = state.view("day")
    code, own_tps = village_of_area(p.area) if p.role == "reporter" else ("", None)
    with state.lock:
        villages = [
            {"code": v["code"], "name": v["name"], "tps": v["tps"], "district": v["district_name"]}
            for v in state.view("board").villages.values()
            if village_in_scope(p.role, p.area, v["code"])
        ]
    villages.sort(key=lambda v: (v["code"] != code, v["district"], v["name"]))
    return page(
        request,
        "day/field.html",
        op=meta,
        seq=state.seq,
        villages=villages,
        own_tps=own_tps,
        statuses=[s.value for s in TpsStatus],
        categories=[c.value for c in IncidentCategory],
        clock=day.now().isoformat(timespec="minutes") if day.ctx else "",
        tab="field",
    )


@router.get("/field-sw.js")
def service_worker(_: Any = PUBLIC) -> Response:
    """The service worker at the site's root, so it may keep the field page of any operation."""
    js = (resources.files("sispam.posko.web") / "static" / "day" / "field-sw.js").read_text()
    return Response(
        js,
        media_type="text/javascript",
        headers={"cache-control": "no-cache", "service-worker-allowed": "/"},
    )
