"""The core projections follow election day: a decision sets the board's level like the core
level command does, and dispatches, unit statuses and TNI deployments move the core units view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sispam.posko.events import Event
from sispam.posko.projections import Projection
from sispam.posko.views import Board, Units


def _board_level(board: Board, ev: Event) -> None:
    v = board.villages.get(ev.payload["village_code"])
    if v is not None:
        v.update(
            level=ev.payload["to"],
            level_reason=ev.payload["reason"],
            level_by=ev.payload["by"]["name"],
            level_at=ev.ts,
            seq=ev.seq,
        )


def _board_control(board: Board, ev: Event) -> None:
    v = board.villages.get(ev.payload["village_code"])
    if v is not None:
        v["control"] = ev.payload["to"]
        v["seq"] = ev.seq


def _move(units: Units, ev: Event, name: str, status: str, p: dict) -> None:
    u = units.units.get(name)
    if u is None:
        return
    u.update(status=status, note=p.get("note", ""), updated_by=ev.actor, updated_at=ev.ts)
    if p.get("village_code"):
        u["village"] = p["village_code"]
    if p.get("lat") is not None and p.get("lng") is not None:
        u["lat"], u["lng"] = p["lat"], p["lng"]
    u["incident_id"] = p.get("incident_id") if status in ("bergerak", "tiba") else None
    u["stale_at"] = p.get("stale_at")


def _unit(units: Units, ev: Event) -> None:
    _move(units, ev, ev.payload["unit"], ev.payload["state"], ev.payload)


def _dispatched(units: Units, ev: Event) -> None:
    for s in ev.payload["statuses"]:
        _move(units, ev, s["unit"], s["state"], s)


def _deployed(units: Units, ev: Event) -> None:
    p = dict(ev.payload, note=ev.payload.get("commander", ""))
    _move(units, ev, p["unit"], "bergerak", p)


# (projection, event type, handler): applied by sispam.posko.catalog, in this order.
HOOKS: tuple[tuple[type[Projection], str, Callable[[Any, Event], None]], ...] = (
    (Board, "situation.decided", _board_level),
    (Board, "situation.handover", _board_control),
    (Units, "unit.updated", _unit),
    (Units, "dispatch.sent", _dispatched),
    (Units, "perbantuan.deployed", _deployed),
)
