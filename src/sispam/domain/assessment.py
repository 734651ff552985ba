"""Penilaian kerawanan (vulnerability assessment): the output of the ``assess`` stage."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.village import IndicatorValue


class Contribution(DomainModel):
    """How much one indicator added to a village's score (points on the 0–100 scale)."""

    indicator: str
    name_id: str
    name_en: str
    value: IndicatorValue = None
    points: float
    imputed: bool = False
    estimated: bool = False


class VillageRisk(DomainModel):
    """Skor dan zona satu desa (one village's score and zone) with its explanation."""

    code: str
    name: str
    score: float | None = Field(default=None, ge=0, le=100)
    zone: str
    derived_zone: str | None = None  # the zone the score alone gives (differs when pinned)
    pinned: bool = False
    pin_reason: str | None = None
    contributions: tuple[Contribution, ...] = ()
    missing: tuple[str, ...] = ()


class Assessment(DomainModel):
    """Every participating village's risk, in scenario order."""

    schema_version: int = SCHEMA_VERSION
    scenario: str
    method: Literal["given", "indicators"]
    indicator_set: str | None = None
    villages: tuple[VillageRisk, ...]
    notes: tuple[str, ...] = ()

    def zone_of(self, code: str) -> str:
        return self.by_code()[code].zone

    def by_code(self) -> dict[str, VillageRisk]:
        return {v.code: v for v in self.villages}
