"""Penilaian kerawanan (vulnerability assessment): the output of the ``assess`` stage.

Everything a page or a document needs to show and explain the zoning is here: per village the
score, zone (and whether a planner pinned it, with the reason), the sub-score per dimension, every
indicator's contribution and what would move the village to another zone; for the whole run the
indicators used (with their weights and coverage) and a weight-sensitivity table.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.village import IndicatorValue


class Contribution(DomainModel):
    """How much one indicator added to a village's score (points on the 0–100 scale).

    ``points`` of all contributions sum to the score. ``normalised`` is the indicator's risk on
    0–1 after normalisation (1 = riskiest); ``weight`` its effective share of this village's score
    (shares of present indicators sum to 1). ``imputed``: the value was missing and filled in;
    ``estimated``: the value (or what it is derived from) is an estimate, not published data.
    """

    indicator: str
    name_id: str
    name_en: str
    value: IndicatorValue = None
    points: float
    imputed: bool = False
    estimated: bool = False
    dimension: str = ""
    normalised: float | None = None
    weight: float = 0.0
    derived: bool = False  # computed from geography / the scenario rather than read from a column


class Lever(DomainModel):
    """One indicator change that alone would move a village across a zone boundary."""

    indicator: str
    name_id: str
    name_en: str
    from_value: IndicatorValue = None
    to_value: IndicatorValue = None
    points: float  # the change in score this brings


class ZoneChange(DomainModel):
    """Apa yang menggeser zona: how far a village is from the next zone up or down."""

    direction: Literal["up", "down"]
    zone: str  # the zone it would move to
    points: float  # score change needed (positive for up, negative for down)
    levers: tuple[Lever, ...] = ()  # single-indicator changes that would suffice, strongest first


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
    missing: tuple[str, ...] = ()  # indicators with no value for this village (imputed or excluded)
    given_zone: str | None = None  # the zone the scenario's villages.csv states (e.g. published)
    district_code: str = ""
    district_name: str = ""
    dimensions: dict[str, float] = Field(default_factory=dict)  # sub-score 0–100 per dimension
    changes: tuple[ZoneChange, ...] = ()  # what would move it to the zone above / below
    estimated: bool = False  # some contribution rests on an estimated value


class IndicatorUse(DomainModel):
    """An indicator of the set as used in this run (for legends, tables and the methodology)."""

    id: str
    name_id: str
    name_en: str
    dimension: str
    type: str
    direction: str
    normalisation: str
    weight: float  # nominal share of the score when every indicator is present (sums to 1)
    source: str
    derived: bool = False
    present: int = 0  # villages with a value
    imputed: int = 0
    estimated: int = 0  # villages whose value is an estimate


class DimensionUse(DomainModel):
    """A dimension of the set with its nominal share of the score."""

    id: str
    name_id: str
    name_en: str
    weight: float


class SensitivityRow(DomainModel):
    """How many villages change zone when one weight moves by ±``step`` (e.g. ±20 %)."""

    target: str  # indicator or dimension id
    kind: Literal["indicator", "dimension"]
    name_id: str
    name_en: str
    weight: float  # nominal share before the change
    changed_down: int  # villages changing zone with the weight × (1 − step)
    changed_up: int  # … with the weight × (1 + step)
    villages_down: tuple[str, ...] = ()  # their codes
    villages_up: tuple[str, ...] = ()


class Assessment(DomainModel):
    """Every participating village's risk, in scenario order."""

    schema_version: int = SCHEMA_VERSION
    scenario: str
    method: Literal["given", "indicators"]
    indicator_set: str | None = None
    villages: tuple[VillageRisk, ...]
    notes: tuple[str, ...] = ()
    indicator_set_name_id: str | None = None
    indicator_set_name_en: str | None = None
    zone_method: Literal["threshold", "quantile"] = "threshold"
    # The score each zone starts at in this run (for quantile zoning: the lowest score placed in it).
    thresholds: dict[str, float] = Field(default_factory=dict)
    missing_policy: Literal["exclude", "impute"] = "exclude"
    impute_with: str | None = None
    dimensions: tuple[DimensionUse, ...] = ()
    indicators: tuple[IndicatorUse, ...] = ()
    excluded: tuple[str, ...] = ()  # indicators with no value for any village (left out)
    sensitivity_step: float = 0.2
    sensitivity: tuple[SensitivityRow, ...] = ()

    def zone_of(self, code: str) -> str:
        return self.by_code()[code].zone

    def by_code(self) -> dict[str, VillageRisk]:
        return {v.code: v for v in self.villages}

    def pinned(self) -> tuple[VillageRisk, ...]:
        """Villages whose zone a planner fixed by hand (with the reason)."""
        return tuple(v for v in self.villages if v.pinned)

    def zone_counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for v in self.villages:
            out[v.zone] = out.get(v.zone, 0) + 1
        return out
