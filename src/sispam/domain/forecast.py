"""Prakiraan (the live forecast): the present state of election day and what the contingency model
expects of the next hours from it.

:class:`ForecastState` is what the Posko knows now — incidents (village, situation level, crowd,
minutes since they began) and reserve elements (role, where they are, free or committed to an
incident, minutes until they get where they are going). :class:`Forecast` is the model's answer:
per village the probability of merah within the horizon, and the one move of a free reserve
element that most lowers the regency's probability of any merah. It is a **model estimate**
(``estimate`` is always true and ``label_key`` names the text every screen shows with it), not a
fact; the probabilities carry 95 % intervals. See ``docs/contingency-model.md`` ("Live forecast").
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.enums import PhaseKind, ReserveRole, SituationLevel
from sispam.domain.simulation import Estimate


class IncidentNow(DomainModel):
    """Insiden berjalan: an incident under way at a village, as the Posko has it now."""

    village_code: str
    level: SituationLevel
    crowd: int = Field(ge=0, description="Active crowd (massa) at the scene now, persons")
    minutes_since_start: float = Field(ge=0, description="Minutes since the incident began")


class UnitNow(DomainModel):
    """Unsur cadangan sekarang: a reserve element and where it is.

    ``lat``/``lng`` is where it is, or — while moving (``eta_min`` > 0) — where it is going: its
    staging post when free, the incident's village when committed. ``committed_to`` is the code of
    the village whose incident it is committed to (None: free, on standby)."""

    unit: str = Field(min_length=1)
    role: ReserveRole
    personnel: int = Field(gt=0)
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    committed_to: str | None = None
    eta_min: float = Field(default=0.0, ge=0, description="Minutes until it is where it is going")
    site_id: str = ""


class ForecastState(DomainModel):
    """Keadaan sekarang: the present state the forecast starts from. ``units`` empty: the plan's
    reserve elements, all free at their staging posts as the plan holds them."""

    schema_version: int = SCHEMA_VERSION
    scenario: str
    time: datetime
    incidents: tuple[IncidentNow, ...] = ()
    units: tuple[UnitNow, ...] = ()

    @model_validator(mode="after")
    def _one_incident_per_village(self) -> ForecastState:
        codes = [i.village_code for i in self.incidents]
        if len(codes) != len(set(codes)):
            raise ValueError("rule.forecast_one_incident_per_village")
        return self


class VillageForecast(DomainModel):
    """One village: its level now (None: no incident) and P(merah within the horizon)."""

    code: str
    name: str
    level_now: SituationLevel | None = None
    p_merah: Estimate


class ReserveMove(DomainModel):
    """Pergeseran cadangan: move one free element to a staging post or a village, and what the
    model expects of it — the regency's P(any merah) without and with the move on the same
    random numbers, and their paired difference (negative: the move helps)."""

    unit: str
    role: ReserveRole
    from_lat: float
    from_lng: float
    to_kind: Literal["site", "village"]
    to_id: str
    to_name: str
    to_lat: float
    to_lng: float
    travel_min: float = Field(ge=0)
    p_any_merah_before: Estimate
    p_any_merah_after: Estimate
    difference: Estimate


class Forecast(DomainModel):
    """Prakiraan model: the contingency model run forward ``horizon_min`` minutes from ``time``."""

    schema_version: int = SCHEMA_VERSION
    estimate: Literal[True] = True
    label_key: str = "sim.forecast.label"
    scenario: str
    time: datetime
    horizon_min: int = Field(ge=1)
    runs: int = Field(ge=1)
    seed: int
    phase: PhaseKind | None = None
    p_any_merah: Estimate
    villages: tuple[VillageForecast, ...]
    best_move: ReserveMove | None = None
    moves_considered: int = Field(default=0, ge=0)
    notes: tuple[str, ...] = ()
