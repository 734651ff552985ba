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
    phase = "pasca"
    post = "titik_rawan"
    force = "polri"
    personnel = 4
    min_rank = 1

    [outreach]
    before_days = 21
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sispam.domain import Force, PhaseKind, ReserveRole, Scenario, UnitKind
from sispam.domain.doctrine import NEVER_AT_TPS, ROLE_KINDS
from sispam.i18n import t

Activity = Literal["jumat_curhat", "silaturahmi", "polisi_rw"]
ACTIVITIES: tuple[Activity, ...] = ("jumat_curhat", "silaturahmi", "polisi_rw")
SiteSource = Literal["polsek", "koramil", "kecamatan", "hq", "listed"]
PostPlace = Literal["village", "kecamatan", "pemkab"]

# "H-1 17:00": a clock time on a day relative to election day (H), as operation orders write it.
DAY_TIME = r"^H([+-]\d{1,3})? ([01]\d|2[0-3]):[0-5]\d$"


def at_day_time(election_day: date, text: str) -> datetime:
    """``"H-1 17:00"`` → 17:00 on the day before ``election_day``."""
    day, clock = text.split(" ")
    offset = int(day[1:] or 0)
    hh, mm = clock.split(":")
    return datetime.combine(election_day + timedelta(days=offset), time(int(hh), int(mm)))


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PostSpec(_Settings):
    """Pos khusus tahapan: ``personnel`` of ``force`` in ``phase`` at every village (``at =
    "village"``; per TPS with ``per = "tps"``), at every kecamatan office (``"kecamatan"``) or at
    the Bupati's office (``"pemkab"``). Optional: only villages of the ``zones`` listed or of zone
    rank ≥ ``min_rank`` (1 = above the lowest zone); only the ``top`` largest TPS (voters per
    TPS); only during ``hours`` (``["H-1 17:00", "H 07:00"]``, within the phase); filled by units
    of ``kinds`` (default: ``post_kinds`` of that force)."""

    phase: PhaseKind
    post: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    force: Force
    personnel: int = Field(ge=0)
    at: PostPlace = "village"
    per: Literal["village", "tps"] = "village"
    zones: tuple[str, ...] = ()
    min_rank: int = Field(default=0, ge=0)
    top: int | None = Field(default=None, ge=1)
    hours: tuple[str, str] | None = None
    kinds: tuple[UnitKind, ...] = ()
    due_min: float | None = Field(default=None, ge=0)
    weight: float = Field(default=1.0, gt=0)

    @model_validator(mode="after")
    def _check(self) -> PostSpec:
        if self.post == "tps":
            raise ValueError(t("plan.settings.post_tps"))
        for text in self.hours or ():
            if not re.match(DAY_TIME, text):
                raise ValueError(t("plan.settings.hours", value=text))
        return self


def _post(phase: PhaseKind, post: str, force: Force, n: int, **kw: Any) -> PostSpec:
    return PostSpec(phase=phase, post=post, force=force, personnel=n, **kw)


_P, _K, _T = PhaseKind, UnitKind, Force
_NIGHT_BEFORE = ("H-1 17:00", "H 07:00")  # overnight guard of the election materials (D-1)
_ANNOUNCEMENT = ("H+1 08:00", "H+1 16:00")  # the result is announced at the village hall

DEFAULT_POSTS: tuple[PostSpec, ...] = (
    # Pendaftaran: Pam pendaftaran bakal calon at the village hall; the selection test and the
    # committee's decisions at the Bupati's office.
    _post(_P.PENDAFTARAN, "pendaftaran", _T.POLRI, 2, due_min=60),
    _post(_P.PENDAFTARAN, "pemkab", _T.SATPOL_PP, 10, at="pemkab"),
    # Kampanye: the candidates' presentation (visi-misi) at the village hall; patrols.
    _post(_P.KAMPANYE, "kampanye", _T.POLRI, 2),
    _post(_P.KAMPANYE, "patroli", _T.POLRI, 2, at="kecamatan"),
    # Masa tenang: patrols; on D-1 the materials are guarded overnight at the village hall.
    _post(_P.MASA_TENANG, "patroli", _T.POLRI, 2, at="kecamatan"),
    _post(_P.MASA_TENANG, "logistik", _T.POLRI, 2, hours=_NIGHT_BEFORE),
    _post(_P.MASA_TENANG, "logistik", _T.TNI, 1, hours=_NIGHT_BEFORE),
    _post(_P.MASA_TENANG, "logistik", _T.LINMAS, 2, hours=_NIGHT_BEFORE),
    # Voting day: traffic at the largest TPS (Sat Lantas with Dishub) ...
    _post(_P.PEMUNGUTAN, "lantas", _T.POLRI, 2, top=3, kinds=(_K.POLRES_LANTAS,)),
    _post(_P.PEMUNGUTAN, "lantas", _T.DISHUB, 4, top=3),
    # ... and after counting, on the escort route to the kecamatan office, where Satpol PP
    # receive the boxes; Satpol PP at the village halls where objections converge.
    _post(_P.PENGHITUNGAN, "lantas", _T.POLRI, 1, at="kecamatan", kinds=(_K.POLRES_LANTAS,)),
    _post(_P.PENGHITUNGAN, "lantas", _T.DISHUB, 1, at="kecamatan"),
    _post(_P.PENGHITUNGAN, "kecamatan", _T.SATPOL_PP, 1, at="kecamatan"),
    _post(_P.PENGHITUNGAN, "keberatan", _T.SATPOL_PP, 2, min_rank=1),
    # Penetapan: presence at the announcement; at the Bupati's office, where disputes are lodged.
    _post(_P.PENETAPAN, "penetapan", _T.POLRI, 2, hours=_ANNOUNCEMENT),
    _post(_P.PENETAPAN, "pemkab", _T.POLRI, 2, at="pemkab"),
    _post(_P.PENETAPAN, "pemkab", _T.SATPOL_PP, 10, at="pemkab"),
    # Pasca: patrols, the vulnerable villages, the Bupati's office while he settles disputes.
    _post(_P.PASCA, "patroli", _T.POLRI, 2, at="kecamatan"),
    _post(_P.PASCA, "titik_rawan", _T.POLRI, 2, min_rank=1),
    _post(_P.PASCA, "pemkab", _T.SATPOL_PP, 10, at="pemkab"),
)
"""The default pattern of every phase (a Pilkades; see docs/plan.md §1 for the doctrine)."""
del _P, _K, _T


