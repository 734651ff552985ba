"""Rencana pengamanan (deployment plan): the output of the ``plan`` stage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.enums import Force, PhaseKind, UnitKind


class Requirement(DomainModel):
    """Kebutuhan: personnel of a force needed at a post in a phase.

    ``post`` is ``tps`` for the polling stations (from the staffing pattern; the same team holds
    it through voting and counting and escorts the ballot box) or a phase post of ``[plan.posts]``
    such as ``pendaftaran`` (Pam pendaftaran bakal calon) or ``logistik`` (guarding the election
    materials overnight on D-1). A post is at a village (``village_code``) or at a place that is
    not one (``place_id``: ``kecamatan:<code>`` for a kecamatan office, ``pemkab`` for the Bupati's
    office). ``start``/``end`` are the post's hours when it does not last the whole phase.
    """

    phase: PhaseKind
    village_code: str | None = None
    force: Force
    personnel: int = Field(ge=0)
    post: str = "tps"
    due_min: float | None = Field(
        default=None, ge=0, description="Must be staffed this many minutes after the phase starts"
    )
    weight: float = Field(default=1.0, gt=0, description="Priority weight of a missing person")
    place_id: str | None = None
    place_name: str = ""
    start: datetime | None = None
    end: datetime | None = None


class ReserveRequirement(DomainModel):
    """Kebutuhan cadangan: a doctrinal reserve element (Dalmas awal/lanjut, PHH, TNI support)
    to hold at a staging post through ``phases``: ``platoons`` whole platoons (for TNI support:
    whole units), ``personnel`` their nominal strength."""

    role: str
    force: Force
    personnel: int = Field(ge=0)
    platoons: int = Field(default=1, ge=0)
    site_id: str
    phases: tuple[PhaseKind, ...] = ()
    due_min: float | None = Field(default=None, ge=0)
    weight: float = Field(default=1.0, gt=0)


class Assignment(DomainModel):
    """Penugasan: ``personnel`` of ``unit`` posted at a village (or a place, as the requirement
    says) in a phase. A post held through several phases (the TPS through voting and counting)
    has one row per phase with the same people; ``arrival_min`` counts from the post's start
    (its phase's, or its hours' when the requirement has ``start``), ``arrival_at`` is the clock
    time. ``cross_border`` is the reason a Polsek or Koramil stands outside its own kecamatan —
    an exception the plan makes only when the kecamatan's own unit cannot staff the post."""

    phase: PhaseKind
    unit: str
    kind: UnitKind
    force: Force
    village_code: str | None = None
    personnel: int = Field(gt=0)
    post: str = "tps"
    travel_min: float = Field(ge=0)
    arrival_min: float = Field(ge=0, description="Minutes after the post starts when in place")
    arrival_at: datetime | None = None
    place_id: str | None = None
    place_name: str = ""
    cross_border: str = ""


class ReserveAssignment(DomainModel):
    """Cadangan: a rapid-response element held at a staging post (site) — a whole unit
    (``platoons`` of it) in the plan; ``ready_min`` counts from the start of its first phase."""

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
    platoons: int = Field(default=1, ge=0)


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
    place_id: str | None = None


class ReinforcementRequest(DomainModel):
    """Permintaan BKO (Bawah Kendali Operasi): what the Kapolres should ask of the Kapolda — BKO
    personnel of the Polda or a neighbouring Polres for Pam TPS and Dalmas, Brimob for PHH — or
    the Dandim of the Korem, for ``phases`` (the first is ``phase``)."""

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
    phases: tuple[PhaseKind, ...] = ()


class ResponsePromise(DomainModel):
    """Janji waktu tiba: minutes from the order to move until the first element of a reserve role
    reaches the village from its staging post, in the phases listed (it stands by there then).

    This is the response the plan can promise, the same travel model as the coverage and the
    simulation; the Posko's dispatch and overdue alerts and the drill's time targets read it
    (:meth:`Plan.promised_min`). A village and role without a row has no such element standing
    by in that phase (e.g. PHH outside the voting days): it must be requested."""

    village_code: str
    role: str
    minutes: float = Field(ge=0)
    unit: str
    site_id: str
    phases: tuple[PhaseKind, ...] = ()


class Escort(DomainModel):
    """Pengawalan: an escort of election materials — ``logistik`` (distribution to the village on
    D-1) or ``kotak_suara`` (the ballot box from the TPS after counting, by the TPS team) — with
    its route (origin → destination) and times."""

    kind: Literal["logistik", "kotak_suara"]
    village_code: str
    origin: str
    destination: str
    dest_lat: float
    dest_lng: float
    travel_min: float = Field(ge=0)
    depart_at: datetime
    arrive_at: datetime
    personnel: int = Field(default=0, ge=0)
    units: tuple[str, ...] = ()


class ScheduleItem(DomainModel):
    """Kegiatan: one line of the operation's timeline (jadwal), e.g. the arrival of the BKO, the
    deployment parade (apel gelar pasukan) and the move to posts (pergeseran pasukan) on D-1.
    ``activity`` is a key (texts in the report catalogue)."""

    start: datetime
    end: datetime | None = None
    activity: str
    phase: PhaseKind | None = None
    place: str = ""
    personnel: int = Field(default=0, ge=0)
    units: tuple[str, ...] = ()


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
    officer_kind: str = ""  # kapolsek | bhabinkamtibmas | polisi_rw
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
    from HiGHS (MILP) or from the LP relaxation (greedy fallback). No wall time: a plan is the
    same bytes for the same inputs (the solvers report their time beside, not in, the plan)."""

    method: Literal["none", "milp", "greedy", "mixed"] = "none"
    status: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
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
    # Promised arrival (minutes after the order) of the first element of each reserve role
    # standing by in the key phase; ``response_min`` is the first responder's (Dalmas awal).
    promise: dict[str, float] = Field(default_factory=dict)


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
    """Who stands where, in which phase, what is in reserve and what to ask for.

    ``coverage`` is the risk-weighted share of villages that the first crowd-control element
    actually held in reserve (Dalmas awal) reaches within ``coverage_min`` minutes in the key
    phase — an empty staging post reaches nobody; ``response`` the arrival the plan promises per
    village and reserve role."""

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
    response: tuple[ResponsePromise, ...] = ()
    escorts: tuple[Escort, ...] = ()
    schedule: tuple[ScheduleItem, ...] = ()

    def promised_min(
        self, village_code: str, role: str, phase: PhaseKind | None = None
    ) -> float | None:
        """Promised arrival of the first ``role`` element at the village (minutes after the
        order) in ``phase`` (default: the key phase); None if none stands by then."""
        phase = phase or self.key_phase
        for p in self.response:
            if p.village_code == village_code and p.role == role and (phase in p.phases):
                return p.minutes
        return None
