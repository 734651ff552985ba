"""Pengendali latihan (the controller's screens): load or prepare the drill of an exercise
operation, run its clock (start, pause, resume, ×N, end), deliver injects by hand, add unscripted
ones, and see the schedule the server keeps. Only in an exercise operation; every action is an
event of its log."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from sispam.domain import SituationLevel
from sispam.domain.exercise import Exercise, InjectKind, InjectMethod, StoryStep
from sispam.i18n import get_language, t
from sispam.latihan.control import unscripted_inject
from sispam.latihan.eeg import TASKS
from sispam.latihan.settings import LatihanError
from sispam.posko.drill import control
from sispam.posko.drill.events import Perm
from sispam.posko.drill.load import load_drill, prepare_job
from sispam.posko.drill.times import local
from sispam.posko.drill.views import Drill
from sispam.posko.events import Principal
from sispam.posko.jobs import Jobs
from sispam.posko.web.common import operation
from sispam.posko.web.deps import need, posko_of
from sispam.posko.web.render import page

router = APIRouter()
MAX_UPLOAD = 5 * 1024 * 1024


def exercise_operation(request: Request, op_id: str) -> tuple[dict[str, Any], Any]:
    """An exercise operation's meta and state; a live operation has no drill (404)."""
    meta, state = operation(request, op_id)
    if not meta.get("exercise"):
        raise HTTPException(404, t("latihan.posko.error.live"))
    return meta, state


def jobs_of(request: Request) -> Jobs:
    if request.app.state.jobs is None:
        request.app.state.jobs = Jobs()
    return request.app.state.jobs


def back(request: Request, url: str) -> Response:
    """After a form: htmx swaps in the page again (no reload); a plain form is redirected."""
    if request.headers.get("hx-request") == "true":
        return Response(status_code=204, headers={"hx-refresh": "true"})
    return RedirectResponse(url, 303)


def _panel(request: Request, meta: dict[str, Any], state: Any, template: str) -> Response:
    with state.lock:
        drill: Drill = state.view("drill")
        info = control.status(drill)
        units = sorted(state.view("units").units)
    return page(
        request,
        template,
        op=meta,
        seq=state.seq,
        tab="drill",
        d=info,
        units=units,
        tasks=sorted(TASKS),
        steps=list(StoryStep),
        methods=list(InjectMethod),
        kinds=list(InjectKind),
        levels=[lv.value for lv in SituationLevel],
    )


