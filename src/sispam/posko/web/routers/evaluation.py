"""Evaluator latihan (the evaluator's screens): the EEGs with every critical task's observation
filled from the operation's log (times, drill minutes against the target, a suggested rating),
the evaluator's rating P/S/M/U, notes and corrective action per task, and tasks seen done outside
the Posko recorded with their time. Also the exercise record itself (JSON Lines) for the
command-line tools."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sispam.domain import Agency
from sispam.domain.exercise import Rating
from sispam.i18n import get_language, t
from sispam.latihan.events import events_jsonl
from sispam.posko.drill.evaluation import Evaluation, evaluation
from sispam.posko.drill.events import Perm
from sispam.posko.drill.times import hhmm, local
from sispam.posko.drill.views import Drill
from sispam.posko.events import Principal
from sispam.posko.web.common import command
from sispam.posko.web.deps import need, posko_of
from sispam.posko.web.render import page
from sispam.posko.web.routers.exercise import back, exercise_operation

router = APIRouter()


async def evaluation_of(request: Request, op_id: str) -> tuple[dict[str, Any], Any, Evaluation]:
    meta, state = exercise_operation(request, op_id)
    if state.view("drill").exercise is None:
        raise HTTPException(409, t("latihan.posko.error.no_drill"))
    posko, lang = posko_of(request), get_language()

    def build() -> Evaluation:
        events = posko.store.read(op_id, after=0, limit=state.seq or None)
        return evaluation(state, events, lang)

    return meta, state, await run_in_threadpool(build)


def rows(state: Any, seen: Evaluation) -> list[dict[str, Any]]:
    """One row per critical task, EEG by EEG: the observation with drill times beside wall times."""
    with state.lock:
        drill: Drill = state.view("drill")
        clock = drill.clock()
        reviews = dict(drill.reviews)
        meta = dict(drill.review_meta)
    out = []
    for r in seen.results:
        obs = r.observation

        def at(ref: Any) -> dict[str, Any] | None:
            if ref is None:
                return None
            drill_at = clock.drill_time(ref.time)
            return {
                "time": hhmm(ref.time, True),
                "drill": hhmm(drill_at),
                "seq": ref.seq,
                "iso": ref.time.isoformat(),
            }

        out.append(
            {
                "task": r.task,
                "obs": obs,
                "start": at(obs.start),
                "end": at(obs.end),
                "rating": r.rating.value,
                "rated_by": r.rated_by,
                "review": reviews.get(r.task.id),
                "review_meta": meta.get(r.task.id),
            }
        )
    return out


def _page(request: Request, template: str, meta: Any, state: Any, seen: Evaluation):  # type: ignore[no-untyped-def]
    tasks = rows(state, seen)
    caps = []
    for eeg in seen.exercise.eegs:
        caps.append((eeg.capability, [r for r in tasks if r["task"].capability == eeg.capability]))
    return page(
        request,
        template,
        op=meta,
        seq=state.seq,
        tab="evaluation",
        ex=seen.exercise,
        caps=caps,
        ratings=[r.value for r in Rating],
        agencies=[a.value for a in Agency],
    )


@router.get("/ops/{op_id}/drill/evaluation")
async def evaluation_page(
    request: Request, op_id: str, p: Principal = need(Perm.EVALUATE)
) -> Response:
    meta, state, seen = await evaluation_of(request, op_id)
    return _page(request, "drill/evaluation.html", meta, state, seen)


@router.get("/ops/{op_id}/drill/evaluation/eeg")
async def evaluation_rows(
    request: Request, op_id: str, p: Principal = need(Perm.EVALUATE)
) -> Response:
    meta, state, seen = await evaluation_of(request, op_id)
    return _page(request, "drill/_eeg.html", meta, state, seen)


@router.get("/api/v1/ops/{op_id}/drill/observations")
async def observations_api(
    request: Request, op_id: str, p: Principal = need(Perm.EVALUATE)
) -> dict[str, Any]:
    _meta, state, seen = await evaluation_of(request, op_id)
    return {
        "exercise": seen.exercise.title,
        "tasks": [
            {
                "task_id": r.task.id,
                "capability": r.task.capability.value,
                "unit": r.task.unit,
                "performed": r.observation.performed,
                "start": r.observation.start.model_dump(mode="json")
                if r.observation.start
                else None,
                "end": r.observation.end.model_dump(mode="json") if r.observation.end else None,
                "measured_min": r.observation.measured_min,
                "target_min": r.observation.target_min,
                "compressed": r.observation.compressed,
                "suggested": r.observation.suggested.value,
                "rating": r.rating.value,
                "rated_by": r.rated_by,
                "text": r.observation.text,
            }
            for r in seen.results
        ],
    }


@router.get("/api/v1/ops/{op_id}/drill/record")
async def record_api(request: Request, op_id: str, p: Principal = need(Perm.REPORT)) -> Response:
    """The exercise record (JSON Lines) as ``sispam latihan evaluate/anev --events`` reads it."""
    _meta, _state, seen = await evaluation_of(request, op_id)
    return Response(
        events_jsonl(seen.record),
        media_type="application/x-ndjson",
        headers={"content-disposition": f'attachment; filename="LATIHAN-{op_id}-rekaman.jsonl"'},
    )


@router.post("/ops/{op_id}/drill/evaluation/review")
async def review(request: Request, op_id: str, p: Principal = need(Perm.EVALUATE)) -> Response:
    exercise_operation(request, op_id)
    form = {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    payload: dict[str, Any] = {
        "task_id": form.get("task_id", ""),
        "rating": form.get("rating") or None,
        "notes": form.get("notes", ""),
        "improvement": form.get("improvement", ""),
        "owner": form.get("owner") or None,
        "due": form.get("due") or None,
    }
    await command(request, op_id, "drill.review_set", payload, p)
    return back(request, f"/ops/{op_id}/drill/evaluation#task-{payload['task_id']}")


@router.post("/ops/{op_id}/drill/evaluation/observed")
async def observed(request: Request, op_id: str, p: Principal = need(Perm.EVALUATE)) -> Response:
    """A task seen done (outside the Posko): now, or at the time the evaluator noted (HH:MM)."""
    _meta, state = exercise_operation(request, op_id)
    form = {k: str(v).strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    payload: dict[str, Any] = {"task_id": form.get("task_id", ""), "note": form.get("note", "")}
    if form.get("at"):
        try:
            when = time.fromisoformat(form["at"].replace(".", ":"))
        except ValueError:
            raise HTTPException(422, t("posko.error.bad_request")) from None
        today = local(datetime.now(UTC), state.view("drill").offset).date()
        payload["at"] = datetime.combine(today, when).isoformat()
    await command(request, op_id, "drill.observed", payload, p)
    return back(request, f"/ops/{op_id}/drill/evaluation#task-{payload['task_id']}")
