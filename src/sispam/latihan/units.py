"""Siapa menjawab (who answers): the plan's unit for each Cara Bertindak task at the drill's
village, and the times the plan and the model promise — the standard a drill is measured against.

The Cara Bertindak names *actors* (Kapolsek, Dalmas lanjut, Humas, ...); a scenario lists *units*
(Polsek Klaten Utara, Brimob BKO Pleton 1, Dishub, ...). The mapping below picks, for an actor at
a village in a phase, the unit of the plan that plays it: the reserve element of the right role
for the crowd-control steps, the village's Polsek for its territory, the Polres headquarters for
the Kapolres' staff sections (Reskrim, Humas, Dokkes), Satpol PP for the Bupati's side and Dishub
for traffic. Every name it returns is a unit of the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from functools import cached_property

from sispam.domain import (
    Plan,
    ReserveAssignment,
    ReserveRole,
    Scenario,
    Unit,
    UnitKind,
    Village,
)
from sispam.domain.doctrine import Actor
from sispam.domain.enums import PhaseKind
from sispam.geo import TravelModel, default_area_type
from sispam.latihan.settings import ExerciseSettings

TASK_ROLE: dict[str, ReserveRole] = {
    "hijau_dalmas_awal": ReserveRole.DALMAS_AWAL,
    "kuning_lapis_ganti": ReserveRole.DALMAS_LANJUT,
    "merah_lintas_ganti": ReserveRole.PHH,
    "merah_tni_support": ReserveRole.TNI_SUPPORT,
}
"""Tasks carried out by a reserve element: their unit is the plan's element of that role."""

ACTOR_KINDS: dict[Actor, tuple[UnitKind, ...]] = {
    Actor.TPS_TEAM: (UnitKind.POLSEK, UnitKind.POLRES_SAMAPTA),
    Actor.BHABINKAMTIBMAS: (UnitKind.POLSEK,),
    Actor.INTELKAM: (UnitKind.POLSEK, UnitKind.POLRES_SAMAPTA),
    Actor.NEGOSIATOR: (UnitKind.POLSEK, UnitKind.POLRES_SAMAPTA),
    Actor.KAPOLSEK: (UnitKind.POLSEK,),
    Actor.KAPOLRES: (UnitKind.POLRES_SAMAPTA, UnitKind.POLSEK),
    Actor.DALMAS_AWAL: (UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA),
    Actor.DALMAS_LANJUT: (UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA),
    Actor.BRIMOB_PHH: (UnitKind.BRIMOB_BKO, UnitKind.DALMAS),
    Actor.RESKRIM: (UnitKind.POLRES_SAMAPTA, UnitKind.POLSEK),
    Actor.LANTAS: (UnitKind.DISHUB, UnitKind.POLRES_SAMAPTA),
    Actor.HUMAS: (UnitKind.POLRES_SAMAPTA, UnitKind.POLSEK),
    Actor.DOKKES: (UnitKind.POLRES_SAMAPTA, UnitKind.POLSEK),
    Actor.TNI: (UnitKind.KORAMIL, UnitKind.KODIM_RESERVE),
    Actor.BUPATI: (UnitKind.SATPOL_PP, UnitKind.LINMAS),
    Actor.SATPOL_PP: (UnitKind.SATPOL_PP, UnitKind.LINMAS),
}
"""Unit kinds that can play an actor, best first (when no reserve role applies)."""


def promised_response_min(
    plan: Plan, village_code: str, settings: ExerciseSettings, role: str = "dalmas_awal"
) -> float:
    """The arrival the plan promises the village for a reserve ``role``, in minutes from the
    order to move (the EEG's target for that reserve on scene, with the order allowance).

    Read through this one function: the plan's own per-village, per-role promise
    (``Plan.promised_min``) when the plan carries one, else its coverage standard
    ``coverage_min``, else the exercise settings' ``response_min``.
    """
    promise = getattr(plan, "promised_min", None)  # per-village promise (plan stage, issue 10)
    if callable(promise):
        value = promise(village_code, role)
        if value is not None:
            return float(value)
    if plan.coverage_min:
        return float(plan.coverage_min)
    return settings.response_min


