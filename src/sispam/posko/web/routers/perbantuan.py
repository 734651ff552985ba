"""Perbantuan TNI, mediasi Pemkab and pemberitahuan (notices): the Kapolres asks the Dandim for
support at merah, the TNI account decides with the legal basis and deploys whole units; the
Pemkab records mediation; each recipient acknowledges the notices meant for it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sispam.posko.day.events import Perm
from sispam.posko.day.pages import back, check_scope, day_of, form, number, submit
from sispam.posko.day.service import act, new_id
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.web.deps import need
from sispam.posko.web.render import page

router = APIRouter()


@router.post("/ops/{op_id}/perbantuan")
async def request_support(
    request: Request, op_id: str, p: Principal = need(Perm.PERBANTUAN_REQUEST)
) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    code = str(f.get("village_code", ""))
    check_scope(p, code)
    payload = act(
        p,
        day,
        id=new_id("tni"),
        village_code=code,
        reason=str(f.get("reason", "")).strip() or "-",
        asked=str(f.get("asked", ""))[:500],
        incident_id=f.get("incident_id") or None,
    )
    await submit(request, op_id, "perbantuan.requested", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/incidents"))


@router.post("/ops/{op_id}/perbantuan/{rid}/decide")
async def decide_support(
    request: Request, op_id: str, rid: str, p: Principal = need(Perm.PERBANTUAN_DECIDE)
) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    req = day.perbantuan.get(rid)
    payload = act(
        p,
        day,
        request_id=rid,
        village_code=req.village_code if req else "00.00.00.0000",
        approve=str(f.get("approve", "")) in ("1", "true", "yes"),
        legal_basis=str(f.get("legal_basis", "")),
        note=str(f.get("note", ""))[:2000],
    )
    await submit(request, op_id, "perbantuan.decided", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/incidents"))


@router.post("/ops/{op_id}/perbantuan/{rid}/deploy")
async def deploy_support(
    request: Request, op_id: str, rid: str, p: Principal = need(Perm.PERBANTUAN_DECIDE)
) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    req = day.perbantuan.get(rid)
    unit = state.view("units").units.get(str(f.get("unit", "")), {})
    payload = act(
        p,
        day,
        request_id=rid,
        village_code=req.village_code if req else "00.00.00.0000",
        unit=str(f.get("unit", "")),
        personnel=number(f.get("personnel")) or unit.get("strength") or 1,
        commander=str(f.get("commander", ""))[:200],
        lat=unit.get("lat"),
        lng=unit.get("lng"),
    )
    await submit(request, op_id, "perbantuan.deployed", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/incidents"))


@router.post("/ops/{op_id}/mediations")
async def mediation(request: Request, op_id: str, p: Principal = need(Perm.MEDIATION)) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    payload = act(
        p,
        day,
        id=new_id("med"),
        village_code=str(f.get("village_code", "")),
        outcome=str(f.get("outcome", "")),
        parties=[s.strip() for s in str(f.get("parties", "")).split(",") if s.strip()],
        incident_id=f.get("incident_id") or None,
        note=str(f.get("note", ""))[:2000],
    )
    await submit(request, op_id, "mediation.recorded", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/incidents"))


@router.get("/ops/{op_id}/notices")
def notices_page(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> Response:
    from sispam.posko.web.routers.incidents import visible_notices

    meta, state, day = day_of(request, op_id)
    with state.lock:
        notices = visible_notices(day, p)
    return page(request, "day/notices.html", op=meta, seq=state.seq, notices=notices, tab="notices")


@router.post("/ops/{op_id}/notices/{nid}/ack")
async def acknowledge(
    request: Request, op_id: str, nid: str, p: Principal = need(Perm.NOTICE_ACK)
) -> Response:
    meta, state, day = day_of(request, op_id)
    n = day.notices.get(nid)
    payload = act(p, day, notice_id=nid, village_code=n.village_code if n else "00.00.00.0000")
    await submit(request, op_id, "notice.acknowledged", payload, p)
    return back(f"/ops/{op_id}/notices")
