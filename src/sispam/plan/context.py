"""Kontext rencana (the plan's context): settings, zones, scores, coordinates, phase lengths,
travel model, jurisdiction groups, the kecamatan of every territorial unit and the offices —
computed once and shared by every step."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

import numpy as np

from sispam.domain import Assessment, PhaseKind, Scenario, Unit, UnitKind
from sispam.domain.doctrine import TERRITORIAL_KINDS
from sispam.i18n import t
from sispam.plan.errors import PlanError
from sispam.plan.jurisdiction import village_groups
from sispam.plan.requirement import phase_minutes
from sispam.plan.settings import OutreachSettings, PlanSettings, read_settings, zone_weight
from sispam.plan.sites import Site, district_centres
from sispam.plan.travel import travel_model, village_areas

HQ_KINDS = (UnitKind.POLRES_SAMAPTA, UnitKind.DALMAS, UnitKind.POLRES_LANTAS)
_CODE_IN_NAME = re.compile(r"\((\d{2}\.\d{2}\.\d{2})\)")


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
    districts: list[str]  # participating kecamatan codes, sorted
    district_of: np.ndarray  # per village: index into ``districts``
    offices: dict[str, Site]  # kecamatan offices ("kecamatan:<code>") and the Bupati's ("pemkab")
    office_district: dict[str, int]  # office id → index into ``districts``
    unit_district: np.ndarray  # per unit: its kecamatan (territorial kinds), else −1

    @property
    def top_weight(self) -> float:
        return max(zone_weight(self.settings, self.scenario, z) for z in self.scenario.zones.ids())

    @cached_property
    def phase_start(self) -> dict[PhaseKind, datetime]:
        return {p.kind: p.start for p in self.scenario.phases}

    @cached_property
    def phase_end(self) -> dict[PhaseKind, datetime]:
        return {p.kind: p.end for p in self.scenario.phases}


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
    centres = district_centres(scenario)
    districts = sorted(centres)
    d_index = {c: i for i, c in enumerate(districts)}
    offices = {
        f"kecamatan:{code}": Site(
            f"kecamatan:{code}", t("plan.place.kecamatan", name=name), "kecamatan", lat, lng
        )
        for code, (name, lat, lng) in sorted(centres.items())
    }
    office_district = {sid: d_index[sid.split(":", 1)[1]] for sid in offices}
    pemkab = pemkab_office(scenario, settings)
    if pemkab is not None:
        offices["pemkab"] = pemkab
        office_district["pemkab"] = _nearest_district(pemkab.lat, pemkab.lng, centres, districts)
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
        districts=districts,
        district_of=np.array([d_index[v.district_code] for v in scenario.villages], np.int64),
        offices=offices,
        office_district=office_district,
        unit_district=_unit_districts(scenario, centres, districts),
    )
    group, codes = village_groups(ctx)
    return replace(ctx, group=group, group_codes=codes)


def hq_point(scenario: Scenario) -> tuple[float, float] | None:
    """The Polres headquarters: where its Samapta, Dalmas or Lantas are based."""
    for kind in HQ_KINDS:
        for u in scenario.units:
            if u.kind == kind:
                return u.lat, u.lng
    return None


def pemkab_office(scenario: Scenario, settings: PlanSettings) -> Site | None:
    """Kantor Bupati: ``[[plan.sites]]`` id ``pemkab`` when listed, else at the Polres HQ (both
    are in the regency's capital; an estimate the documents flag)."""
    for s in settings.sites:
        if s.id == "pemkab":
            return Site("pemkab", s.name, "pemkab", s.lat, s.lng)
    hq = hq_point(scenario)
    if hq is None:
        if not scenario.villages:
            return None
        hq = (
            float(np.mean([v.lat for v in scenario.villages])),
            float(np.mean([v.lng for v in scenario.villages])),
        )
    return Site("pemkab", t("plan.place.pemkab", region=scenario.region_name), "pemkab", *hq)


def _nearest_district(
    lat: float, lng: float, centres: dict[str, tuple[str, float, float]], districts: list[str]
) -> int:
    if not districts:
        return -1
    d2 = [(centres[c][1] - lat) ** 2 + (centres[c][2] - lng) ** 2 for c in districts]
    return int(np.argmin(d2))


def _unit_districts(
    scenario: Scenario, centres: dict[str, tuple[str, float, float]], districts: list[str]
) -> np.ndarray:
    index = {c: i for i, c in enumerate(districts)}
    by_name: dict[str, list[str]] = {}
    for c in districts:
        by_name.setdefault(centres[c][0].casefold(), []).append(c)
    return np.array(
        [unit_district(u, centres, districts, index, by_name) for u in scenario.units], np.int64
    )


def unit_district(
    u: Unit,
    centres: dict[str, tuple[str, float, float]],
    districts: list[str],
    index: dict[str, int] | None = None,
    by_name: dict[str, list[str]] | None = None,
) -> int:
    """The kecamatan a Polsek or Koramil answers for (−1 for any other kind): its home village's,
    a kecamatan code in its name ("Polsek X (33.10.01)"), the kecamatan its name ends with
    ("Polsek Klaten Utara"; the longest such name, the nearest of namesakes), else the nearest
    participating kecamatan's centre."""
    if u.kind not in TERRITORIAL_KINDS or not districts:
        return -1
    if index is None:
        index = {c: i for i, c in enumerate(districts)}
    if by_name is None:
        by_name = {}
        for c in districts:
            by_name.setdefault(centres[c][0].casefold(), []).append(c)
    if u.home_code and u.home_code[:8] in index:
        return index[u.home_code[:8]]
    m = _CODE_IN_NAME.search(u.name)
    if m and m.group(1) in index:
        return index[m.group(1)]
    words = u.name.casefold().split()
    for k in range(1, len(words)):  # longest suffix first: "Klaten Utara" before "Utara"
        found = by_name.get(" ".join(words[k:]))
        if found:
            return index[
                min(
                    found, key=lambda c: (centres[c][1] - u.lat) ** 2 + (centres[c][2] - u.lng) ** 2
                )
            ]
    return _nearest_district(u.lat, u.lng, centres, districts)
