"""Pengaturan rencana (plan settings): the scenario's ``[plan]`` and ``[outreach]`` tables.

Every number is a planning default to be overridden per operation order, never a fact: doctrine
(Perkap 16/2006) names the reserve elements but not their size per sector, so the defaults below
follow the Klaten practice in domain.md (three rapid-response teams for 22–26 kecamatan, platoons
of ≈30). A scenario overrides any of them, e.g.::

    [plan]
    tps_due_min = 45

    [plan.reserve]
    response_min = 25
    posts = 4

    [[plan.posts]]                     # replaces the default list of phase posts
    phase = "penghitungan"
    post = "pengawalan"
    force = "polri"
    personnel = 2

    [outreach]
    before_days = 21
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sispam.domain import Force, PhaseKind, Scenario, UnitKind
from sispam.i18n import t

Activity = Literal["jumat_curhat", "silaturahmi", "polisi_rw"]
ACTIVITIES: tuple[Activity, ...] = ("jumat_curhat", "silaturahmi", "polisi_rw")
SiteSource = Literal["polsek", "koramil", "kecamatan", "hq", "listed"]


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PostSpec(_Settings):
    """Pos khusus tahapan: ``personnel`` of ``force`` at every village (or per TPS) in ``phase``,
    e.g. guarding the committee (``panitia``) during registration or escorting the ballot boxes
    (``pengawalan``) after counting. ``zones`` empty = every zone."""

    phase: PhaseKind
    post: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    force: Force
    personnel: int = Field(ge=0)
    per: Literal["village", "tps"] = "village"
    zones: tuple[str, ...] = ()
    due_min: float | None = Field(default=None, ge=0)
    weight: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _not_tps(self) -> PostSpec:
        if self.post == "tps":
            raise ValueError(t("plan.settings.post_tps"))
        return self


class SiteSpec(_Settings):
    """A listed staging post (``[[plan.sites]]``), e.g. a Koramil annex or a village hall."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9:._-]*$")
    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class ReserveElement(_Settings):
    """Unsur cadangan: ``platoons`` of ``force`` in ``role`` per chosen site (``per = "site"``)
    or once for the whole operation (``per = "regency"``, held at the most central chosen site),
    filled by units of ``kinds``, ready ``due_min`` after the first reserve phase starts."""

    role: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    force: Force = Force.POLRI
    platoons: int = Field(default=1, ge=0)
    per: Literal["site", "regency"] = "site"
    kinds: tuple[UnitKind, ...]
    due_min: float | None = Field(default=None, ge=0)
    weight: float | None = Field(default=None, gt=0)


DEFAULT_ELEMENTS: tuple[ReserveElement, ...] = (
    # Perkap 16/2006: Dalmas Awal first (no riot gear), Dalmas Lanjut takes over (lapis ganti),
    # PHH (Brimob, or a Samapta strike platoon) for merah; TNI supports on request.
    ReserveElement(
        role="dalmas_awal",
        kinds=(UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA),
        due_min=60,
    ),
    ReserveElement(
        role="dalmas_lanjut",
        kinds=(UnitKind.DALMAS, UnitKind.POLRES_SAMAPTA, UnitKind.BRIMOB_BKO),
    ),
    ReserveElement(role="phh", per="regency", kinds=(UnitKind.BRIMOB_BKO, UnitKind.POLRES_SAMAPTA)),
    ReserveElement(
        role="tni_support", force=Force.TNI, per="regency", kinds=(UnitKind.KODIM_RESERVE,)
    ),
)


class ReserveSettings(_Settings):
    """Cadangan: where to stage the rapid-response reserves and what they hold.

    ``posts`` staging posts (default: one per ``sector_districts`` kecamatan, as Klaten 2020's
    three teams of 8 kecamatan) are chosen among ``sources`` to maximise the risk-weighted share
    of villages within ``response_min`` minutes (maximal covering location problem); ``backup``
    then maximises the share reached by two posts without losing any primary coverage.
    """

    phases: tuple[PhaseKind, ...] = (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)
    posts: int | None = Field(default=None, ge=0)
    sector_districts: int = Field(default=8, ge=1)
    response_min: float = Field(default=30.0, gt=0)
    sources: tuple[SiteSource, ...] = ("polsek", "koramil", "kecamatan", "hq", "listed")
    fixed: tuple[str, ...] = ()
    backup: bool = False
    weight: Literal["score", "zone", "uniform"] = "score"
    elements: tuple[ReserveElement, ...] = DEFAULT_ELEMENTS