class SiteSpec(_Settings):
    """A listed place (``[[plan.sites]]``): a staging post candidate such as a Koramil annex or a
    village hall; the id ``pemkab`` names the Bupati's office."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9:._-]*$")
    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class ReserveElement(_Settings):
    """Unsur cadangan: ``platoons`` whole platoons of ``force`` in ``role`` per chosen site
    (``per = "site"``) or once for the operation (``per = "regency"``, held at the most central
    chosen site), standing by through ``phases`` (empty: ``[plan.reserve] phases``, else every
    phase), filled by units of ``kinds`` (default: doctrine), at the post ``due_min`` after
    the first of its phases starts. ``count = "units"`` counts whole units instead of platoons
    (the Kodim's riot-control unit, whatever its size)."""

    role: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    force: Force = Force.POLRI
    platoons: int = Field(default=1, ge=0)
    per: Literal["site", "regency"] = "site"
    kinds: tuple[UnitKind, ...] = ()
    phases: tuple[PhaseKind, ...] = ()
    count: Literal["platoons", "units"] = "platoons"
    due_min: float | None = Field(default=60.0, ge=0)
    weight: float | None = Field(default=None, gt=0)

    def unit_kinds(self) -> tuple[UnitKind, ...]:
        if self.kinds:
            return self.kinds
        return ROLE_KINDS.get(ReserveRole(self.role), ()) if self.role in set(ReserveRole) else ()


DEFAULT_ELEMENTS: tuple[ReserveElement, ...] = (
    # Perkap 16/2006: Dalmas Awal first (no riot gear) near every sector, Dalmas Lanjut takes over
    # (lapis ganti), Brimob PHH for merah (lintas ganti) while the BKO is in the regency; TNI on
    # request at merah, the Kodim's riot-control unit as one unit.
    ReserveElement(role="dalmas_awal"),
    ReserveElement(role="dalmas_lanjut", per="regency"),
    ReserveElement(
        role="phh",
        per="regency",
        platoons=3,
        phases=(PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN),
    ),
    ReserveElement(role="tni_support", force=Force.TNI, per="regency", count="units"),
)


class ReserveSettings(_Settings):
    """Cadangan: where to stage the rapid-response reserves and what they hold.

    ``posts`` staging posts (default: one per ``sector_districts`` kecamatan, as Klaten 2020's
    three teams of 8 kecamatan) are chosen among ``sources`` to maximise the risk-weighted share
    of villages within ``response_min`` minutes (maximal covering location problem); ``backup``
    then maximises the share reached by two posts without losing any primary coverage.
    ``phases``: what an element without its own stands by through (empty: every phase).
    """

    phases: tuple[PhaseKind, ...] = ()
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


class ScheduleSettings(_Settings):
    """``[plan.schedule]``: the D-1 activities, as "H-1 08:00" (day relative to election day)."""

    apel: str = Field(default="H-1 08:00", pattern=DAY_TIME)  # apel gelar pasukan
    distribution: str = Field(default="H-1 10:00", pattern=DAY_TIME)  # materials to villages
    move: str = Field(default="H-1 13:00", pattern=DAY_TIME)  # pergeseran pasukan


# Who may stand at a village or office post of each force (the reserve's own: ROLE_KINDS): not
# the units held whole for crowd control (NEVER_AT_TPS), not Sat Lantas (its own posts).
DEFAULT_POST_KINDS: tuple[UnitKind, ...] = tuple(
    k for k in UnitKind if k not in NEVER_AT_TPS and k != UnitKind.POLRES_LANTAS
)


class PlanSettings(_Settings):
    """``[plan]``: requirement, allocation, reserves and request settings.

    ``tps_phases``: the phases one Pam TPS team holds its TPS through (it stays through counting
    and escorts the box itself). ``territory = "kecamatan"``: a Polsek or Koramil serves its own
    kecamatan; help across the border costs ``cross_border_penalty_min`` person-minutes a person
    in the second objective, so it is used only to close a gap, and is reported with a reason.
    """

    tps_phases: tuple[PhaseKind, ...] = (PhaseKind.PEMUNGUTAN, PhaseKind.PENGHITUNGAN)
    key_phase: PhaseKind = PhaseKind.PEMUNGUTAN
    tps_due_min: float = Field(default=60.0, ge=0)
    posts: tuple[PostSpec, ...] = DEFAULT_POSTS
    post_kinds: tuple[UnitKind, ...] = DEFAULT_POST_KINDS
    territory: Literal["kecamatan", "none"] = "kecamatan"
    cross_border_penalty_min: float = Field(default=240.0, ge=0)
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
    schedule: ScheduleSettings = ScheduleSettings()


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
    villages_per_polisi_rw: int = Field(default=1, ge=1)
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
