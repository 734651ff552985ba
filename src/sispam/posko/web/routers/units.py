"""Satuan (units): where each unit is, its status; TNI and Pemkab change only their own."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sispam.posko.core_events import UNIT_STATUSES
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm, village_in_scope
from sispam.posko.web.common import command, may_change_unit, operation
from sispam.posko.web.deps import need
from sispam.posko.web.render import page

router = APIRouter()


def _units(state: Any, p: Principal) -> list[dict[str, Any]]:
    with state.lock:
        rows = [dict(u) for u in state.view("units").units.values()]
    if p.role in ("kapolsek", "reporter"):
        rows = [u for u in rows if any(village_in_scope(p.role, p.area, c) for c in u["posts"])]
    for u in rows:
        u["may_change"] = may_change_unit(p, u)
    return sorted(rows, key=lambda u: (u["agency"], u["kind"], u["name"]))


@router.get("/ops/{op_id}/units")
def units_page(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    meta, state = operation(request, op_id)
    return page(
        request,
        "units.html",
        op=meta,
        seq=state.seq,
        units=_units(state, p),
        statuses=UNIT_STATUSES,
        tab="units",
    )


@router.get("/ops/{op_id}/units/rows")
def units_rows(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    meta, state = operation(request, op_id)
    return page(request, "_unit_rows.html", op=meta, units=_units(state, p), statuses=UNIT_STATUSES)


@router.post("/ops/{op_id}/units/status")
async def unit_status(
    request: Request, op_id: str, p: Principal = need(Perm.UNIT_STATUS)
) -> Response:
    form = await request.form()
    payload = {"unit": form.get("unit", ""), "status": form.get("status", "")}
    if form.get("village"):
        payload["village"] = form.get("village")
    await command(request, op_id, "unit.status_set", payload, p)
    return RedirectResponse(f"/ops/{op_id}/units", 303)


@router.get("/api/v1/ops/{op_id}/units")
def units_api(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> dict[str, Any]:
    meta, state = operation(request, op_id)
    return {"operation": meta, "seq": state.seq, "units": _units(state, p)}
