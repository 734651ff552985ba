"""Perangkat indikator (indicator set): what is measured, how it is scaled and weighted — as data.

A set is a TOML file (see ``indicator_sets/``)::

    [set]            id, name_id, name_en, level ("village" | "tps"), description_*, sources
    [[dimensions]]   id, name_id, name_en, weight            (relative weight of the dimension)
    [[indicators]]   id, name_id, name_en, dimension, type, direction, normalisation, weight,
                     source, goalposts = [lo, hi], levels = {text = risk 0–1}, range = [min, max]

``type``: ``binary`` (0/1, ya/tidak), ``count`` (whole number ≥ 0), ``ratio`` (a quantity ≥ 0 on
a ratio scale: minutes, km, voters per TPS, a share) or ``category`` (one of ``levels``, each
mapped to a risk between 0 and 1). ``direction``: ``higher_is_riskier`` or ``lower_is_riskier``.
``normalisation`` to a 0–1 risk: ``none`` (binary, category), ``goalpost`` (fixed ``[lo, hi]``,
clipped — the same village always gets the same value, as in Bawaslu's IKP), ``minmax`` (between
the lowest and highest value among the scenario's villages) or ``rank`` (mid-rank percentile among
them). An indicator's ``weight`` is relative within its dimension; a dimension's ``weight`` is
relative among dimensions. ``source`` is the villages.csv column (default: the id) or a value
Sispam derives (see :mod:`sispam.assess.derive`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sispam.domain import DomainModel

IndicatorType = Literal["binary", "count", "ratio", "category"]
Direction = Literal["higher_is_riskier", "lower_is_riskier"]
Normalisation = Literal["none", "goalpost", "minmax", "rank"]
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Dimension(DomainModel):
    """Dimensi: a group of indicators with its relative weight."""

    id: str = Field(pattern=ID_PATTERN)
    name_id: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    weight: float = Field(default=1.0, ge=0)


class Indicator(DomainModel):
    """Indikator: one measured characteristic of a village (or TPS)."""

    id: str = Field(pattern=ID_PATTERN)
    name_id: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    dimension: str
    type: IndicatorType
    direction: Direction = "higher_is_riskier"
    normalisation: Normalisation | None = None  # default: none for binary/category, else minmax
    goalposts: tuple[float, float] | None = None
    levels: dict[str, float] = Field(default_factory=dict)
    range: tuple[float, float] | None = None  # values outside are refused as errors
    weight: float = Field(default=1.0, ge=0)
    source: str | None = None
    description_id: str = ""
    description_en: str = ""

    @property
    def column(self) -> str:
        """Where the value comes from: a villages.csv column or a derived value."""
        return self.source or self.id

    @property
    def scaling(self) -> Normalisation:
        if self.normalisation is not None:
            return self.normalisation
        return "none" if self.type in ("binary", "category") else "minmax"

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id


class IndicatorSet(DomainModel):
    """A complete, validated indicator set (see the module docstring for the file format)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name_id: str
    name_en: str
    level: Literal["village", "tps"] = "village"
    description_id: str = ""
    description_en: str = ""
    sources: tuple[str, ...] = ()
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    file: str = ""  # where it was read from, for messages

    def dimension(self, dim_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dim_id)

    def indicator(self, ind_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == ind_id)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id

    def with_weights(
        self, indicators: dict[str, float], dimensions: dict[str, float]
    ) -> IndicatorSet:
        """The same set with some weights replaced (ids must exist; checked by the caller)."""
        return self.model_copy(
            update={
                "indicators": tuple(
                    i.model_copy(update={"weight": indicators[i.id]}) if i.id in indicators else i
                    for i in self.indicators
                ),
                "dimensions": tuple(
                    d.model_copy(update={"weight": dimensions[d.id]}) if d.id in dimensions else d
                    for d in self.dimensions
                ),
            }
        )


__all__ = [
    "Dimension",
    "Direction",
    "Indicator",
    "IndicatorSet",
    "IndicatorType",
    "Normalisation",
]
