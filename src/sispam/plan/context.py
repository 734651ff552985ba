"""Kontext rencana (the plan's context): settings, zones, scores, coordinates, phase lengths,
travel model and jurisdiction groups — computed once and shared by every step."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from sispam.domain import Assessment, PhaseKind, Scenario
from sispam.i18n import t
from sispam.plan.errors import PlanError
from sispam.plan.jurisdiction import village_groups
from sispam.plan.requirement import phase_minutes
from sispam.plan.settings import OutreachSettings, PlanSettings, read_settings, zone_weight
from sispam.plan.travel import travel_model, village_areas


@dataclass(frozen=True)
class Context:
    """Everything the steps share, computed once."""

    scenario: Scenario
    settings: PlanSettings
    outreach: OutreachSettings
    zones: list[str]
    scores: list[float | None]
    lat: np.ndarray
    lng: np.ndarray
    areas: np.ndarray
    lengths: dict[PhaseKind, float]
    travel: object  # geo.TravelModel
    group: np.ndarray  # per village: its jurisdiction group (regency), all 0 within one regency
    group_codes: list[str]

    @property
    def top_weight(self) -> float:
        return max(zone_weight(self.settings, self.scenario, z) for z in self.scenario.zones.ids())


# --- context ---------------------------------------------------------------------------------


def make_context(scenario: Scenario, assessment: Assessment) -> Context:
    settings, outreach = read_settings(scenario)
    by_code = assessment.by_code()
    zone_ids = set(scenario.zones.ids())
    missing = [v.code for v in scenario.villages if v.code not in by_code]
    if missing:
        raise PlanError(
            t("plan.error.assessment_missing", count=len(missing), codes=", ".join(missing[:5]))
        )
    zones, scores = [], []
    for v in scenario.villages:
        r = by_code[v.code]
        if r.zone not in zone_ids:
            raise PlanError(
                t("plan.error.unknown_zone", zone=r.zone, village=v.code, zones=", ".join(zone_ids))
            )
        zones.append(r.zone)
        scores.append(r.score)
    tm = travel_model(scenario)
    ctx = Context(
        scenario=scenario,
        settings=settings,
        outreach=outreach,
        zones=zones,
        scores=scores,
        lat=np.array([v.lat for v in scenario.villages], float),
        lng=np.array([v.lng for v in scenario.villages], float),
        areas=village_areas(scenario, tm),
        lengths=phase_minutes(scenario),
        travel=tm,
        group=np.zeros(len(zones), np.int64),
        group_codes=[""],
    )
    group, codes = village_groups(ctx)
    return replace(ctx, group=group, group_codes=codes)
