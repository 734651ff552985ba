"""Pengaturan latihan: the scenario's optional ``[exercise]`` table.

Every figure is a default for the drill's organisers to change, not a fact::

    [exercise]
    village = "33.10.24.2003"        # the drill's village (default: the highest-zone village)
    start = 2023-05-31T08:00:00      # planned start (default: five weeks before election day, 08:00)
    report_target_min = 5            # incident start → first report at the Posko
    order_min = 5                    # a decision reaches the reserve as an order, which moves off
    improvement_days = 14            # days to close an improvement item (capped before the vote)
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sispam.domain import Scenario, SispamError
from sispam.i18n import t

DRILL_LEAD_DAYS = 35
"""The Klaten drill was held on 31 May 2023, 35 days before the vote; the default start keeps
that lead (five weeks) at 08:00."""


class LatihanError(SispamError):
    """A drill that cannot be prepared, run or evaluated as asked (already localised)."""


class ExerciseSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    village: str | None = None
    start: datetime | None = None
    report_target_min: float = Field(default=5.0, gt=0, le=1440)
    order_min: float = Field(
        default=5.0, ge=0, le=1440, description="Decision → order reaches the reserve, moving"
    )
    improvement_days: int = Field(default=14, ge=1, le=365)
    response_min: float = Field(
        default=30.0, gt=0, le=1440, description="Promised response time when the plan has none"
    )


def read_settings(scenario: Scenario) -> ExerciseSettings:
    """The scenario's ``[exercise]`` table, validated (raises :class:`LatihanError`)."""
    try:
        return ExerciseSettings.model_validate(scenario.stage_settings("exercise"))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise LatihanError(
            t("latihan.settings.invalid", key=f"exercise.{where}", reason=first.get("msg", ""))
        ) from None


def default_start(scenario: Scenario, settings: ExerciseSettings) -> datetime:
    """The drill's planned start: the settings', else five weeks before election day at 08:00."""
    if settings.start is not None:
        return settings.start.replace(tzinfo=None)
    day = scenario.election_date - timedelta(days=DRILL_LEAD_DAYS)
    return datetime.combine(day, time(8, 0))
