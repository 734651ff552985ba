"""What the election-day routers share: the day of a request's operation, commands from forms,
and the scoped views a role may see."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from sispam.posko.day.background import DayService
from sispam.posko.day.choices import in_scope
from sispam.posko.day.service import day_view
from sispam.posko.day.views import Day
from sispam.posko.events import Event, Principal, Refused
from sispam.posko.web.common import command, operation


def day_of(request: Request, op_id: str) -> tuple[dict[str, Any], Any, Day]:
    meta, state = operation(request, op_id)
    return meta, state, day_view(state)


def service(request: Request) -> DayService:
    return request.app.state.day


async def submit(
    request: Request, op_id: str, type_: str, payload: dict[str, Any], p: Principal
) -> Event:
    return await command(request, op_id, type_, payload, p)


async def form(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        return dict(await request.json())
    data = await request.form()
    out: dict[str, Any] = {}
    for k in data:
        values = data.getlist(k)
        out[k] = values if len(values) > 1 else values[0]
    return out


def back(url: str) -> Response:
    return RedirectResponse(url, 303)


def check_scope(p: Principal, code: str) -> None:
    if not in_scope(p, code):
        raise Refused("posko.error.out_of_scope", 403)


def number(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
