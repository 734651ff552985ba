"""Hari-H tiruan (the replay of a simulated day): the example run of a contingency simulation,
told as Posko records by :func:`sispam.ops.simulated_day`, played into an exercise operation at a
chosen speed so a newcomer can watch the board work.

Every item becomes the event a person would have caused, in that person's name, through the
same registry and guards as election day (the server acts for them, so the rules of the item's
person — not of an account — apply). The exercise's clock is set to the simulated time
(``clock.set``), so pages, alerts and sitreps run on the story's time."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sispam.domain import SimResult
from sispam.domain.incident import DecisionKind, IncidentAction
from sispam.ops import ReplayItem, simulated_day
from sispam.posko.events import SYSTEM, Principal, Refused


def actor(item: ReplayItem) -> Principal:
    """The item's person as the author of its event (``account_id`` and role empty: the server
    writes it; the person and role travel in the payload)."""
    return Principal(item.actor.name[:64])


def _by(item: ReplayItem) -> dict[str, Any]:
    return item.actor.model_dump(mode="json")


def events_of(item: ReplayItem, day: Any) -> list[tuple[str, dict[str, Any]]]:
    """The events one replay item becomes, given what the operation already holds."""
    at, by = item.at.isoformat(), _by(item)
    if item.report is not None:
        r = item.report
        if r.id not in day.reports:
            return [("report.received", r.model_dump(mode="json"))]
        known = day.reports[r.id]
        if known.review != r.review or known.rumour != r.rumour:
            return [
                (
                    "report.reviewed",
                    {
                        "at": at,
                        "by": by,
                        "report_id": r.id,
                        "village_code": r.village_code,
                        "accept": r.review.value != "rejected",
                        "rumour": r.rumour if known.rumour != r.rumour else None,
                    },
                )
            ]
        return []
    if item.kind == "incident" and item.incident is not None:
        inc = item.incident
        if inc.id in day.incidents:
            return []
        return [
            (
                "incident.opened",
                {
                    "at": at,
                    "by": by,
                    "id": inc.id,
                    "village_code": inc.village_code,
                    "category": inc.category.value,
                    "tps": inc.tps,
                    "crowd": inc.crowd,
                    "lat": inc.lat,
                    "lng": inc.lng,
                    "description": inc.description,
                    "report_ids": [r for r in inc.report_ids if r in day.reports],
                },
            )
        ]
    if item.incident is not None and item.action is not None:
        inc, step = item.incident, item.incident.history[-1]
        return [
            (
                "incident.transition",
                {
                    "at": step.at.isoformat(),
                    "by": step.by.model_dump(mode="json"),
                    "incident_id": inc.id,
                    "village_code": inc.village_code,
                    "action": item.action.value,
                    "note": step.note if item.action is not IncidentAction.CLOSE else "",
                    "outcome": inc.outcome if item.action is IncidentAction.CLOSE else "",
                    "units": list(step.units),
                },
            )
        ]
    if item.decision is not None:
        d = item.decision
        common = {
            "at": d.at.isoformat(),
            "by": d.by.model_dump(mode="json"),
            "id": d.id,
            "village_code": d.village_code,
            "reason": d.reason,
            "incident_id": d.incident_id if d.incident_id in day.incidents else None,
        }
        if d.kind is DecisionKind.HANDOVER:
            return [("situation.handover", {**common, "to": d.control_to.value})]
        return [
            (
                "situation.decided",
                {
                    **common,
                    "to": d.to_level.value,
                    "report_id": d.report_id if d.report_id in day.reports else None,
                },
            )
        ]
    if item.dispatch is not None:
        d = item.dispatch
        return [
            (
                "dispatch.sent",
                {
                    "at": d.at.isoformat(),
                    "by": d.by.model_dump(mode="json"),
                    "incident_id": d.incident_id,
                    "village_code": d.village_code,
                    "level": d.level.value,
                    "dispatches": [d.model_dump(mode="json")],
                    "statuses": [],
                },
            )
        ]
    if item.unit is not None:
        status = item.unit.model_dump(mode="json")
        if status.get("incident_id") not in day.incidents:  # moving before the Posko knew of it
            status["incident_id"] = None
        return [("unit.updated", status)]
    if item.perbantuan is not None:
        return _perbantuan(item, day)
    return []


def _perbantuan(item: ReplayItem, day: Any) -> list[tuple[str, dict[str, Any]]]:
    req = item.perbantuan
    assert req is not None
    known = day.perbantuan.get(req.id)
    out: list[tuple[str, dict[str, Any]]] = []
    if known is None:
        out.append(
            (
                "perbantuan.requested",
                {
                    "at": req.at.isoformat(),
                    "by": req.requested_by.model_dump(mode="json"),
                    "id": req.id,
                    "village_code": req.village_code,
                    "reason": req.reason,
                    "asked": req.asked,
                    "incident_id": req.incident_id if req.incident_id in day.incidents else None,
                },
            )
        )
    if req.decision is not None and (known is None or known.decision is None):
        dec = req.decision
        out.append(
            (
                "perbantuan.decided",
                {
                    "at": dec.at.isoformat(),
                    "by": dec.by.model_dump(mode="json"),
                    "request_id": req.id,
                    "village_code": req.village_code,
                    "approve": dec.approved,
                    "legal_basis": dec.legal_basis,
                    "note": dec.note,
                },
            )
        )
    done = len(known.deployments) if known is not None else 0
    for dep in req.deployments[done:]:
        out.append(
            (
                "perbantuan.deployed",
                {
                    "at": dep.at.isoformat(),
                    "by": dep.by.model_dump(mode="json"),
                    "request_id": req.id,
                    "village_code": req.village_code,
                    "unit": dep.unit,
                    "personnel": dep.personnel,
                    "commander": dep.commander,
                },
            )
        )
    return out


def replay(
    posko: Any,
    operation_id: str,
    sim: SimResult,
    *,
    speed: float = 60.0,
    max_gap_min: float = 30.0,
    progress: Callable[[int, int, datetime], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Play ``sim``'s example day into the exercise ``operation_id`` at ``speed`` times real
    time, jumping over quiet stretches longer than ``max_gap_min``; returns counts (``events``,
    ``refused`` with the first reasons)."""
    state = posko.state(operation_id)
    day = state.view("day")
    if day.ctx is None or not day.exercise:
        raise Refused("posko.day.error.clock_live", 409)
    story = simulated_day(
        day.ctx.scenario, day.ctx.plan, sim, authority=day.ctx.authority, settings=day.ctx.settings
    )
    items = list(story.items)
    if not items:
        return {"items": 0, "events": 0, "refused": 0, "reasons": []}
    start, real0, prev = items[0].at, 0.0, None
    written, refused, reasons = 0, 0, []
    for n, item in enumerate(items):
        if prev is None or (item.at - prev).total_seconds() > 60 * max_gap_min:
            # a quiet stretch (a night, the days of recapitulation): the clock jumps over it
            start, real0 = item.at, time.monotonic()
            clock = {"sim_at": start.isoformat(), "speed": speed}
            posko.append(operation_id, "clock.set", clock, SYSTEM)
        prev = item.at
        wait = (item.at - start).total_seconds() / speed - (time.monotonic() - real0)
        if wait > 0:
            sleep(wait)
        with state.lock:
            todo = events_of(item, day)
        for type_, payload in todo:
            try:
                posko.append(operation_id, type_, payload, actor(item))
                written += 1
            except Refused as exc:
                refused += 1
                if len(reasons) < 5:
                    reasons.append(f"{type_}: {exc.message()}")
        if progress is not None:
            progress(n + 1, len(items), item.at)
    return {"items": len(items), "events": written, "refused": refused, "reasons": reasons}
