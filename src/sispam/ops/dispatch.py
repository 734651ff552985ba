"""Pengerahan (dispatch): which reserve to send to an incident, when it arrives, and what its
departure leaves uncovered; and the status of units (Cursor-on-Target style).

The plan holds reserve *elements*: a unit's personnel held at a staging post in a doctrinal role
(:class:`~sispam.domain.ReserveAssignment`). For an incident at a level the responder is
``doctrine.LEVEL_RESPONDER[level]`` — Dalmas awal at hijau, Dalmas lanjut at kuning, Brimob PHH at
merah — and TNI support only at merah under an approved perbantuan request. Elements are sent
whole: the proposal recommends every available element of the role at the post that gets there
first (the platoon the plan assembled there), and flags a group smaller than a platoon.

ETA = the later of now and the element's ready time (a BKO delay) + travel minutes from its post
(or from a fresh reported position) by the scenario's travel model. "Uncovered" lists the villages
that no other post holding the same role reaches within their promised response time once the
element leaves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

import numpy as np
from pydantic import Field

from sispam.domain import Plan, PoskoRole, ReserveRole, Scenario, SituationLevel, UnitKind
from sispam.domain.base import DomainModel
from sispam.domain.doctrine import LEVEL_RESPONDER, TNI_SUPPORT_FROM
from sispam.domain.incident import (
    Dispatch,
    Incident,
    PerbantuanRequest,
    Person,
    UnitState,
    UnitStatus,
)
from sispam.geo import TravelModel
from sispam.ops.authority import approved_perbantuan
from sispam.ops.ids import make_id
from sispam.ops.refusal import Refusal, refuse
from sispam.ops.response import DEFAULT_RESPONSE_MIN, promised_response


def element_id(site_id: str, role: str, unit: str) -> str:
    """``polsek:polsek-klaten-utara/phh/Brimob BKO Polda Jateng Pleton 1``."""
    return f"{site_id}/{role}/{unit}"


class ReserveElement(DomainModel):
    """Unsur cadangan: one unit's personnel held at a post in a role, as the plan placed it."""

    id: str
    unit: str
    kind: UnitKind
    role: ReserveRole
    site_id: str
    site_name: str
    lat: float
    lng: float
    personnel: int = Field(gt=0)
    ready_at: datetime | None = None  # when it can move (None: from the start)


class Candidate(DomainModel):
    """One element that could go, with when it would arrive and what it leaves uncovered."""

    element: ReserveElement
    from_reported: bool = False  # travels from its last fresh reported position
    travel_min: float = Field(ge=0)
    ready_at: datetime
    eta: datetime
    uncovered: tuple[str, ...] = ()


class ProposalLine(DomainModel):
    """The candidates of one role, the recommended group, and notes (refusal-style reasons)."""

    role: ReserveRole
    candidates: tuple[Candidate, ...] = ()
    recommended: tuple[str, ...] = ()  # element ids: the whole group at the best post
    notes: tuple[Refusal, ...] = ()

    @property
    def recommended_personnel(self) -> int:
        ids = set(self.recommended)
        return sum(c.element.personnel for c in self.candidates if c.element.id in ids)


class DispatchProposal(DomainModel):
    """Usulan pengerahan for one incident at one level."""

    incident_id: str
    village_code: str
    level: SituationLevel
    at: datetime
    lines: tuple[ProposalLine, ...]

    def candidate(self, element: str) -> tuple[ProposalLine, Candidate] | None:
        for line in self.lines:
            for c in line.candidates:
                if c.element.id == element:
                    return line, c
        return None


