"""Status situasi (levels): a level decided for an incident's village — raise or lower, with a
reason and, optionally, the report it rests on (which a person must stand behind) — and control
handed up or down by a named decision. The scenario's authority matrix decides (``sispam.ops``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sispam.posko.day.events import Perm
from sispam.posko.day.pages import back, check_scope, day_of, form, submit
from sispam.posko.day.service import act, decision_id
from sispam.posko.events import Principal
from sispam.posko.web.deps import need

router = APIRouter()


@router.post("/ops/{op_id}/villages/{code}/decide")
async def decide(
    request: Request, op_id: str, code: str, p: Principal = need(Perm.LEVEL)
) -> Response:
    meta, state, day = day_of(request, op_id)
    check_scope(p, code)
    f = await form(request)
    now = day.now()
    payload = act(
        p,
        day,
        id=decision_id(code, now, p.username),
        village_code=code,
        to=str(f.get("to", "")),
        reason=str(f.get("reason", "")).strip() or "-",
        incident_id=f.get("incident_id") or None,
        report_id=f.get("report_id") or None,
    )
    await submit(request, op_id, "situation.decided", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/villages/{code}"))


@router.post("/ops/{op_id}/villages/{code}/handover")
async def handover(
    request: Request, op_id: str, code: str, p: Principal = need(Perm.LEVEL)
) -> Response:
    meta, state, day = day_of(request, op_id)
    check_scope(p, code)
    f = await form(request)
    payload = act(
        p,
        day,
        id=decision_id(code, day.now(), p.username + "/ctl"),
        village_code=code,
        to=str(f.get("to", "")),
        reason=str(f.get("reason", "")).strip() or "-",
        incident_id=f.get("incident_id") or None,
    )
    await submit(request, op_id, "situation.handover", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/villages/{code}"))
