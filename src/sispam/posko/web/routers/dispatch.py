"""Pengerahan (dispatch): the proposal for an incident (the nearest available reserve of the role
the level calls for, its ETA by the travel model and the villages its leaving uncovers), the
operator's one action that sends it, and a unit's next status (siaga → bergerak → tiba →
selesai), with positions that go stale."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sispam.i18n import t
from sispam.posko.day.events import Perm
from sispam.posko.day.pages import back, day_of, form, submit
from sispam.posko.day.service import act, dispatch_payload, proposal
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.web.deps import need
from sispam.posko.web.routers.incidents import incident_or_404

router = APIRouter()


@router.get("/api/v1/ops/{op_id}/incidents/{iid}/proposal")
def proposal_api(
    request: Request, op_id: str, iid: str, p: Principal = need(CorePerm.VIEW)
) -> dict[str, Any]:
    meta, state, day = day_of(request, op_id)
    with state.lock:
        incident_or_404(day, p, iid)
        return proposal(day, iid).model_dump(mode="json")


@router.post("/ops/{op_id}/incidents/{iid}/dispatch")
async def send(
    request: Request, op_id: str, iid: str, p: Principal = need(Perm.DISPATCH)
) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    chosen = f.get("element") or []
    chosen = [chosen] if isinstance(chosen, str) else list(chosen)
    with state.lock:
        incident_or_404(day, p, iid)
        payload = dispatch_payload(p, day, iid, chosen)
    await submit(request, op_id, "dispatch.sent", payload, p)
    return back(f"/ops/{op_id}/incidents/{iid}")


@router.post("/ops/{op_id}/elements/status")
async def element_status(
    request: Request, op_id: str, p: Principal = need(CorePerm.UNIT_STATUS)
) -> Response:
    """A reserve element's (or TNI unit's) next status, e.g. on scene (``tiba``)."""
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    key = str(f.get("element", ""))
    prev = day.latest.get(key)
    if prev is None:
        raise HTTPException(404, t("posko.error.no_unit", unit=key))
    payload = act(
        p,
        day,
        unit=prev.unit,
        element=prev.element,
        state=str(f.get("state", "")),
        lat=prev.lat,
        lng=prev.lng,
        stale_at=None,
        incident_id=prev.incident_id,
        village_code=prev.village_code,
        personnel=prev.personnel,
        note=str(f.get("note", ""))[:500],
    )
    ctx = day.ctx
    from datetime import datetime, timedelta

    if payload.get("lat") is not None:
        at = datetime.fromisoformat(payload["at"])
        payload["stale_at"] = (at + timedelta(minutes=ctx.settings.stale_min)).isoformat()  # type: ignore[union-attr]
    if payload["state"] == "siaga":
        payload["incident_id"] = None
    await submit(request, op_id, "unit.updated", payload, p)
    nxt = f.get("next") or (
        f"/ops/{op_id}/incidents/{prev.incident_id}" if prev.incident_id else f"/ops/{op_id}/units"
    )
    return back(str(nxt))
