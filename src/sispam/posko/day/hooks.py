"""The core projections follow election day: a decision sets the board's level like the core
level command does, and dispatches, unit statuses and TNI deployments move the core units view."""

from __future__ import annotations

from sispam.posko.events import Event
from sispam.posko.views import Board, Units


@Board.on("situation.decided")
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


@Board.on("situation.handover")
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


@Units.on("unit.updated")
def _unit(units: Units, ev: Event) -> None:
    _move(units, ev, ev.payload["unit"], ev.payload["state"], ev.payload)


@Units.on("dispatch.sent")
def _dispatched(units: Units, ev: Event) -> None:
    for s in ev.payload["statuses"]:
        _move(units, ev, s["unit"], s["state"], s)


@Units.on("perbantuan.deployed")
def _deployed(units: Units, ev: Event) -> None:
    p = dict(ev.payload, note=ev.payload.get("commander", ""))
    _move(units, ev, p["unit"], "bergerak", p)
