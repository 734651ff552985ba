"""Hasil simulasi kontinjensi (contingency simulation result): the output of the ``sim`` stage.

Every probability carries a 95 % confidence interval (:class:`Estimate`); every time is in minutes.
The escalation colours (``hijau``/``kuning``/``merah``) are the crowd-control doctrine's levels
(Perkap 16/2006), not the scenario's vulnerability zones. See ``docs/contingency-model.md``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.enums import CommandLevel, SituationLevel

LEVELS: tuple[str, ...] = tuple(SituationLevel)
"""Tingkat eskalasi: tertib (orderly), tidak tertib (disorderly), melanggar hukum (unlawful)."""

RESPONSE_STEPS: tuple[str, ...] = ("kehadiran", "himbauan", "dalmas_awal", "dalmas_lanjut", "phh")
"""Tangga respons: presence, appeals and negotiation, Dalmas awal, Dalmas lanjut, PHH."""

COMMAND_LEVELS: tuple[str, ...] = tuple(CommandLevel)
"""Who commands at each colour (Perkap 16/2006): the command moves up as the crowd escalates."""


class Estimate(DomainModel):
    """A simulated figure with its 95 % confidence interval (``low``–``high``); ``None`` when the
    runs hold no observation of it (e.g. containment time in a village that never had an incident)."""

    value: float | None = None
    low: float | None = None
    high: float | None = None


class Histogram(DomainModel):
    """Counts in bins ``[edges[i], edges[i+1])``; ``over`` counts values at or beyond the last edge
    (for containment time: incidents not contained within the horizon)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    over: int = 0


class VillageSim(DomainModel):
    """Satu desa (one village) over all runs: how likely it escalates, how fast it is contained.

    ``p_*`` are per election (one run = the whole election, every phase): the probability that the
    village has at least one incident / reaches kuning / merah / a failure (merah or not contained
    within the target time). Containment figures are per incident, in minutes from the trigger.
    ``response_steps`` gives, for runs with an incident, the probability that each step was the
    highest one used (names in :data:`RESPONSE_STEPS`).
    """

    code: str
    name: str
    district: str = ""
    lat: float
    lng: float
    zone: str
    score: float = Field(ge=0, le=100, description="Vulnerability score used (0–100)")
    score_source: Literal["assessment", "zone"] = "assessment"
    p_incident: Estimate
    p_kuning: Estimate
    p_merah: Estimate
    p_fail: Estimate
    incidents_mean: float = Field(ge=0)
    incidents: int = Field(ge=0, description="Incidents in all runs together")
    p_uncontained: Estimate
    containment_mean: Estimate
    containment_p50: Estimate
    containment_p90: Estimate
    containment_p95: Estimate
    first_response_mean: float | None = None
    peak_crowd_mean: float | None = None
    peak_crowd_p90: float | None = None
    peak_crowd_max: int = 0
    response_steps: dict[str, float] = Field(default_factory=dict)
    max_step: str | None = None
    p_tni_support: float = 0.0
    fail_rank: int = Field(ge=1, description="1 = the village where the plan fails most often")


class PhaseSim(DomainModel):
    """Kejadian per tahapan: incidents per run that start in a phase, and how far they go."""

    phase: str
    incidents_mean: float
    p_kuning_given_incident: float | None = None
    p_merah_given_incident: float | None = None


class OverallSim(DomainModel):
    """The whole election (every village) per run, over all runs."""

    p_any_incident: Estimate
    p_any_kuning: Estimate
    p_any_merah: Estimate
    p_any_fail: Estimate
    incidents_mean: Estimate
    kuning_villages_mean: Estimate
    merah_villages_mean: Estimate
    p_uncontained: Estimate
    containment_mean: Estimate
    containment_p50: Estimate
    containment_p90: Estimate
    containment_p95: Estimate
    peak_crowd_p50: float | None = None
    peak_crowd_p90: float | None = None
    max_concurrent_mean: float = 0.0
    unmet_request_min_mean: float = Field(
        default=0.0, description="Minutes per run a response request waited for a free unit"
    )
    response_steps: dict[str, float] = Field(
        default_factory=dict, description="Share of incidents whose highest step was each step"
    )
    by_phase: tuple[PhaseSim, ...] = ()
    by_trigger: dict[str, float] = Field(
        default_factory=dict, description="Incidents per run by trigger"
    )
    worst_villages: tuple[str, ...] = Field(
        default=(), description="Codes of the villages where the plan fails most, worst first"
    )


