"""Skenario: one election to secure — region, phases, zones, staffing patterns, villages, units."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from sispam.domain.base import MAX_COUNT, SCHEMA_VERSION, DomainModel
from sispam.domain.enums import ElectionType, Force, PhaseKind
from sispam.domain.unit import Unit
from sispam.domain.village import Village


class Phase(DomainModel):
    """Tahapan with its start and end (local time)."""

    kind: PhaseKind
    start: datetime
    end: datetime

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end <= self.start:
            raise ValueError("rule.end_before_start")
        return self


class Zone(DomainModel):
    """Zona kerawanan (e.g. hijau/kuning/merah); ``min_score`` is its lower score threshold."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name_id: str
    name_en: str
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    min_score: float = Field(default=0.0, ge=0, le=100)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


class ZoneSet(DomainModel):
    """The scenario's zone categories, lowest risk first, and how scores map to them."""

    method: Literal["threshold", "quantile"] = "threshold"
    zones: tuple[Zone, ...]

    @model_validator(mode="after")
    def _check(self) -> ZoneSet:
        ids = [z.id for z in self.zones]
        if len(ids) < 2 or len(set(ids)) != len(ids):
            raise ValueError("rule.zones_distinct")
        mins = [z.min_score for z in self.zones]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("rule.zone_thresholds")
        return self

    def ids(self) -> list[str]:
        return [z.id for z in self.zones]

    def rank(self, zone_id: str) -> int:
        """0 for the lowest-risk zone, rising with risk."""
        return self.ids().index(zone_id)

    def get(self, zone_id: str) -> Zone:
        return self.zones[self.rank(zone_id)]

    def classify(self, score: float) -> str:
        """Threshold classification: the highest zone whose ``min_score`` the score reaches."""
        chosen = self.zones[0].id
        for z in self.zones:
            if score >= z.min_score:
                chosen = z.id
        return chosen


class StaffingRule(DomainModel):
    """Pola pengamanan: ``personnel`` of ``force`` for every ``per_tps`` TPS in ``zone``.

    E.g. Klaten 2023 kuning: 6 Polri per 1 TPS; Pemilu 2024 Klaten: 2 Polri per 16 TPS.
    """

    zone: str
    force: Force
    personnel: int = Field(ge=0, le=MAX_COUNT)
    per_tps: int = Field(default=1, ge=1, le=MAX_COUNT)


class Scenario(DomainModel):
    """One election to secure, as loaded and validated from a scenario directory."""

    schema_version: int = SCHEMA_VERSION
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    election_type: ElectionType
    election_date: date
    region_code: str
    region_name: str
    indicator_set: str | None = None
    # villages.csv columns holding indicator values besides those ``indicator_set`` reads (e.g.
    # for another set used with ``sispam assess --indicator-set``); any other column is an error.
    indicator_columns: tuple[str, ...] = ()
    illustrative: bool = False
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    phases: tuple[Phase, ...]
    zones: ZoneSet
    patterns: tuple[StaffingRule, ...]
    villages: tuple[Village, ...]
    units: tuple[Unit, ...]
    travel: dict[str, float] = Field(default_factory=dict)
    # Per-stage settings (``[assess]``, ``[plan]``, ``[sim]``, ...) that each stage validates itself.
    settings: dict[str, dict[str, Any]] = Field(default_factory=dict)

    def village(self, code: str) -> Village:
        for v in self.villages:
            if v.code == code:
                return v
        raise KeyError(code)

    def phase(self, kind: PhaseKind) -> Phase | None:
        return next((p for p in self.phases if p.kind == kind), None)

    def stage_settings(self, stage: str) -> dict[str, Any]:
        return dict(self.settings.get(stage, {}))

    def estimated_inputs(self) -> list[str]:
        """Which inputs are estimates (field names across villages and units), for every report."""
        fields: set[str] = set()
        for v in self.villages:
            fields |= {f"villages.{f}" for f in v.estimated}
        for u in self.units:
            fields |= {f"units.{f}" for f in u.estimated}
        return sorted(fields)
