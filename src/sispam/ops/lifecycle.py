"""Siklus kejadian (the incident lifecycle) as a pure state machine.

::

    reported ──verify──▶ verified ──respond──▶ responding ──contain──▶ contained ──close──▶ closed
        │                   │  ╰───────────close (handled without a unit)──────────────────▶ │
        ╰──reject──▶ rejected                                 contained ──respond──▶ responding
    closed / rejected ──reopen──▶ reopened ──respond / close──▶ …

Each step names the person who took it (a row of the incident's history, as in ECLK
IncidentManagement) and carries what it needs: a reason to reject or reopen, the units sent to
respond, an outcome to close. Who may take each step is :data:`ACTION_ROLES`; a Kapolsek (and a
reporter) acts only in his own area, and an incident whose village reached kuning or merah is
closed by whoever holds control at that level (by default the Kapolres).
"""

from __future__ import annotations

from datetime import datetime

from sispam.domain import PoskoRole, SituationLevel
from sispam.domain.incident import (
    Incident,
    IncidentAction,
    IncidentCategory,
    IncidentState,
    IncidentTransition,
    Person,
)
from sispam.ops.ids import make_id
from sispam.ops.refusal import Refusal, refuse
from sispam.ops.settings import AuthoritySettings

S, A, R = IncidentState, IncidentAction, PoskoRole

TRANSITIONS: dict[IncidentAction, tuple[frozenset[IncidentState], IncidentState]] = {
    A.VERIFY: (frozenset({S.REPORTED}), S.VERIFIED),
    A.REJECT: (frozenset({S.REPORTED, S.REOPENED}), S.REJECTED),
    A.RESPOND: (frozenset({S.VERIFIED, S.CONTAINED, S.REOPENED}), S.RESPONDING),
    A.CONTAIN: (frozenset({S.RESPONDING}), S.CONTAINED),
    A.CLOSE: (frozenset({S.VERIFIED, S.CONTAINED, S.REOPENED}), S.CLOSED),
    A.REOPEN: (frozenset({S.CLOSED, S.REJECTED}), S.REOPENED),
}
"""Action → (states it may be taken from, state it leads to)."""

ACTION_ROLES: dict[IncidentAction, frozenset[PoskoRole]] = {
    A.REPORT: frozenset({R.REPORTER, R.OPERATOR, R.KAPOLSEK, R.KAPOLRES, R.TNI, R.PEMKAB}),
    A.VERIFY: frozenset({R.OPERATOR, R.KAPOLSEK, R.KAPOLRES}),
    A.REJECT: frozenset({R.OPERATOR, R.KAPOLSEK, R.KAPOLRES}),
    A.RESPOND: frozenset({R.OPERATOR, R.KAPOLSEK, R.KAPOLRES}),
    A.CONTAIN: frozenset({R.OPERATOR, R.KAPOLSEK, R.KAPOLRES}),
    A.CLOSE: frozenset({R.KAPOLSEK, R.KAPOLRES}),
    A.REOPEN: frozenset({R.OPERATOR, R.KAPOLSEK, R.KAPOLRES}),
}
"""Which Posko roles may take each step (the drill's controller acts through these roles too)."""

SCOPED_ROLES: frozenset[PoskoRole] = frozenset({R.KAPOLSEK, R.REPORTER})
"""Roles that act only on villages in their own area (``Person.area``)."""


def _role_refusal(action: IncidentAction, by: Person, village_code: str) -> Refusal | None:
    if by.role is None or by.role not in ACTION_ROLES[action]:
        return refuse(
            "incident_role",
            action=action.value,
            role=by.role.value if by.role else "-",
            roles=", ".join(sorted(r.value for r in ACTION_ROLES[action])),
        )
    if by.role in SCOPED_ROLES and (not by.area or not by.covers(village_code)):
        return refuse("outside_area", name=by.name, village=village_code)
    return None


def open_incident(
    *,
    village_code: str,
    category: IncidentCategory,
    by: Person,
    at: datetime,
    crowd: int | None = None,
    tps: int | None = None,
    lat: float | None = None,
    lng: float | None = None,
    description: str = "",
    report_ids: tuple[str, ...] = (),
    id: str | None = None,
) -> Incident | Refusal:
    """Record a new incident (state ``reported``); the first row of its history names who
    reported it."""
    refusal = _role_refusal(A.REPORT, by, village_code)
    if refusal:
        return refusal
    step = IncidentTransition(action=A.REPORT, from_state=None, to_state=S.REPORTED, at=at, by=by)
    return Incident(
        id=id or make_id("inc", village_code, at.isoformat(), category.value, by.name),
        village_code=village_code,
        tps=tps,
        lat=lat,
        lng=lng,
        category=category,
        crowd=crowd,
        description=description,
        reported_at=at,
        report_ids=report_ids,
        history=(step,),
    )