class RequestSettings(_Settings):
    """Permintaan BKO: the unit a shortfall is requested in and the marginal-value table."""

    platoon_size: int = Field(default=30, ge=1)
    ssk_platoons: int = Field(default=3, ge=1, description="Platoons in one SSK (≈100)")
    # Requested BKO personnel are spread over the posts that fall short, alongside the Polsek
    # (a platoon already in units.csv keeps its own min_team).
    min_team: int = Field(default=1, ge=1)
    marginal_platoons: int = Field(default=5, ge=0)


class SolverSettings(_Settings):
    """HiGHS limits. ``max_candidates`` keeps the nearest eligible units per post (exact when it
    is at least the number of units of a force); larger models than ``max_milp_vars`` per block
    fall back to the greedy method, whose gap against the LP bound is reported."""

    method: Literal["auto", "milp", "greedy"] = "auto"
    time_limit_s: float = Field(default=30.0, gt=0)
    max_milp_vars: int = Field(default=300_000, ge=1)
    max_candidates: int = Field(default=40, ge=1)
    # Relative gap accepted on the travel objective (0.1 %: minutes of travel on a plan of
    # thousands); the shortfall objective is always solved exactly.
    mip_rel_gap: float = Field(default=1e-3, ge=0)
    coverage_time_limit_s: float = Field(default=60.0, gt=0)


ALL_BUT_DALMAS: tuple[UnitKind, ...] = tuple(k for k in UnitKind if k != UnitKind.DALMAS)


class PlanSettings(_Settings):
    """``[plan]``: requirement, allocation, reserves and request settings."""

    tps_phases: tuple[PhaseKind, ...] = (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)
    key_phase: PhaseKind = PhaseKind.PEMUNGUTAN
    tps_due_min: float = Field(default=60.0, ge=0)
    posts: tuple[PostSpec, ...] = (
        PostSpec(
            phase=PhaseKind.PENDAFTARAN, post="panitia", force=Force.POLRI, personnel=2, due_min=60
        ),
        PostSpec(phase=PhaseKind.PENGHITUNGAN, post="pengawalan", force=Force.POLRI, personnel=2),
    )
    # Dalmas platoons are held for crowd control, so by default they stand at no village post.
    post_kinds: tuple[UnitKind, ...] = ALL_BUT_DALMAS
    zone_weights: dict[str, float] = Field(default_factory=dict)
    zone_weight_base: float = Field(default=4.0, ge=1)
    max_travel_min: float = Field(default=120.0, gt=0, description="Farthest trip to a post")
    max_duty_hours: float = Field(default=16.0, gt=0)
    multi_day_hours: float = Field(default=8.0, gt=0)
    bko_from: Literal["hq", "home"] = "hq"
    # Wilayah hukum: in a scenario spanning several regencies, each regency's units serve its own
    # villages and reserves are staged per regency ("auto": when there are several).
    jurisdiction: Literal["auto", "regency", "none"] = "auto"
    sites: tuple[SiteSpec, ...] = ()
    reserve: ReserveSettings = ReserveSettings()
    request: RequestSettings = RequestSettings()
    solver: SolverSettings = SolverSettings()


