"""Rencana pengamanan (deployment plan): the output of the ``plan`` stage."""

from __future__ import annotations

from datetime import date, datetime
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
    due_min: float | None = Field(
        default=None, ge=0, description="Must be staffed this many minutes after the phase starts"
    )
    weight: float = Field(default=1.0, gt=0, description="Priority weight of a missing person")


class ReserveRequirement(DomainModel):
    """Kebutuhan cadangan: a doctrinal reserve element (Dalmas awal/lanjut, PHH, TNI support)
    to hold at a staging post through ``phases``."""

    role: str
    force: Force
    personnel: int = Field(ge=0)
    site_id: str
    phases: tuple[PhaseKind, ...] = ()
    due_min: float | None = Field(default=None, ge=0)
    weight: float = Field(default=1.0, gt=0)


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
    arrival_at: datetime | None = None


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
    # Additive (plan stage): the phases the element is held through (first one's start is the
    # origin of ready_min) and the trip from the unit's base to the site included in ready_min.
    phases: tuple[PhaseKind, ...] = ()
    travel_min: float = Field(default=0.0, ge=0)


class ReserveSite(DomainModel):
    """Pos siaga: a chosen staging post and the villages it reaches in time."""

    site_id: str
    name: str
    lat: float
    lng: float
    covered_villages: tuple[str, ...] = ()
    # Additive (plan stage): where the candidate came from (polsek|koramil|kecamatan|hq|listed),
    # whether the scenario fixed it, the risk weight it reaches, and its sector: the villages for
    # which it is the nearest chosen post.
    kind: str = ""
    fixed: bool = False
    weight_covered: float = Field(default=0.0, ge=0)
    sector_villages: tuple[str, ...] = ()


class Shortfall(DomainModel):
    """Kekurangan: personnel of a force the available units cannot provide."""

    phase: PhaseKind
    force: Force
    personnel: int = Field(ge=0)
    village_code: str | None = None
    post: str = "tps"
    site_id: str | None = None
    role: str | None = None
    weight: float = Field(default=1.0, gt=0)


class ReinforcementRequest(DomainModel):
    """Permintaan BKO: what the Kapolres should ask of the Kapolda (or the Dandim of the Korem)."""

    phase: PhaseKind
    force: Force
    kind: UnitKind
    platoons: int = Field(ge=0)
    personnel: int = Field(ge=0)
    stage_at: str | None = None
    reason: str = ""
    ssk: int = Field(default=0, ge=0, description="Of the platoons, whole SSK (company) units")
    stage_name: str = ""
    lat: float | None = None
    lng: float | None = None
    arrive_by: datetime | None = None


class MarginalValue(DomainModel):
    """Nilai tambahan: what ``extra_platoons`` more platoons (requested ahead, staged at the
    best post) would leave short and how far the reserves would reach."""

    extra_platoons: int = Field(ge=0)
    personnel: int = Field(ge=0)
    shortfall: int = Field(ge=0)
    weighted_shortfall: float = Field(ge=0)
    coverage: float | None = Field(default=None, ge=0, le=1)
    closes: int = Field(default=0, description="Personnel short closed by this last platoon")
    coverage_gain: float = Field(default=0.0, description="Coverage added by this last platoon")
    exact: bool = Field(default=True, description="Shortfall proven least (else: achievable)")


class OutreachEvent(DomainModel):
    """Kegiatan cipta kondisi: Jumat Curhat, silaturahmi or Polisi RW visit."""

    day: date
    village_code: str
    activity: Literal["jumat_curhat", "silaturahmi", "polisi_rw"]
    officer: str = ""
    before_vote: bool = True
    officer_kind: str = ""  # bhabinkamtibmas | babinsa | kapolsek
    zone: str = ""


class ForceTotals(DomainModel):
    """Jumlah per kekuatan: required vs assigned at the TPS and overall, and what is available."""

    required_tps: int = 0
    assigned_tps: int = 0
    required_total: int = 0
    assigned_total: int = 0
    available: int = 0


class SolverReport(DomainModel):
    """How an optimisation went. For the allocation: ``objective`` is the weighted shortfall
    (first priority) and ``travel`` the person-minutes of travel (second); ``bound``/``gap`` come
    from HiGHS (MILP) or from the LP relaxation (greedy fallback)."""

    method: Literal["none", "milp", "greedy", "mixed"] = "none"
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    time_s: float = 0.0
    travel: float | None = None
    travel_bound: float | None = None
    travel_gap: float | None = None
    variables: int = 0
    constraints: int = 0
    batches: int = 0
    reason: str = ""


class VillagePlan(DomainModel):
    """Ringkasan desa: one village's plan on the key phase (voting) — for maps and tables."""

    code: str
    name: str
    district: str = ""
    zone: str
    score: float | None = None
    lat: float
    lng: float
    tps: int = 1
    required: dict[str, int] = Field(default_factory=dict)
    assigned: dict[str, int] = Field(default_factory=dict)
    units: tuple[str, ...] = ()
    first_arrival_min: float | None = None
    last_arrival_min: float | None = None
    site_id: str | None = None
    response_min: float | None = None
    covered: bool = False
    backup_covered: bool = False
    outreach_events: int = 0


class UnitPlan(DomainModel):
    """Ringkasan satuan: where one unit goes, per phase, and how far."""

    name: str
    kind: UnitKind
    force: Force
    strength: int
    lat: float
    lng: float
    assigned: dict[str, int] = Field(default_factory=dict, description="phase → personnel posted")
    reserve: dict[str, int] = Field(default_factory=dict, description="phase → held in reserve")
    destinations: int = 0
    max_travel_min: float | None = None


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
    # Additive (plan stage).
    key_phase: PhaseKind | None = None
    reserve_requirements: tuple[ReserveRequirement, ...] = ()
    coverage_min: float | None = Field(default=None, ge=0, description="Response time T (min)")
    coverage_backup: float | None = Field(default=None, ge=0, le=1)
    uncovered: tuple[str, ...] = ()
    coverage_solver: SolverReport = Field(default_factory=SolverReport)
    marginal: tuple[MarginalValue, ...] = ()
    phase_totals: dict[str, dict[str, ForceTotals]] = Field(default_factory=dict)
    villages: tuple[VillagePlan, ...] = ()
    units: tuple[UnitPlan, ...] = ()
    outreach_unscheduled: int = Field(default=0, ge=0)