def transition(
    incident: Incident,
    action: IncidentAction,
    by: Person,
    at: datetime,
    *,
    note: str = "",
    outcome: str = "",
    units: tuple[str, ...] = (),
    peak_level: SituationLevel | None = None,
    authority: AuthoritySettings | None = None,
) -> Incident | Refusal:
    """Take ``action`` on ``incident``: the incident with its new state and a new history row,
    or why not. ``peak_level`` is the highest situation its village reached while it was open
    (:func:`sispam.ops.peak_level`); closing above hijau needs the command that holds control at
    that level (``authority``, doctrine by default)."""
    if action is A.REPORT:
        return refuse("incident_exists", id=incident.id)
    sources, target = TRANSITIONS[action]
    if incident.state not in sources:
        return refuse(
            "incident_state",
            action=action.value,
            state=incident.state.value,
            states=", ".join(sorted(s.value for s in sources)),
        )
    refusal = _role_refusal(action, by, incident.village_code)
    if refusal:
        return refusal
    last = incident.history[-1].at if incident.history else incident.reported_at
    if at < last:
        return refuse("time_order", at=at.isoformat(sep=" "), last=last.isoformat(sep=" "))
    if action in (A.REJECT, A.REOPEN) and not note.strip():
        return refuse("reason_required")
    if action is A.RESPOND and not units:
        return refuse("units_required")
    update: dict = {"state": target}
    if action is A.CLOSE:
        if not outcome.strip():
            return refuse("outcome_required")
        if peak_level is not None and peak_level is not SituationLevel.HIJAU:
            needed = (authority or AuthoritySettings()).control[peak_level]
            have = by.command_level
            if have is None or have.rank < needed.rank:
                return refuse("close_level", level=peak_level.value, command=needed.value)
        update |= {"outcome": outcome.strip(), "closed_by": by}
    if action is A.REOPEN:
        update |= {"outcome": "", "closed_by": None, "first_arrival_at": None}
    step = IncidentTransition(
        action=action,
        from_state=incident.state,
        to_state=target,
        at=at,
        by=by,
        note=(outcome if action is A.CLOSE else note).strip(),
        units=units,
    )
    update["history"] = (*incident.history, step)
    return incident.model_copy(update=update)


def allowed_actions(
    incident: Incident,
    by: Person,
    *,
    peak_level: SituationLevel | None = None,
    authority: AuthoritySettings | None = None,
) -> tuple[IncidentAction, ...]:
    """The steps ``by`` may take on ``incident`` now (the buttons a screen shows)."""
    out = []
    for action, (sources, _) in TRANSITIONS.items():
        if incident.state not in sources or _role_refusal(action, by, incident.village_code):
            continue
        if action is A.CLOSE and peak_level not in (None, SituationLevel.HIJAU):
            needed = (authority or AuthoritySettings()).control[peak_level]  # type: ignore[index]
            if by.command_level is None or by.command_level.rank < needed.rank:
                continue
        out.append(action)
    return tuple(out)


def link_report(incident: Incident, report_id: str, crowd: int | None = None) -> Incident:
    """Attach a further report; a larger crowd estimate raises the incident's crowd size."""
    ids = (
        incident.report_ids
        if report_id in incident.report_ids
        else (
            *incident.report_ids,
            report_id,
        )
    )
    new_crowd = incident.crowd
    if crowd is not None and (new_crowd is None or crowd > new_crowd):
        new_crowd = crowd
    return incident.model_copy(update={"report_ids": ids, "crowd": new_crowd})


def record_arrival(incident: Incident, at: datetime) -> Incident:
    """The first unit on scene stops the response clock (later arrivals change nothing)."""
    if incident.first_arrival_at is not None and incident.first_arrival_at <= at:
        return incident
    return incident.model_copy(update={"first_arrival_at": at})


def clock_start(incident: Incident) -> datetime:
    """When the response clock started: the report, or the last reopening."""
    for step in reversed(incident.history):
        if step.action is A.REOPEN:
            return step.at
    return incident.reported_at
