"""Satuan: a real unit of one agency, with where it is and when it can be used."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from sispam.domain.base import MAX_COUNT, MAX_MINUTES, DomainModel, SortedSet
from sispam.domain.enums import KIND_AGENCY, KIND_FORCE, Agency, Force, PhaseKind, UnitKind


class Unit(DomainModel):
    """Satuan pengamanan: a unit that can be posted (Polsek, Dalmas platoon, Koramil, Linmas, ...).

    ``home_code`` is the village where the unit is based (for Linmas: the village it serves);
    ``lat``/``lng`` are its home coordinates. ``available`` lists the phases in which it can be used
    (empty = every phase). ``arrival_at`` is when a reinforcement (BKO) is in the operation area
    under the Kapolres' control — Brimob BKO arrives before D-1 for the deployment parade — and from
    then it is at ``lat``/``lng`` (its billet); before it, it cannot be posted.
    ``arrival_delay_min`` is the older, relative form: minutes after a phase starts (an order)
    before it can move, for a unit without ``arrival_at``. ``min_team`` is the smallest detachment
    the unit may be split into (a platoon is not scattered below it).
    """

    name: str = Field(min_length=1)
    kind: UnitKind
    strength: int = Field(gt=0, le=MAX_COUNT, description="Personnel")
    home_code: str | None = None
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    available: SortedSet[PhaseKind] = Field(default_factory=frozenset)
    arrival_delay_min: float = Field(default=0.0, ge=0, le=MAX_MINUTES)
    arrival_at: datetime | None = None
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

    def delay_after(self, start: datetime) -> float:
        """Minutes after ``start`` until the unit can move: until it arrives (``arrival_at``),
        else its ``arrival_delay_min``."""
        if self.arrival_at is None:
            return self.arrival_delay_min
        return max(0.0, (self.arrival_at - start).total_seconds() / 60.0)
