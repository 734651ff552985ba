"""Waktu tanggap (response time): what the plan promises per village, and which incidents have
waited longer than that.

An overdue incident escalates the *alert*, never the level (the level is a person's decision):
at the promised time the Posko and the next command above whoever holds control of the village
are alerted; each further period of the same length alerts one level higher, up to the Kapolda.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from pydantic import Field

from sispam.domain import CommandLevel, Plan
from sispam.domain.base import DomainModel
from sispam.domain.incident import Incident, IncidentState, Recipient, VillageSituation
from sispam.ops.lifecycle import clock_start

DEFAULT_RESPONSE_MIN = 30.0
"""Used when the plan placed no reserves (and so promises nothing): the usual 30-minute target."""

WAITING = frozenset(
    {
        IncidentState.REPORTED,
        IncidentState.VERIFIED,
        IncidentState.RESPONDING,
        IncidentState.REOPENED,
    }
)
"""States in which an incident still waits for a unit on scene (contained means someone is)."""


def promised_response(plan: Plan, default_min: float = DEFAULT_RESPONSE_MIN) -> dict[str, float]:
    """Minutes within which the plan promises a reserve at each village.

    The plan's own promise (``Plan.promised_min`` for the first responder, Dalmas awal) where it
    states one; otherwise it is read from the reserve placement:
    a village within the covering radius is promised ``plan.coverage_min``; one outside it is
    promised its actual travel time from the nearest post (the plan cannot do better); with no
    reserves at all, ``default_min``.
    """
    promise = getattr(plan, "promised_min", None)  # the plan's own promise (plan stage, #10)
    if callable(promise):
        from sispam.domain.doctrine import LEVEL_RESPONDER
        from sispam.domain.enums import SituationLevel

        first = LEVEL_RESPONDER[SituationLevel.HIJAU].value  # the first answer to any incident
        stated = {vp.code: promise(vp.code, first) for vp in plan.villages}
    else:
        stated = {}
    out: dict[str, float] = {}
    radius = plan.coverage_min
    for vp in plan.villages:
        if stated.get(vp.code) is not None:
            out[vp.code] = float(stated[vp.code])  # type: ignore[arg-type]
        elif vp.response_min is None:
            out[vp.code] = radius if radius is not None else default_min
        elif radius is not None and vp.covered:
            out[vp.code] = float(radius)
        else:
            out[vp.code] = float(max(vp.response_min, radius or 0.0))
    for code in plan.zones:
        out.setdefault(code, radius if radius is not None else default_min)
    return out


class OverdueAlert(DomainModel):
    """Peringatan keterlambatan: an incident without a unit on scene past the promised time."""

    incident_id: str
    village_code: str
    since: datetime  # the response clock's start
    due_at: datetime
    overdue_min: float = Field(ge=0)
    tier: int = Field(ge=1, description="1 at the promised time, +1 per further period")
    control: CommandLevel
    notify: tuple[Recipient, ...]


_UP = {
    CommandLevel.KAPOLSEK: Recipient.KAPOLSEK,
    CommandLevel.KAPOLRES: Recipient.KAPOLRES,
    CommandLevel.KAPOLDA: Recipient.KAPOLDA,
}


def alert_recipients(control: CommandLevel, tier: int) -> tuple[Recipient, ...]:
    """The Posko and the ``tier`` command levels above ``control`` (at most up to the Kapolda;
    the Kapolda himself when control is already his)."""
    levels = list(CommandLevel)
    above = levels[control.rank + 1 : control.rank + 1 + tier] or [CommandLevel.KAPOLDA]
    return (Recipient.POSKO, *(_UP[c] for c in above))


def overdue_alerts(
    incidents: Iterable[Incident],
    now: datetime,
    response_min: Mapping[str, float],
    situations: Mapping[str, VillageSituation] | None = None,
    default_min: float = DEFAULT_RESPONSE_MIN,
) -> tuple[OverdueAlert, ...]:
    """Incidents still waiting for a unit on scene past their village's promised time, with
    whom to alert; the longest overdue first."""
    out = []
    for inc in incidents:
        if inc.state not in WAITING or inc.first_arrival_at is not None:
            continue
        limit = float(response_min.get(inc.village_code, default_min))
        start = clock_start(inc)
        due = start + timedelta(minutes=limit)
        if now < due:
            continue
        late = (now - due).total_seconds() / 60.0
        tier = 1 + (math.floor(late / limit) if limit > 0 else 0)
        sit = (situations or {}).get(inc.village_code)
        control = sit.control if sit is not None else CommandLevel.KAPOLSEK
        out.append(
            OverdueAlert(
                incident_id=inc.id,
                village_code=inc.village_code,
                since=start,
                due_at=due,
                overdue_min=round(late, 1),
                tier=tier,
                control=control,
                notify=alert_recipients(control, tier),
            )
        )
    return tuple(sorted(out, key=lambda a: (-a.overdue_min, a.incident_id)))
