"""Rencana pengamanan (deployment plan): the output of the ``plan`` stage."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.enums import Force, PhaseKind, UnitKind


class Requirement(DomainModel):
    """Kebutuhan: personnel of a force needed at a village's post in a phase.

    ``post`` is ``tps`` for the polling stations (from the staffing pattern) or a phase-specific
    post such as ``pengawalan`` (ballot-box escort) or ``panitia`` (guarding the committee).
    """

    phase: PhaseKind
    village_code: str
    force: Force
    personnel: int = Field(ge=0)
    post: str = "tps"


class Assignment(DomainModel):
    """Penugasan: ``personnel`` of ``unit`` posted at a village in a phase."""

    phase: PhaseKind
    unit: str
    kind: UnitKind
    force: Force
    village_code: str
    personnel: int = Field(gt=0)
    post: str = "tps"
    travel_min: float = Field(ge=0)
    arrival_min: float = Field(ge=0, description="Minutes after the phase starts when in place")


class ReserveAssignment(DomainModel):
    """Cadangan: a rapid-response element held at a staging post (site)."""

    unit: str
    kind: UnitKind
    force: Force
    personnel: int = Field(gt=0)
    site_id: str
    site_name: str
    lat: float
    lng: float
    ready_min: float = Field(default=0.0, ge=0, description="Minutes until it can move (BKO delay)")
    role: str = "dalmas_awal"  # dalmas_awal | dalmas_lanjut | phh | tni_support


class ReserveSite(DomainModel):
    """Pos siaga: a chosen staging post and the villages it reaches in time."""

    site_id: str
    name: str
    lat: float
    lng: float
    covered_villages: tuple[str, ...] = ()


class Shortfall(DomainModel):
    """Kekurangan: personnel of a force the available units cannot provide."""

    phase: PhaseKind
    force: Force
    personnel: int = Field(ge=0)
    village_code: str | None = None
    post: str = "tps"


class ReinforcementRequest(DomainModel):
    """Permintaan BKO: what the Kapolres should ask of the Kapolda (or the Dandim of the Korem)."""

    phase: PhaseKind
    force: Force
    kind: UnitKind
    platoons: int = Field(ge=0)
    personnel: int = Field(ge=0)
    stage_at: str | None = None
    reason: str = ""


class OutreachEvent(DomainModel):
    """Kegiatan cipta kondisi: Jumat Curhat, silaturahmi or Polisi RW visit."""

    day: date
    village_code: str
    activity: Literal["jumat_curhat", "silaturahmi", "polisi_rw"]
    officer: str = ""
    before_vote: bool = True


class ForceTotals(DomainModel):
    """Jumlah per kekuatan: required vs assigned at the TPS and overall, and what is available."""

    required_tps: int = 0
    assigned_tps: int = 0
    required_total: int = 0
    assigned_total: int = 0
    available: int = 0


class SolverReport(DomainModel):
    method: Literal["none", "milp", "greedy"] = "none"
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    time_s: float = 0.0


class Plan(DomainModel):
    """Who stands where, in which phase, what is in reserve and what to ask for."""

    schema_version: int = SCHEMA_VERSION
    scenario: str
    zones: dict[str, str] = Field(default_factory=dict, description="village code → zone used")
    requirements: tuple[Requirement, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    reserves: tuple[ReserveAssignment, ...] = ()
    reserve_sites: tuple[ReserveSite, ...] = ()
    coverage: float | None = Field(default=None, ge=0, le=1)
    shortfalls: tuple[Shortfall, ...] = ()
    request: tuple[ReinforcementRequest, ...] = ()
    outreach: tuple[OutreachEvent, ...] = ()
    totals: dict[str, ForceTotals] = Field(default_factory=dict)
    solver: SolverReport = Field(default_factory=SolverReport)
    notes: tuple[str, ...] = ()