@router.get("/ops/{op_id}/drill")
def controller_page(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    meta, state = exercise_operation(request, op_id)
    return _panel(request, meta, state, "drill/controller.html")


@router.get("/ops/{op_id}/drill/panel")
def controller_panel(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    meta, state = exercise_operation(request, op_id)
    return _panel(request, meta, state, "drill/_controller.html")


@router.get("/api/v1/ops/{op_id}/drill")
def drill_api(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> dict[str, Any]:
    _meta, state = exercise_operation(request, op_id)
    with state.lock:
        return control.status(state.view("drill"))


@router.post("/ops/{op_id}/drill/clock")
async def clock(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    exercise_operation(request, op_id)
    form = await request.form()
    payload: dict[str, Any] = {"action": str(form.get("action", ""))}
    speed = str(form.get("speed") or "").replace(",", ".").strip()
    if speed:
        try:
            payload["speed"] = float(speed)
        except ValueError:
            raise HTTPException(422, t("latihan.clock.bad_speed", speed=speed)) from None
    await control.clock(posko_of(request), op_id, payload, p)
    return back(request, f"/ops/{op_id}/drill")


@router.post("/ops/{op_id}/drill/deliver")
async def deliver(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    exercise_operation(request, op_id)
    form = await request.form()
    try:
        number = int(str(form.get("number", "")))
    except ValueError:
        raise HTTPException(422, t("posko.error.bad_request")) from None
    await control.deliver(posko_of(request), op_id, number, "hand", p)
    return back(request, f"/ops/{op_id}/drill")


@router.post("/ops/{op_id}/drill/unscripted")
async def unscripted(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    """An inject outside the script, numbered after the last and delivered at once."""
    _meta, state = exercise_operation(request, op_id)
    form = {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    with state.lock:
        drill: Drill = state.view("drill")
        if drill.exercise is None:
            raise HTTPException(409, t("latihan.posko.error.no_drill"))
        now = local(datetime.now(UTC), drill.offset)
        drill_now = drill.clock().drill_time(now)
        story = drill.story_time(now)
        injects = drill.injects()
        village = drill.exercise.village_code
    if drill_now is None or story is None:
        raise HTTPException(409, t("latihan.clock.not_started"))
    try:
        inject = unscripted_inject(
            injects,
            drill_time=drill_now.replace(microsecond=0),
            scenario_time=story.replace(microsecond=0),
            step=StoryStep(form.get("step", "")),
            sender=form.get("sender") or t("latihan.posko.ui.controller_name"),
            recipient=form.get("recipient", ""),
            method=InjectMethod(form.get("method", "")),
            message=form.get("message", ""),
            unit=form.get("unit", ""),
            task=form.get("task", ""),
            village_code=village,
            kind=InjectKind(form.get("kind") or "message"),
            level=SituationLevel(form["level"]) if form.get("level") else None,
            crowd=int(form["crowd"]) if form.get("crowd", "").isdigit() else None,
            expected_action=form.get("expected_action", ""),
        )
    except (ValueError, ValidationError, LatihanError) as exc:
        detail = exc.errors()[0]["loc"][0] if isinstance(exc, ValidationError) else str(exc)
        raise HTTPException(422, t("latihan.posko.error.bad_inject", detail=detail)) from None
    await control.deliver(posko_of(request), op_id, inject.number, "hand", p, unscripted=inject)
    return back(request, f"/ops/{op_id}/drill")


@router.post("/ops/{op_id}/drill/upload")
async def upload(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    """A drill package's ``latihan.json`` (from ``sispam latihan new``) into this exercise."""
    exercise_operation(request, op_id)
    form = await request.form()
    item = form.get("package")
    if item is None or not hasattr(item, "read"):
        raise HTTPException(400, t("posko.error.bad_request"))
    data = await item.read()  # type: ignore[union-attr]
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413)
    try:
        exercise = Exercise.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        detail = ".".join(str(x) for x in first.get("loc", ())) + ": " + first["msg"]
        raise HTTPException(422, t("latihan.posko.error.bad_package", detail=detail)) from None
    posko = posko_of(request)
    from starlette.concurrency import run_in_threadpool

    name = str(getattr(item, "filename", "latihan.json"))
    await run_in_threadpool(load_drill, posko, op_id, exercise, name, p)
    return back(request, f"/ops/{op_id}/drill")


@router.post("/ops/{op_id}/drill/prepare")
async def prepare(request: Request, op_id: str, p: Principal = need(Perm.CONTROL)) -> Response:
    """Prepare a drill from this operation's own scenario and plan, in a worker process."""
    _meta, state = exercise_operation(request, op_id)
    form = await request.form()
    start = str(form.get("start") or "").strip() or None
    if start:
        try:
            datetime.fromisoformat(start)
        except ValueError:
            raise HTTPException(422, t("posko.error.bad_request")) from None
    view = state.view("operation")
    posko = posko_of(request)

    def store(exercise_json: str) -> str:
        exercise = Exercise.model_validate(json.loads(exercise_json))
        load_drill(posko, op_id, exercise, "prepare", p)
        return op_id

    kwargs = {
        "scenario": view.scenario,
        "plan": view.plan,
        "village": str(form.get("village") or "").strip() or None,
        "start": start,
        "lang": get_language(),
    }
    target = f"{prepare_job.__module__}:{prepare_job.__name__}"
    job = jobs_of(request).submit(f"drill:{op_id}", target, kwargs, store, get_language())
    return RedirectResponse(f"/ops/{op_id}/drill/jobs/{job.id}", 303)


@router.get("/ops/{op_id}/drill/jobs/{job_id}")
def job_page(
    request: Request, op_id: str, job_id: int, p: Principal = need(Perm.CONTROL)
) -> Response:
    return drill_job_page(request, op_id, job_id, "drill", f"/ops/{op_id}/drill", "drill")


def drill_job_page(
    request: Request, op_id: str, job_id: int, kind: str, back: str, tab: str
) -> Response:
    """The progress of a drill's background job (``kind:op_id``): the page, or its fragment for
    htmx polling, which ends by linking ``back`` when the job is done."""
    meta, state = exercise_operation(request, op_id)
    job = jobs_of(request).get(job_id)
    if job is None or job.name != f"{kind}:{op_id}":
        raise HTTPException(404)
    fragment = request.headers.get("hx-request") == "true"
    return page(
        request,
        "drill/_job.html" if fragment else "drill/job.html",
        op=meta,
        seq=state.seq,
        job=job.as_json(),
        back=back,
        poll=str(request.url.path),
        tab=tab,
    )
