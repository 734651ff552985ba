"""Satuan: a real unit of one agency, with where it is and when it can be used."""

from __future__ import annotations

from pydantic import Field

from sispam.domain.base import MAX_COUNT, MAX_MINUTES, DomainModel, SortedSet
from sispam.domain.enums import KIND_AGENCY, KIND_FORCE, Agency, Force, PhaseKind, UnitKind


class Unit(DomainModel):
    """Satuan pengamanan: a unit that can be posted (Polsek, Dalmas platoon, Koramil, Linmas, ...).

    ``home_code`` is the village where the unit is based (for Linmas: the village it serves);
    ``lat``/``lng`` are its home coordinates. ``available`` lists the phases in which it can be used
    (empty = every phase). ``arrival_delay_min`` is the time before a reinforcement (Brimob BKO)
    is under the Kapolres' control and can move. ``min_team`` is the smallest detachment the unit
    may be split into (a platoon is not scattered below it).
    """

    name: str = Field(min_length=1)
    kind: UnitKind
    strength: int = Field(gt=0, le=MAX_COUNT, description="Personnel")
    home_code: str | None = None
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    available: SortedSet[PhaseKind] = Field(default_factory=frozenset)
    arrival_delay_min: float = Field(default=0.0, ge=0, le=MAX_MINUTES)
    min_team: int = Field(default=1, ge=1, le=MAX_COUNT)
    contact: str = ""
    estimated: SortedSet[str] = Field(default_factory=frozenset)
    note: str = ""

    @property
    def agency(self) -> Agency:
        return KIND_AGENCY[self.kind]

    @property
    def force(self) -> Force:
        return KIND_FORCE[self.kind]

    def available_in(self, phase: PhaseKind) -> bool:
        return not self.available or phase in self.available
