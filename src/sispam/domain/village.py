"""Desa/kelurahan taking part in an election, with the data the stages need."""

from __future__ import annotations

from pydantic import Field, model_validator

from sispam.domain.base import MAX_COUNT, MAX_VOTERS, DomainModel, SortedSet

VILLAGE_CODE_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"

IndicatorValue = float | str | None


class Village(DomainModel):
    """Desa peserta (participating village) and its polling stations (TPS).

    ``estimated`` names the fields (or indicator columns) whose values are estimates rather than
    published or measured data; every report must show them as such.
    """

    code: str = Field(pattern=VILLAGE_CODE_PATTERN, description="Kode wilayah PP.RR.DD.VVVV")
    name: str = Field(min_length=1)
    district_code: str = Field(description="Kecamatan code PP.RR.DD")
    district_name: str
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    voters: int = Field(ge=0, le=MAX_VOTERS, description="DPT: registered voters")
    tps: int = Field(ge=1, le=MAX_COUNT, description="Tempat pemungutan suara: polling stations")
    candidates: int = Field(ge=0, le=MAX_COUNT, description="Calon kepala desa / candidates")
    incumbent_running: bool = Field(default=False, description="Petahana (or family) running")
    zone: str | None = Field(default=None, description="Zone given in the scenario, if any")
    pin_reason: str | None = Field(
        default=None, description="Zone pinned by the planner (override) with this written reason"
    )
    indicators: dict[str, IndicatorValue] = Field(default_factory=dict)
    estimated: SortedSet[str] = Field(default_factory=frozenset)
    note: str = ""

    @model_validator(mode="after")
    def _pin_needs_zone(self) -> Village:
        if self.pin_reason and not self.zone:
            raise ValueError("rule.pin_needs_zone")
        return self

    @property
    def pinned(self) -> bool:
        """Zona dikunci: the planner fixed this village's zone by hand."""
        return bool(self.pin_reason)

    def is_estimated(self, field: str) -> bool:
        return field in self.estimated
