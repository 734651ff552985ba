"""Kejadian (incidents): the list, a new incident, an incident's page with everything one can do
about it (steps of its lifecycle, level decisions, dispatch, TNI perbantuan, mediation), and the
steps themselves. Every button a role sees is what the rules allow it now; the server checks
again (the writer's guard)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sispam.domain import PoskoRole
from sispam.domain.incident import Incident, IncidentAction, IncidentCategory
from sispam.i18n import t
from sispam.ops import (
    LEGAL_BASIS_DEFAULT,
    Refusal,
    allowed_actions,
    request_perbantuan,
)
from sispam.posko.day.choices import handover_choices, level_choices
from sispam.posko.day.events import Perm, may_read_notice
from sispam.posko.day.pages import (
    back,
    check_scope,
    day_of,
    form,
    in_scope,
    number,
    service,
    submit,
)
from sispam.posko.day.people import person_of
from sispam.posko.day.service import act, new_id, proposal
from sispam.posko.day.views import Day
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.permissions import allowed
from sispam.posko.web.deps import need
from sispam.posko.web.render import page

router = APIRouter()


def incident_rows(request: Request, op_id: str, p: Principal) -> list[dict[str, Any]]:
    meta, state, day = day_of(request, op_id)
    overdue = {a.incident_id: a for a in service(request).alerts_now(op_id, day)}
    with state.lock:
        rows = [
            {
                "i": inc,
                "level": day.situations[inc.village_code].level.value,
                "village": day.ctx.villages[inc.village_code].name,  # type: ignore[union-attr]
                "overdue": overdue.get(inc.id),
                "seq": day.seq_of.get(inc.id, 0),
            }
            for inc in day.incidents.values()
            if in_scope(p, inc.village_code)
        ]
    rows.sort(key=lambda r: (not r["i"].state.open, -r["i"].reported_at.timestamp()))
    return rows


@router.get("/ops/{op_id}/incidents")
def incidents_page(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> Response:
    meta, state, day = day_of(request, op_id)
    with state.lock:
        villages = sorted(
            (v for v in day.ctx.scenario.villages if in_scope(p, v.code)),  # type: ignore[union-attr]
            key=lambda v: (v.district_name, v.name),
        )
    return page(
        request,
        "day/incidents.html",
        op=meta,
        seq=state.seq,
        rows=incident_rows(request, op_id, p),
        villages=villages,
        categories=[c.value for c in IncidentCategory],
        may_open=allowed(p.role, Perm.INCIDENT_OPEN),
        notices=visible_notices(day, p)[:20],
        tab="incidents",
    )


@router.get("/ops/{op_id}/incidents/rows")
def incidents_rows(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> Response:
    meta, state, day = day_of(request, op_id)
    return page(request, "day/_incident_rows.html", op=meta, rows=incident_rows(request, op_id, p))


@router.post("/ops/{op_id}/incidents")
async def open_incident(
    request: Request, op_id: str, p: Principal = need(Perm.INCIDENT_OPEN)
) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    code = str(f.get("village_code", ""))
    check_scope(p, code)
    iid = str(f.get("id") or new_id("inc"))
    payload = act(
        p,
        day,
        id=iid,
        village_code=code,
        category=f.get("category", "other"),
        crowd=number(f.get("crowd")),
        tps=number(f.get("tps")),
        description=str(f.get("description", ""))[:2000],
        report_ids=[r for r in str(f.get("report_ids", "")).split(",") if r],
    )
    await submit(request, op_id, "incident.opened", payload, p)
    return back(f"/ops/{op_id}/incidents/{iid}")


def incident_or_404(day: Day, p: Principal, iid: str) -> Incident:
    inc = day.incidents.get(iid)
    if inc is None:
        raise HTTPException(404, t("posko.day.error.no_incident", id=iid))
    check_scope(p, inc.village_code)
    return inc


def visible_notices(day: Day, p: Principal) -> list[Any]:
    found = [n for n in day.notices.values() if may_read_notice(p.role, p.area, n)]
    return sorted(found, key=lambda n: (n.acknowledged_at is not None, n.at), reverse=False)


def incident_context(request: Request, op_id: str, iid: str, p: Principal) -> dict[str, Any]:
    meta, state, day = day_of(request, op_id)
    now = day.now()
    with state.lock:
        inc = incident_or_404(day, p, iid)
        ctx = day.ctx
        assert ctx is not None
        sit = day.situations[inc.village_code]
        who = person_of(p)
        peak = day.peak(inc, now)
        actions = (
            [a.value for a in allowed_actions(inc, who, peak_level=peak, authority=ctx.authority)]
            if allowed(p.role, Perm.INCIDENT_ACT)
            else []
        )
        reports = [day.reports[r] for r in inc.report_ids if r in day.reports]
        dispatches = [d for d in day.dispatches if d.incident_id == inc.id]
        latest = day.element_status()
        units = []
        for d in dispatches:
            s = latest.get(d.element)
            units.append({"d": d, "s": s, "stale": bool(s and s.is_stale(now))})
        requests = [
            r
            for r in day.perbantuan.values()
            if r.incident_id == inc.id
            or (r.village_code == inc.village_code and r.incident_id is None)
        ]
        mediations = [m for m in day.mediations if m.incident_id == inc.id]
        prop = None
        if inc.state.open and (
            allowed(p.role, Perm.DISPATCH)
            or p.role in ("kapolres", "kapolsek", "operator", "observer")
        ):
            prop = proposal(day, inc.id, now=now)
        names = {c: v.name for c, v in ctx.villages.items()}
        may_request = allowed(p.role, Perm.PERBANTUAN_REQUEST) and not isinstance(
            request_perbantuan(sit, who, now, "x"), Refusal
        )
        tni_units = [u for u in state.view("units").units.values() if u["agency"] == "tni"]
        overdue = [a for a in service(request).alerts_now(op_id, day) if a.incident_id == inc.id]
    return {
        "op": meta,
        "seq": state.seq,
        "inc": inc,
        "sit": sit,
        "peak": peak.value,
        "village": ctx.villages[inc.village_code],
        "names": names,
        "actions": actions,
        "levels": level_choices(day, p, inc.village_code, now),
        "handovers": handover_choices(day, p, inc.village_code, now),
        "reports": reports,
        "units": units,
        "proposal": prop,
        "may_dispatch": allowed(p.role, Perm.DISPATCH),
        "is_tni": p.role == PoskoRole.TNI,
        "may_unit": allowed(p.role, CorePerm.UNIT_STATUS),
        "requests": requests,
        "may_request": may_request,
        "may_decide": allowed(p.role, Perm.PERBANTUAN_DECIDE),
        "legal_basis": LEGAL_BASIS_DEFAULT,
        "tni_units": tni_units,
        "mediations": mediations,
        "may_mediate": allowed(p.role, Perm.MEDIATION),
        "overdue": overdue[0] if overdue else None,
        "promised": ctx.promised.get(inc.village_code),
        "tab": "incidents",
    }


@router.get("/ops/{op_id}/incidents/{iid}")
def incident_page(
    request: Request, op_id: str, iid: str, p: Principal = need(CorePerm.VIEW)
) -> Response:
    ctx = incident_context(request, op_id, iid, p)
    fragment = request.headers.get("hx-request") == "true"
    return page(request, "day/_incident.html" if fragment else "day/incident.html", **ctx)


@router.post("/ops/{op_id}/incidents/{iid}/step")
async def incident_step(
    request: Request, op_id: str, iid: str, p: Principal = need(Perm.INCIDENT_ACT)
) -> Response:
    meta, state, day = day_of(request, op_id)
    inc = incident_or_404(day, p, iid)
    f = await form(request)
    action = IncidentAction(str(f.get("action", "")))
    units: list[str] = []
    if action is IncidentAction.RESPOND:
        units = sorted({d.unit for d in day.dispatches if d.incident_id == iid}) or [
            u.strip() for u in str(f.get("units", "")).split(",") if u.strip()
        ]
    payload = act(
        p,
        day,
        incident_id=iid,
        village_code=inc.village_code,
        action=action.value,
        note=str(f.get("note", "")),
        outcome=str(f.get("outcome", "")),
        units=units,
    )
    await submit(request, op_id, "incident.transition", payload, p)
    return back(f"/ops/{op_id}/incidents/{iid}")


@router.get("/api/v1/ops/{op_id}/incidents")
def incidents_api(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> dict:
    rows = incident_rows(request, op_id, p)
    return {
        "incidents": [
            {
                **r["i"].model_dump(mode="json", exclude={"history"}),
                "level": r["level"],
                "overdue": r["overdue"].model_dump(mode="json") if r["overdue"] else None,
            }
            for r in rows
        ]
    }