@dataclass(frozen=True)
class Reserve:
    """A reserve element as the drill sees it: who, of which role, how soon on scene."""

    unit: str
    role: ReserveRole
    site: str
    personnel: int
    arrival_min: float  # minutes from an order at the given time to on scene (plan's model)
    travel_min: float


@dataclass(frozen=True)
class Responders:
    """Who answers at one village: the plan's units by task, and their expected arrival."""

    scenario: Scenario
    plan: Plan
    village: Village

    @cached_property
    def _units(self) -> dict[str, Unit]:
        return {u.name: u for u in self.scenario.units}

    @cached_property
    def _travel(self) -> TravelModel:
        names = {f.name for f in fields(TravelModel)} - {"default_area", "estimated"}
        return TravelModel(**{k: float(v) for k, v in self.scenario.travel.items() if k in names})

    def travel_min(self, lat: float, lng: float) -> float:
        area = self.village.indicators.get("area_type")
        if not isinstance(area, str) or area not in self._travel.speeds:
            area = default_area_type(self.village.code)
        minutes = self._travel.minutes(lat, lng, self.village.lat, self.village.lng, area=area)
        return float(minutes.ravel()[0])

    @cached_property
    def site_id(self) -> str | None:
        return next((v.site_id for v in self.plan.villages if v.code == self.village.code), None)

    def reserves(self, role: ReserveRole, at: datetime | None = None) -> list[Reserve]:
        """The plan's elements of ``role``, quickest to the village first (from an order at
        ``at``: an element not yet ready — a BKO on its way — counts its remaining delay)."""
        out = [self._reserve(r, at) for r in self.plan.reserves if r.role == role.value]
        own = self.site_id
        return sorted(
            out,
            key=lambda r: (round(r.arrival_min, 1), r.site != own, -r.personnel, r.unit),
        )

    def _reserve(self, r: ReserveAssignment, at: datetime | None) -> Reserve:
        travel = self.travel_min(r.lat, r.lng)
        wait = r.ready_min
        phase = self.scenario.phase(r.phases[0]) if r.phases else None
        if at is not None and phase is not None:
            wait = max(0.0, r.ready_min - (at - phase.start).total_seconds() / 60.0)
        return Reserve(
            unit=r.unit,
            role=ReserveRole(r.role),
            site=r.site_name,
            personnel=r.personnel,
            arrival_min=round(wait + travel, 1),
            travel_min=round(travel, 1),
        )

    def assigned(self, phase: PhaseKind) -> list[str]:
        """Units posted at the village in ``phase``, most personnel first."""
        rows = [a for a in self.plan.assignments if a.village_code == self.village.code]
        rows = [a for a in rows if a.phase == phase]
        return [a.unit for a in sorted(rows, key=lambda a: (-a.personnel, a.unit))]

    def unit_for(self, task: str, actor: Actor, phase: PhaseKind, at: datetime | None) -> str:
        """The unit that answers for ``task`` (performed by ``actor``) at the village."""
        role = TASK_ROLE.get(task)
        if role is not None:
            found = self.reserves(role, at)
            if found:
                return found[0].unit
        kinds = ACTOR_KINDS[actor]
        here = [self._units[n] for n in self.assigned(phase) if n in self._units]
        for kind in kinds:
            match = next((u for u in here if u.kind == kind), None)
            if match is not None:
                return match.name
            match = self._nearest(kind)
            if match is not None:
                return match.name
        return self._nearest(None).name  # type: ignore[union-attr]  # a scenario has units

    def _nearest(self, kind: UnitKind | None) -> Unit | None:
        units = [u for u in self.scenario.units if kind is None or u.kind == kind]
        if not units:
            return None
        district = self.village.district_name.lower()
        named = [u for u in units if district and u.name.lower().endswith(district)]
        if named:
            return named[0]
        return min(units, key=lambda u: (self.travel_min(u.lat, u.lng), u.name))
