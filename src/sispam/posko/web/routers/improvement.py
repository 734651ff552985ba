"""Anev dan rencana perbaikan (the After-Action Report and Improvement Plan in the Posko): the
Improvement Plan of the drill — one item per task rated S, M or U, with owner agency, due date and
status — editable here until each item is closed (TNI and Pemkab edit their own agency's items);
and the Anev rendered from the log in a worker process (Indonesian or English), to download."""

from __future__ import annotations

import io
import zipfile
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from sispam.domain import Agency
from sispam.i18n import t
from sispam.posko.drill.anev import PREFIX
from sispam.posko.drill.events import Perm, owner_of
from sispam.posko.drill.views import Drill
from sispam.posko.events import Principal
from sispam.posko.permissions import allowed
from sispam.posko.web.common import command
from sispam.posko.web.deps import need, posko_of
from sispam.posko.web.render import page
from sispam.posko.web.routers.evaluation import evaluation_of
from sispam.posko.web.routers.exercise import back, drill_job_page, exercise_operation, jobs_of

router = APIRouter()
KEEP = 8  # rendered Anevs kept in memory per process (re-render after a restart)
STATUSES = ("open", "in_progress", "closed")


def _files(request: Request) -> OrderedDict[tuple[str, int], dict[str, bytes]]:
    found = getattr(request.app.state, "drill_files", None)
    if found is None:
        found = request.app.state.drill_files = OrderedDict()
    return found


@router.get("/ops/{op_id}/drill/improvement")
async def improvement_page(
    request: Request, op_id: str, p: Principal = need(Perm.IMPROVE)
) -> Response:
    meta, state, seen = await evaluation_of(request, op_id)
    with state.lock:
        drill: Drill = state.view("drill")
        owners = {i.task_id: owner_of(drill, i.task_id) for i in seen.improvements}
    scoped = p.role in ("tni", "pemkab")
    items = [
        {
            "item": i,
            "edit": seen.edits.get(i.task_id, {}),
            "may_edit": i.status != "closed" and (not scoped or owners[i.task_id] == p.agency),
        }
        for i in seen.improvements
    ]
    return page(
        request,
        "drill/improvement.html",
        op=meta,
        seq=state.seq,
        tab="improvement",
        ex=seen.exercise,
        items=items,
        statuses=STATUSES,
        agencies=[a.value for a in Agency],
        scoped=scoped,
    )


@router.post("/ops/{op_id}/drill/improvement")
async def improvement_set(
    request: Request, op_id: str, p: Principal = need(Perm.IMPROVE)
) -> Response:
    exercise_operation(request, op_id)
    form = {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    payload: dict[str, Any] = {"task_id": form.get("task_id", "")}
    for key in ("action", "owner", "due", "status"):
        if form.get(key):
            payload[key] = form[key]
    await command(request, op_id, "drill.improvement_set", payload, p)
    return back(request, f"/ops/{op_id}/drill/improvement")


@router.get("/ops/{op_id}/drill/anev")
def anev_page(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    meta, state = exercise_operation(request, op_id)
    with state.lock:
        drill: Drill = state.view("drill")
        rendered = list(reversed(drill.anev))
        loaded = drill.exercise is not None
    kept = _files(request)
    for r in rendered:
        r["kept"] = (op_id, r["job"]) in kept
    return page(
        request,
        "drill/anev.html",
        op=meta,
        seq=state.seq,
        tab="anev",
        rendered=rendered,
        loaded=loaded,
        may_improve=allowed(p.role, Perm.IMPROVE),
    )


@router.post("/ops/{op_id}/drill/anev")
async def anev_render(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    """Render the Anev from the log in a worker; the files are kept here, the log records their
    names and SHA-256 (``drill.anev_ready``)."""
    import hashlib

    _meta, state = exercise_operation(request, op_id)
    if state.view("drill").exercise is None:
        raise HTTPException(409, t("latihan.posko.error.no_drill"))
    form = await request.form()
    lang = str(form.get("lang") or "id")  # the Anev is Indonesian unless English is asked for
    lang = lang if lang in ("id", "en") else "id"
    posko = posko_of(request)
    kept = _files(request)
    jobs = jobs_of(request)
    holder: dict[str, int] = {}

    def done(files: dict[str, bytes]) -> int:
        job = holder["job"]
        kept[(op_id, job)] = files
        while len(kept) > KEEP:
            kept.popitem(last=False)
        listing = [
            {"name": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
            for n, b in sorted(files.items())
        ]
        posko.append(op_id, "drill.anev_ready", {"job": job, "lang": lang, "files": listing}, p)
        return job

    kwargs = {"url": posko.url, "operation": op_id, "lang": lang}
    job = jobs.submit(f"anev:{op_id}", "sispam.posko.drill.anev:render", kwargs, done, lang)
    holder["job"] = job.id
    return RedirectResponse(f"/ops/{op_id}/drill/anev/jobs/{job.id}", 303)


@router.get("/ops/{op_id}/drill/anev/jobs/{job_id}")
def anev_job(
    request: Request, op_id: str, job_id: int, p: Principal = need(Perm.REPORT)
) -> Response:
    return drill_job_page(request, op_id, job_id, "anev", f"/ops/{op_id}/drill/anev", "anev")


@router.get("/ops/{op_id}/drill/anev.zip")
def anev_zip(
    request: Request, op_id: str, job: int = 0, p: Principal = need(Perm.REPORT)
) -> Response:
    """The rendered Anev's files (``LATIHAN-…``) as one zip."""
    exercise_operation(request, op_id)
    files = _files(request).get((op_id, job))
    if files is None:
        raise HTTPException(404, t("latihan.posko.error.anev_gone"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in sorted(files.items()):
            zf.writestr(name, content)
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{PREFIX}{op_id}-anev-{job}.zip"'},
    )