def reserve_elements(scenario: Scenario, plan: Plan) -> tuple[ReserveElement, ...]:
    """The plan's reserve elements (one per unit, post and role), with the time each can move:
    the start of the first phase it is held through plus its ``ready_min``."""
    units = {u.name: u for u in scenario.units}
    grouped: dict[str, ReserveElement] = {}
    for r in plan.reserves:
        try:
            role = ReserveRole(r.role)
        except ValueError:  # a role the doctrine does not know answers no level
            continue
        ready = None
        if r.phases:
            phase = scenario.phase(r.phases[0])
            if phase is not None:
                ready = phase.start + timedelta(minutes=r.ready_min)
        eid = element_id(r.site_id, role.value, r.unit)
        prev = grouped.get(eid)
        personnel = r.personnel + (prev.personnel if prev else 0)
        grouped[eid] = ReserveElement(
            id=eid,
            unit=r.unit,
            kind=units[r.unit].kind if r.unit in units else r.kind,
            role=role,
            site_id=r.site_id,
            site_name=r.site_name,
            lat=r.lat,
            lng=r.lng,
            personnel=personnel,
            ready_at=ready,
        )
    return tuple(sorted(grouped.values(), key=lambda e: e.id))


def latest_status(statuses: Iterable[UnitStatus]) -> dict[str, UnitStatus]:
    """The latest status per element (or per unit when a status names no element)."""
    out: dict[str, UnitStatus] = {}
    for s in sorted(statuses, key=lambda s: s.at):
        out[s.element or s.unit] = s
    return out


def _committed(element: ReserveElement, latest: Mapping[str, UnitStatus]) -> UnitStatus | None:
    for key in (element.id, element.unit):
        s = latest.get(key)
        if s is not None and s.state.committed:
            return s
    return None


def _travel(scenario: Scenario) -> tuple[TravelModel, dict[str, str]]:
    # The plan's travel model with the scenario's [travel] overrides and area types per village.
    from sispam.plan.travel import travel_model, village_areas

    model = travel_model(scenario)
    areas = village_areas(scenario, model)
    return model, {v.code: str(a) for v, a in zip(scenario.villages, areas, strict=True)}


def _minutes(
    model: TravelModel, a: tuple[float, float], b: tuple[float, float], area: str
) -> float:
    return float(model.minutes(a[0], a[1], b[0], b[1], area=area))


def _uncovered(
    element: ReserveElement,
    available: list[ReserveElement],
    scenario: Scenario,
    model: TravelModel,
    areas: Mapping[str, str],
    limits: Mapping[str, float],
) -> tuple[str, ...]:
    """Villages reached in time by a post holding this role now, and by none once it leaves."""
    sites: dict[str, tuple[float, float]] = {}
    for e in available:
        if e.role is element.role and e.id != element.id:
            sites[e.site_id] = (e.lat, e.lng)
    if element.site_id in sites:  # another element of the role stays at the post
        return ()
    before = {**sites, element.site_id: (element.lat, element.lng)}
    ids = sorted(before)
    lat = np.array([before[s][0] for s in ids])
    lng = np.array([before[s][1] for s in ids])
    vs = scenario.villages
    v_area = np.array([areas[v.code] for v in vs], dtype=object)
    mins = model.matrix(
        lat, lng, [v.lat for v in vs], [v.lng for v in vs], area=v_area[None, :], dtype=float
    )
    limit = np.array([limits.get(v.code, DEFAULT_RESPONSE_MIN) for v in vs])
    reach = mins <= limit[None, :] + 1e-9
    k = ids.index(element.site_id)
    others = np.delete(reach, k, axis=0)
    lost = reach[k] & ~(others.any(axis=0) if len(others) else np.zeros(len(vs), bool))
    return tuple(sorted(v.code for v, x in zip(vs, lost, strict=True) if x))