class Distributions(DomainModel):
    """Histograms for the report's charts."""

    containment_min: Histogram
    peak_crowd: Histogram
    kuning_villages: Histogram
    merah_villages: Histogram
    incidents: Histogram


class ReserveUse(DomainModel):
    """Pemakaian cadangan: how often a reserve element was sent, and how long it was busy."""

    unit: str
    role: str
    site: str
    personnel: int
    p_dispatched: float = Field(ge=0, le=1)
    dispatches_mean: float = Field(ge=0)
    busy_min_mean: float = Field(ge=0)
    utilisation: float = Field(ge=0, le=1, description="Busy share of the voting-day window")


class TimelineEvent(DomainModel):
    """One thing that happened in the example run (``kind``: see ``sim.event.*`` messages)."""

    time: datetime
    minute: int = Field(description="Minutes since the featured incident's trigger (may be < 0)")
    village_code: str
    village_name: str
    kind: str
    level: str | None = None
    crowd: int | None = None
    responders: float | None = None
    unit: str | None = None
    role: str | None = None
    personnel: int | None = None
    eta_min: float | None = None
    detail: str = ""


class TimelineSeries(DomainModel):
    """Minute-by-minute state of the featured village's incident in the example run."""

    village_code: str
    start: datetime
    minutes: tuple[int, ...] = ()
    crowd: tuple[int, ...] = Field(default=(), description="Active (disorderly) persons")
    gathered: tuple[int, ...] = Field(default=(), description="Persons gathered at the site")
    responders: tuple[float, ...] = Field(default=(), description="Weighted responders present")
    level: tuple[int, ...] = Field(default=(), description="0 hijau, 1 kuning, 2 merah")
    legitimacy: tuple[float, ...] = ()


class ExampleRun(DomainModel):
    """One run told as a story: the first run (lowest index) with the worst outcome seen."""

    run: int
    reason: Literal["merah", "kuning", "incident", "quiet"]
    village_code: str | None = None
    events: tuple[TimelineEvent, ...] = ()
    series: TimelineSeries | None = None


class OatRow(DomainModel):
    """One-at-a-time sensitivity: outcomes with one parameter at its low and high value."""

    param: str
    base: float
    low: float
    high: float
    low_outcomes: dict[str, float]
    high_outcomes: dict[str, float]


class LhsResult(DomainModel):
    """Latin-hypercube sweep: partial rank correlation (PRCC) of each parameter with each outcome."""

    samples: int
    runs_per_sample: int
    ranges: dict[str, tuple[float, float]]
    prcc: dict[str, dict[str, float]]


class Sensitivity(DomainModel):
    runs_per_point: int
    outcomes: tuple[str, ...]
    base_outcomes: dict[str, float]
    oat: tuple[OatRow, ...] = ()
    lhs: LhsResult | None = None


class VillageDiff(DomainModel):
    """This plan minus the other, per village, on common random numbers (negative = better)."""

    code: str
    d_p_kuning: Estimate
    d_p_merah: Estimate
    d_p_fail: Estimate


class PlanComparison(DomainModel):
    """Two plans on common random numbers: differences are *this plan − other plan*."""

    other_label: str
    other_overall: OverallSim
    d_p_any_merah: Estimate
    d_p_any_kuning: Estimate
    d_kuning_villages_mean: Estimate
    d_merah_villages_mean: Estimate
    d_containment_mean: Estimate
    better: Literal["this", "other", "neither"]
    villages: tuple[VillageDiff, ...] = ()


class SimResult(DomainModel):
    """Monte Carlo of the election contingency under one plan (see ``docs/contingency-model.md``)."""

    schema_version: int = SCHEMA_VERSION
    scenario: str
    plan_label: str = "plan"
    runs: int = Field(ge=1)
    seed: int
    horizon_min: int
    containment_target_min: int
    contain_bin_min: int = Field(
        ge=1, description="Resolution of per-village containment quantiles"
    )
    levels: tuple[str, ...] = LEVELS
    response_step_names: tuple[str, ...] = RESPONSE_STEPS
    params: dict[str, Any] = Field(default_factory=dict)
    villages: tuple[VillageSim, ...]
    overall: OverallSim
    distributions: Distributions
    reserves: tuple[ReserveUse, ...] = ()
    example: ExampleRun | None = None
    sensitivity: Sensitivity | None = None
    comparison: PlanComparison | None = None
    notes: tuple[str, ...] = ()

    def by_code(self) -> dict[str, VillageSim]:
        return {v.code: v for v in self.villages}
