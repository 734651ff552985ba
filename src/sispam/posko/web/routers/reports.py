"""Laporan lapangan di Posko (field reports in the Posko): every report and text message as it
came (the raw text beside what was read), the merged record per TPS with its confidence and
conflicts, and a person's check of a machine reading (confirm, correct, reject, rumour)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sispam.i18n import t
from sispam.ops.board import tps_lines
from sispam.posko.day.events import Perm
from sispam.posko.day.pages import back, check_scope, day_of, form, in_scope, number, submit
from sispam.posko.day.service import act, field_report
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.permissions import allowed
from sispam.posko.web.deps import need
from sispam.posko.web.render import page

router = APIRouter()
SHOW = 200


def _tps(day: Any, p: Principal) -> list[Any]:
    lines = tps_lines(day.ctx.scenario, day.reports.values(), day.now(), day.ctx.settings)
    return [ln for ln in lines if in_scope(p, ln.village_code)]


@router.get("/ops/{op_id}/reports")
def reports_page(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> Response:
    meta, state, day = day_of(request, op_id)
    with state.lock:
        reports = [r for r in day.reports.values() if in_scope(p, r.village_code)]
        reports.sort(key=lambda r: r.received_at, reverse=True)
        messages = (
            list(reversed(day.messages))[:SHOW] if p.role not in ("reporter", "kapolsek") else []
        )
        tps = _tps(day, p)
    waiting = [r for r in reports if r.review.value == "machine_read"]
    counts: dict[str, int] = {}
    for ln in tps:
        key = ln.status.value if ln.status else "-"
        counts[key] = counts.get(key, 0) + 1
    return page(
        request,
        "day/reports.html",
        op=meta,
        seq=state.seq,
        reports=reports[:SHOW],
        total=len(reports),
        waiting=waiting[:SHOW],
        messages=messages,
        tps=[ln for ln in tps if ln.reports][:SHOW],
        counts=counts,
        names={c: v.name for c, v in day.ctx.villages.items()},
        may_review=allowed(p.role, Perm.REVIEW),
        tab="reports",
    )


@router.post("/ops/{op_id}/reports/{rid}/review")
async def review(
    request: Request, op_id: str, rid: str, p: Principal = need(Perm.REVIEW)
) -> Response:
    meta, state, day = day_of(request, op_id)
    r = day.reports.get(rid)
    if r is None:
        raise HTTPException(404, t("posko.day.error.no_report", id=rid))
    check_scope(p, r.village_code)
    f = await form(request)
    verdict = str(f.get("verdict", "confirm"))
    corrections: dict[str, Any] = {}
    for key in ("status", "category", "suggested_level", "note"):
        if f.get(key):
            corrections[key] = str(f[key])
    for key in ("tps", "personnel", "crowd"):
        if number(f.get(key)) is not None:
            corrections[key] = number(f.get(key))
    payload = act(
        p,
        day,
        report_id=rid,
        village_code=r.village_code,
        accept=verdict != "reject",
        corrections=corrections or None,
        rumour=True if verdict == "rumour" else (False if verdict == "not_rumour" else None),
    )
    await submit(request, op_id, "report.reviewed", payload, p)
    return back(str(f.get("next") or f"/ops/{op_id}/reports"))


@router.post("/ops/{op_id}/reports")
async def enter_report(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    """A report typed in by a person at the Posko (e.g. from the radio net)."""
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    f.setdefault("id", f"radio-{__import__('uuid').uuid4().hex[:16]}")
    f["channel"] = f.get("channel") or "radio"
    payload = field_report(p, day, f)
    await submit(request, op_id, "report.received", payload, p)
    return back(f"/ops/{op_id}/reports")


@router.get("/api/v1/ops/{op_id}/reports")
def reports_api(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> dict:
    meta, state, day = day_of(request, op_id)
    with state.lock:
        reports = [
            r.model_dump(mode="json") for r in day.reports.values() if in_scope(p, r.village_code)
        ]
        tps = [ln.model_dump(mode="json") for ln in _tps(day, p) if ln.reports]
    return {"seq": state.seq, "reports": reports, "tps": tps}