def propose_dispatch(
    incident: Incident,
    level: SituationLevel,
    scenario: Scenario,
    plan: Plan,
    now: datetime,
    *,
    statuses: Iterable[UnitStatus] = (),
    perbantuan: Iterable[PerbantuanRequest] = (),
    response_min: Mapping[str, float] | None = None,
    platoon_size: int = 30,
) -> DispatchProposal:
    """Which reserves to send to ``incident`` at ``level``, nearest first (by ETA, then travel,
    then element id: the same board always gives the same proposal)."""
    model, areas = _travel(scenario)
    limits = response_min if response_min is not None else promised_response(plan)
    village = scenario.village(incident.village_code)
    target = incident.position or (village.lat, village.lng)
    area = areas[village.code]
    latest = latest_status(statuses)
    elements = reserve_elements(scenario, plan)
    available = [e for e in elements if _committed(e, latest) is None]
    roles = [LEVEL_RESPONDER[level]]
    if level.rank >= TNI_SUPPORT_FROM.rank:
        roles.append(ReserveRole.TNI_SUPPORT)
    lines = []
    for role in roles:
        notes: list[Refusal] = []
        if (
            role is ReserveRole.TNI_SUPPORT
            and approved_perbantuan(list(perbantuan), incident.village_code, incident.id) is None
        ):
            lines.append(ProposalLine(role=role, notes=(refuse("tni_needs_perbantuan"),)))
            continue
        cands = []
        for e in available:
            if e.role is not role:
                continue
            origin, fresh = (e.lat, e.lng), False
            s = latest.get(e.id) or latest.get(e.unit)
            if s is not None and s.position is not None and not s.is_stale(now):
                origin, fresh = s.position, True
            travel = _minutes(model, origin, target, area)
            ready = max(now, e.ready_at) if e.ready_at else now
            cands.append(
                Candidate(
                    element=e,
                    from_reported=fresh,
                    travel_min=round(travel, 1),
                    ready_at=ready,
                    eta=ready + timedelta(minutes=round(travel, 1)),
                    uncovered=_uncovered(e, available, scenario, model, areas, limits),
                )
            )
        cands.sort(key=lambda c: (c.eta, c.travel_min, c.element.id))
        recommended: tuple[str, ...] = ()
        if cands:
            site = cands[0].element.site_id
            recommended = tuple(c.element.id for c in cands if c.element.site_id == site)
            total = sum(c.element.personnel for c in cands if c.element.site_id == site)
            if total < platoon_size:
                notes.append(refuse("short_of_platoon", personnel=total, platoon=platoon_size))
            if any(c.ready_at > now for c in cands if c.element.site_id == site):
                notes.append(refuse("not_ready_yet"))
        else:
            notes.append(refuse("no_element", role=role.value))
        lines.append(
            ProposalLine(
                role=role, candidates=tuple(cands), recommended=recommended, notes=tuple(notes)
            )
        )
    return DispatchProposal(
        incident_id=incident.id,
        village_code=incident.village_code,
        level=level,
        at=now,
        lines=tuple(lines),
    )


DISPATCH_ROLES = frozenset({PoskoRole.OPERATOR, PoskoRole.KAPOLRES})
"""Who sends Polri reserves (the Posko on the commander's order); TNI units go by their own
decision under an approved request (``tni``)."""


class DispatchOrder(DomainModel):
    """What one dispatch action records: the dispatches and each unit's new status."""

    dispatches: tuple[Dispatch, ...]
    statuses: tuple[UnitStatus, ...]