class OutreachSettings(_Settings):
    """``[outreach]``: visits per village by zone (lists indexed by zone rank, lowest first; a
    list shorter than the zone set is stretched), the windows, and the officers' capacity."""

    enabled: bool = True
    before_days: int = Field(default=28, ge=0)
    after_days: int = Field(default=14, ge=0)
    before: dict[Activity, tuple[int, ...]] = Field(
        default_factory=lambda: {
            "jumat_curhat": (1, 1, 2),
            "silaturahmi": (1, 2, 3),
            "polisi_rw": (1, 2, 4),
        }
    )
    after: dict[Activity, tuple[int, ...]] = Field(
        default_factory=lambda: {
            "jumat_curhat": (0, 1, 1),
            "silaturahmi": (1, 1, 2),
            "polisi_rw": (0, 1, 2),
        }
    )
    villages_per_bhabinkamtibmas: int = Field(default=1, ge=1)
    villages_per_babinsa: int = Field(default=1, ge=1)
    max_per_week: int = Field(default=4, ge=1, description="Visits per officer per week")
    jumat_curhat_per_friday: int = Field(default=1, ge=1, description="Per Polsek (Kapolsek)")

    @model_validator(mode="after")
    def _non_negative(self) -> OutreachSettings:
        for table in (self.before, self.after):
            for counts in table.values():
                if any(c < 0 for c in counts) or not counts:
                    raise ValueError(t("plan.settings.counts"))
        return self


def _merge_counts(raw: dict[str, Any], key: str, default: dict[str, tuple[int, ...]]) -> None:
    if isinstance(raw.get(key), dict):
        raw[key] = {**default, **raw[key]}


def read_settings(scenario: Scenario) -> tuple[PlanSettings, OutreachSettings]:
    """Validate ``[plan]`` and ``[outreach]``; every problem is reported at once, naming the key."""
    # Imported here: the scenario layer's error type names file and key for the CLI.
    from sispam.scenario.errors import ScenarioError, ScenarioIssue, issues_from_validation

    issues: list[ScenarioIssue] = []
    plan_raw = scenario.stage_settings("plan")
    out_raw = scenario.stage_settings("outreach")
    plan_s = PlanSettings()
    out_s = OutreachSettings()
    try:
        plan_s = PlanSettings.model_validate(plan_raw)
    except ValidationError as exc:
        for i in issues_from_validation(exc, "scenario.toml"):
            issues.append(ScenarioIssue(file=i.file, message=i.message, column=f"plan.{i.column}"))
    try:
        _merge_counts(out_raw, "before", dict(out_s.before))
        _merge_counts(out_raw, "after", dict(out_s.after))
        out_s = OutreachSettings.model_validate(out_raw)
    except ValidationError as exc:
        for i in issues_from_validation(exc, "scenario.toml"):
            issues.append(
                ScenarioIssue(file=i.file, message=i.message, column=f"outreach.{i.column}")
            )
    zone_ids = scenario.zones.ids()
    for n, post in enumerate(plan_s.posts):
        for z in post.zones:
            if z not in zone_ids:
                issues.append(
                    ScenarioIssue(
                        file="scenario.toml",
                        column=f"plan.posts.{n}.zones",
                        message=t("plan.settings.unknown_zone", zone=z, zones=", ".join(zone_ids)),
                    )
                )
    for z in plan_s.zone_weights:
        if z not in zone_ids:
            issues.append(
                ScenarioIssue(
                    file="scenario.toml",
                    column="plan.zone_weights",
                    message=t("plan.settings.unknown_zone", zone=z, zones=", ".join(zone_ids)),
                )
            )
    ids = [s.id for s in plan_s.sites]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(
            ScenarioIssue(
                file="scenario.toml",
                column="plan.sites",
                message=t("plan.settings.duplicate_site", site=dup),
            )
        )
    if issues:
        raise ScenarioError(issues)
    return plan_s, out_s


def zone_weight(settings: PlanSettings, scenario: Scenario, zone: str) -> float:
    """Bobot zona: priority of a missing person in ``zone`` (default base^rank: 1, 4, 16, …)."""
    if zone in settings.zone_weights:
        return float(settings.zone_weights[zone])
    return float(settings.zone_weight_base ** scenario.zones.rank(zone))


def by_rank(values: tuple[int, ...], rank: int, n_zones: int) -> int:
    """The entry of a per-zone-rank list for ``rank`` of ``n_zones``, stretching short lists."""
    if n_zones <= 1:
        return values[-1]
    return values[round(rank * (len(values) - 1) / (n_zones - 1))]
