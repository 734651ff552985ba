"""Operasi: the list of operations (live apart from exercises) and an operation's home."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from sispam.posko.events import Principal
from sispam.posko.permissions import Perm
from sispam.posko.web.common import operation
from sispam.posko.web.deps import need, posko_of
from sispam.posko.web.render import page

router = APIRouter()


@router.get("/")
def home(request: Request, p: Principal = need(Perm.VIEW)) -> Response:
    ops = posko_of(request).store.operations()
    live = [o for o in ops if not o["exercise"]]
    drills = [o for o in ops if o["exercise"]]
    if len(ops) == 1:
        return RedirectResponse(f"/ops/{ops[0]['id']}/map", 303)
    return page(request, "operations.html", live=live, drills=drills)


@router.get("/ops/{op_id}")
def operation_home(request: Request, op_id: str, p: Principal = need(Perm.VIEW)) -> Response:
    operation(request, op_id)
    return RedirectResponse(f"/ops/{op_id}/map", 303)


@router.get("/api/v1/ops")
def operations_api(request: Request, p: Principal = need(Perm.VIEW)) -> list[dict]:
    return posko_of(request).store.operations()