def dispatch(
    proposal: DispatchProposal,
    elements: Iterable[str],
    by: Person,
    at: datetime,
    *,
    perbantuan: Iterable[PerbantuanRequest] = (),
    stale_min: float = 15.0,
) -> DispatchOrder | Refusal:
    """Send the chosen elements of a proposal (one action of the operator). Each gets a
    :class:`Dispatch` and a ``bergerak`` status whose position goes stale after ``stale_min``."""
    chosen = list(dict.fromkeys(elements))
    if not chosen:
        return refuse("units_required")
    out_d, out_s = [], []
    for eid in chosen:
        hit = proposal.candidate(eid)
        if hit is None:
            return refuse("not_proposed", element=eid)
        _, cand = hit
        e = cand.element
        if e.role is ReserveRole.TNI_SUPPORT:
            if by.role is not PoskoRole.TNI:
                return refuse("perbantuan_decider", name=by.name)
            if (
                approved_perbantuan(list(perbantuan), proposal.village_code, proposal.incident_id)
                is None
            ):
                return refuse("tni_needs_perbantuan")
        elif by.role not in DISPATCH_ROLES:
            return refuse(
                "dispatch_role",
                role=by.role.value if by.role else "-",
                roles=", ".join(sorted(r.value for r in DISPATCH_ROLES)),
            )
        eta = max(at, cand.ready_at) + timedelta(minutes=cand.travel_min)
        d = Dispatch(
            id=make_id("dsp", proposal.incident_id, e.id, at.isoformat()),
            incident_id=proposal.incident_id,
            village_code=proposal.village_code,
            element=e.id,
            unit=e.unit,
            role=e.role,
            site_id=e.site_id,
            personnel=e.personnel,
            level=proposal.level,
            at=at,
            by=by,
            eta=eta,
            travel_min=cand.travel_min,
            uncovered=cand.uncovered,
        )
        out_d.append(d)
        out_s.append(
            UnitStatus(
                unit=e.unit,
                element=e.id,
                state=UnitState.BERGERAK,
                at=at,
                lat=e.lat,
                lng=e.lng,
                stale_at=at + timedelta(minutes=stale_min),
                incident_id=proposal.incident_id,
                village_code=proposal.village_code,
                personnel=e.personnel,
                by=by,
            )
        )
    return DispatchOrder(dispatches=tuple(out_d), statuses=tuple(out_s))


UNIT_STEPS: dict[UnitState, frozenset[UnitState]] = {
    UnitState.SIAGA: frozenset({UnitState.SIAGA, UnitState.BERGERAK}),
    UnitState.BERGERAK: frozenset({UnitState.BERGERAK, UnitState.TIBA, UnitState.SELESAI}),
    UnitState.TIBA: frozenset({UnitState.TIBA, UnitState.SELESAI}),
    UnitState.SELESAI: frozenset({UnitState.SIAGA, UnitState.BERGERAK, UnitState.SELESAI}),
}
"""siaga → bergerak → tiba → selesai → siaga; a move may be called off (bergerak → selesai);
the same state again is a position update."""


def update_unit(
    previous: UnitStatus | None,
    state: UnitState,
    at: datetime,
    *,
    unit: str | None = None,
    element: str | None = None,
    lat: float | None = None,
    lng: float | None = None,
    by: Person | None = None,
    incident_id: str | None = None,
    village_code: str | None = None,
    stale_min: float = 15.0,
    note: str = "",
) -> UnitStatus | Refusal:
    """A unit's next status report. The position (if given, else the previous one) is fresh for
    ``stale_min`` minutes; the task (incident, village) carries over until ``siaga``."""
    if previous is not None:
        if state not in UNIT_STEPS[previous.state]:
            return refuse(
                "unit_step", unit=previous.unit, old=previous.state.value, new=state.value
            )
        if at < previous.at:
            return refuse(
                "time_order", at=at.isoformat(sep=" "), last=previous.at.isoformat(sep=" ")
            )
    name = unit or (previous.unit if previous else None)
    if not name:
        return refuse("unit_required")
    if lat is None and previous is not None:
        lat, lng = previous.lat, previous.lng
    keep = previous is not None and state is not UnitState.SIAGA
    return UnitStatus(
        unit=name,
        element=element or (previous.element if previous else None),
        state=state,
        at=at,
        lat=lat,
        lng=lng,
        stale_at=at + timedelta(minutes=stale_min) if lat is not None else None,
        incident_id=incident_id or (previous.incident_id if keep and previous else None),
        village_code=village_code or (previous.village_code if keep and previous else None),
        personnel=previous.personnel if previous else None,
        by=by,
        note=note,
    )
