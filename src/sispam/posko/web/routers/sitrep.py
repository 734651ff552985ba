"""Laporan situasi dan catatan kegiatan (sitreps and the activity record): asked on demand or by
the server at the operation's cut-off times, rendered from the log in the worker (PDF through
Typst, XLSX), listed with their SHA-256 and downloadable; an exercise's files start with
``LATIHAN-``."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from sispam.i18n import get_language, t
from sispam.posko.day.events import Perm
from sispam.posko.day.pages import back, day_of, form, service
from sispam.posko.day.people import person_of
from sispam.posko.day.service import new_id
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.permissions import allowed
from sispam.posko.web.deps import need
from sispam.posko.web.render import page

router = APIRouter()
MEDIA = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/ops/{op_id}/sitreps")
def sitreps_page(request: Request, op_id: str, p: Principal = need(CorePerm.LOG_READ)) -> Response:
    meta, state, day = day_of(request, op_id)
    with state.lock:
        rows = sorted(day.sitreps.values(), key=lambda r: r["requested_seq"], reverse=True)
        cutoffs = day.ctx.settings.sitrep_times  # type: ignore[union-attr]
    return page(
        request,
        "day/sitreps.html",
        op=meta,
        seq=state.seq,
        rows=rows,
        cutoffs=cutoffs,
        now=day.now().isoformat(timespec="minutes"),
        may_request=allowed(p.role, Perm.SITREP),
        tab="sitreps",
    )


@router.post("/ops/{op_id}/sitreps")
async def request_sitrep(
    request: Request, op_id: str, p: Principal = need(Perm.SITREP)
) -> Response:
    meta, state, day = day_of(request, op_id)
    f = await form(request)
    kind = "activity" if f.get("kind") == "activity" else "sitrep"
    cut = day.now()
    if f.get("cut_off"):
        try:
            cut = datetime.fromisoformat(str(f["cut_off"]))
        except ValueError:
            raise HTTPException(422, t("posko.error.bad_request")) from None
    await service(request).request_sitrep(
        op_id,
        new_id(kind),
        kind,
        cut,
        by=person_of(p).model_dump(mode="json"),
        principal=p,
        lang=get_language(),
    )
    return back(f"/ops/{op_id}/sitreps")


@router.get("/ops/{op_id}/sitreps/{sid}/{name}")
async def download(
    request: Request, op_id: str, sid: str, name: str, p: Principal = need(CorePerm.LOG_READ)
) -> Response:
    day_of(request, op_id)
    data = await service(request).file(op_id, sid, name)
    if data is None:
        raise HTTPException(404, t("posko.day.error.no_sitrep", id=f"{sid}/{name}"))
    suffix = name[name.rfind(".") :]
    return Response(
        data,
        media_type=MEDIA.get(suffix, "application/octet-stream"),
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
