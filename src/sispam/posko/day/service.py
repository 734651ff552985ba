"""Commands of election day as payloads: what a page, the webhook, the replay or a test submits.

Each function reads the current projection, calls the :mod:`sispam.ops` rule where the payload
needs a computed result (a text reading, a dispatch's ETA and the coverage it leaves) and returns
the payload of one event; the writer's guard checks it again against the state it commits on.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sispam.domain import SituationLevel
from sispam.domain.incident import Channel, Incident, ReportKind, Review
from sispam.ops import DispatchProposal, dispatch, parse_message, propose_dispatch
from sispam.ops.ids import make_id
from sispam.posko.day.people import person_of, refused
from sispam.posko.day.views import Day
from sispam.posko.events import Principal, Refused


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def day_view(state: Any) -> Day:
    day = state.view("day")
    if day.ctx is None:
        raise Refused("posko.day.error.unavailable", 409)
    return day


def act(p: Principal, day: Day, at: datetime | None = None, **fields: Any) -> dict[str, Any]:
    """A payload acted by ``p`` now (or ``at``)."""
    return {
        "at": (at or day.now()).isoformat(),
        "by": person_of(p).model_dump(mode="json"),
        **fields,
    }


def field_report(p: Principal, day: Day, data: dict[str, Any]) -> dict[str, Any]:
    """A report from the phone page (or any form): the client's id and what it says; the server
    adds who sent it and when it arrived. ``at_utc`` (the phone's clock when the report was made,
    UTC) becomes the operation's time; without it, the time it arrived."""
    from sispam.posko.day.clock import parse_utc

    received = day.now()
    at = received
    if data.get("at_utc"):
        at = day.clock.local(parse_utc(str(data["at_utc"])))
    elif data.get("at"):
        at = datetime.fromisoformat(str(data["at"]))
    kind = ReportKind(data.get("kind", "tps_status"))
    out: dict[str, Any] = {
        "id": str(data["id"]),
        "channel": str(data.get("channel") or Channel.WEB.value),
        "reporter": p.username,
        "received_at": received.isoformat(),
        "at": min(at, received).isoformat() if not p.is_system else at.isoformat(),
        "village_code": str(data["village_code"]),
        "kind": kind.value,
        "review": Review.ENTERED.value,
    }
    for key in ("tps", "personnel", "crowd", "lat", "lng"):
        if data.get(key) not in (None, ""):
            out[key] = data[key]
    for key in ("status", "category", "suggested_level", "note", "photo"):
        if data.get(key):
            out[key] = str(data[key])
    if data.get("rumour"):
        out["rumour"] = True
    return out  # validated once, as the event's payload (``FieldReport``), by the registry


def text_message(
    day: Day,
    text: str,
    *,
    sender: str,
    channel: str,
    message_id: str,
    lang: str = "id",
) -> dict[str, Any]:
    """An ``intake.text`` payload: the raw message, what was read, the reply."""
    ctx = day.ctx
    assert ctx is not None
    received = day.now()
    chan = Channel(channel)
    result = parse_message(
        text,
        ctx.gazetteer,
        received_at=received,
        sender=sender,
        channel=chan,
        message_id=message_id,
        lang=lang,
        min_score=ctx.settings.fuzzy_score,
        future_min=ctx.settings.future_tolerance_min,
    )
    return {
        "message_id": f"{chan.value}:{message_id}",
        "channel": chan.value,
        "sender": sender,
        "raw": text,
        "received_at": received.isoformat(),
        "ok": bool(result.ok and result.report is not None),
        "reply": result.reply,
        "error_key": result.error.key if result.error is not None else None,
        "report": result.report.model_dump(mode="json") if result.report is not None else None,
    }


def incident_level(day: Day, inc: Incident) -> SituationLevel:
    return day.situations[inc.village_code].level


def proposal(
    day: Day, incident_id: str, level: SituationLevel | None = None, now: datetime | None = None
) -> DispatchProposal:
    """The dispatch the Posko proposes for an incident at its village's level now."""
    ctx = day.ctx
    assert ctx is not None
    inc = day.incidents.get(incident_id)
    if inc is None:
        raise Refused("posko.day.error.no_incident", 404, id=incident_id)
    return propose_dispatch(
        inc,
        level or incident_level(day, inc),
        ctx.scenario,
        ctx.plan,
        now or day.now(),
        statuses=day.unit_statuses,
        perbantuan=tuple(day.perbantuan.values()),
        response_min=ctx.promised,
        platoon_size=ctx.settings.platoon_size,
    )


def dispatch_payload(
    p: Principal, day: Day, incident_id: str, elements: list[str] | None = None
) -> dict[str, Any]:
    """The operator's one action: the proposal's recommended group (or the chosen elements)."""
    ctx = day.ctx
    assert ctx is not None
    prop = proposal(day, incident_id)
    if not elements:
        elements = [e for line in prop.lines for e in line.recommended if _may_send(p, line)]
    order = dispatch(
        prop,
        elements,
        person_of(p),
        prop.at,
        perbantuan=tuple(day.perbantuan.values()),
        stale_min=ctx.settings.stale_min,
    )
    if not hasattr(order, "dispatches"):
        refused(order)  # type: ignore[arg-type]
    return act(
        p,
        day,
        prop.at,
        incident_id=incident_id,
        village_code=prop.village_code,
        level=prop.level.value,
        dispatches=[d.model_dump(mode="json") for d in order.dispatches],  # type: ignore[union-attr]
        statuses=[s.model_dump(mode="json") for s in order.statuses],  # type: ignore[union-attr]
    )


def _may_send(p: Principal, line: Any) -> bool:
    """Polri reserves are sent by the Posko, TNI support by the TNI account."""
    return (line.role.value == "tni_support") == (p.role == "tni")


def decision_id(code: str, at: datetime, by: str) -> str:
    return make_id("lvl", code, at.isoformat(), by, uuid.uuid4().hex[:8])
