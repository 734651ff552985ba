"""Prakiraan langsung (the live forecast): the contingency model run forward from the current
board in the worker — at most once a minute while someone looks, and on demand — per village the
probability of merah within two hours and the one reserve move that most lowers the regency's.
A model estimate, labelled so wherever it shows."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sispam.i18n import t
from sispam.posko.day.events import Perm
from sispam.posko.day.pages import day_of, in_scope, service
from sispam.posko.events import Principal
from sispam.posko.permissions import Perm as CorePerm
from sispam.posko.web.deps import need

router = APIRouter()


@router.get("/api/v1/ops/{op_id}/forecast")
def latest(request: Request, op_id: str, p: Principal = need(CorePerm.VIEW)) -> dict[str, Any]:
    """The latest forecast (villages outside a scoped role's area left out); opening it keeps
    the minute-by-minute forecast running for this operation."""
    day_of(request, op_id)
    svc = service(request)
    svc.watched[op_id] = time.monotonic()
    found = svc.forecasts.get(op_id)
    if found is None:
        svc.forecast(op_id)
    out: dict[str, Any] = {
        "label": t("sim.forecast.label"),
        "estimate": True,
        "running": op_id in svc.forecast_running,
    }
    if found is not None and "forecast" in found:
        fc = dict(found["forecast"])
        fc["villages"] = [v for v in fc["villages"] if in_scope(p, v["code"])]
        if p.role in ("reporter", "kapolsek"):
            fc["best_move"] = None
        out.update(forecast=fc, seq=found["seq"], seconds=found["seconds"])
    elif found is not None:
        out["error"] = found.get("error", "")
    return out


@router.post("/api/v1/ops/{op_id}/forecast")
def run_now(request: Request, op_id: str, p: Principal = need(Perm.FORECAST)) -> Response:
    day_of(request, op_id)
    svc = service(request)
    svc.watched[op_id] = time.monotonic()
    started = svc.forecast(op_id, force=True)
    return JSONResponse({"started": started, "running": op_id in svc.forecast_running}, 202)
