"""Helpers the routers share: the operation of a request, commands, scoped views."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request

from sispam.domain import SituationLevel
from sispam.domain.doctrine import DEFAULT_CONTROL, ROLE_COMMAND, may_raise
from sispam.i18n import t
from sispam.posko import catalog
from sispam.posko.events import Event, Principal, Refused
from sispam.posko.permissions import allowed, unit_in_scope, village_in_scope
from sispam.posko.states import OperationState
from sispam.posko.web.deps import Forbidden, posko_of


def operation(request: Request, op_id: str) -> tuple[dict[str, Any], OperationState]:
    """The operation's meta and live state; 404 for an unknown id."""
    posko = posko_of(request)
    if op_id.startswith("_") or posko.operation(op_id) is None:
        raise HTTPException(404, t("posko.error.no_operation", id=op_id))
    state = posko.state(op_id)
    return state.view("operation").meta, state


async def command(
    request: Request, op_id: str, type_: str, payload: dict[str, Any], p: Principal
) -> Event:
    """Submit one command: the type's permission, then the writer's guard (authority, scope)."""
    operation(request, op_id)
    et = catalog.get(type_)
    if et.permission is None or not allowed(p.role, et.permission):
        raise Forbidden
    return await posko_of(request).submit(op_id, type_, payload, p)


def visible_villages(state: OperationState, p: Principal) -> list[dict[str, Any]]:
    with state.lock:
        rows = [dict(v) for v in state.view("board").villages.values()]
    return [v for v in rows if village_in_scope(p.role, p.area, v["code"])]


def village_or_404(state: OperationState, p: Principal, code: str) -> dict[str, Any]:
    with state.lock:
        v = state.view("board").villages.get(code)
        v = dict(v) if v else None
    if v is None:
        raise HTTPException(404, t("posko.error.no_village", village=code))
    if not village_in_scope(p.role, p.area, code):
        raise Forbidden
    return v


def level_options(
    p: Principal, village: dict[str, Any], state: OperationState | None = None
) -> list[str]:
    """The levels this account may set for the village now (the buttons it sees); the writer's
    guard applies the same rule — election day's authority matrix when the state has it."""
    day = state.views.get("day") if state is not None else None
    if day is not None and day.ctx is not None:
        from sispam.posko.day.choices import level_choices

        with state.lock:  # type: ignore[union-attr]
            return level_choices(day, p, village["code"], day.now())
    if not allowed(p.role, "village.level") or not village_in_scope(
        p.role, p.area, village["code"]
    ):
        return []
    current = SituationLevel(village["level"])
    command_level = ROLE_COMMAND.get(p.role)  # type: ignore[call-overload]
    out = []
    for to in SituationLevel:
        if (
            to.rank > current.rank
            and may_raise(command_level, to)
            or (
                to.rank < current.rank
                and command_level is not None
                and command_level.rank >= DEFAULT_CONTROL[current].rank
            )
        ):
            out.append(to.value)
    return out


def may_change_unit(p: Principal, unit: dict[str, Any]) -> bool:
    return allowed(p.role, "unit.status") and unit_in_scope(p.role, p.agency, unit["kind"])


def refused_response(exc: Refused) -> HTTPException:
    return HTTPException(exc.status, exc.message())
