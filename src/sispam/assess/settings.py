"""Pengaturan ``[assess]`` (the stage's scenario settings), validated with clear errors.

```toml
[assess]
missing = "exclude"        # exclude (re-normalise weights) | impute
impute_with = "median"     # median | worst | best  (of the observed risks; with missing = impute)
sensitivity_step = 0.2     # weights move ±20 % in the sensitivity table
posts = ["polsek"]         # unit kinds whose homes count as police posts for travel time
capital = [-7.7057, 110.6061]   # regency capital (lat, lng); default: the Polres HQ unit
[assess.weights]           # override indicator weights of the set (relative, ≥ 0)
close_contest = 2.0
[assess.dimension_weights] # override dimension weights
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError

from sispam.assess.errors import AssessError, AssessIssue, validation_issues
from sispam.assess.indicators import IndicatorSet
from sispam.domain import DomainModel, Scenario, UnitKind
from sispam.i18n import t

SCENARIO_FILE = "scenario.toml"


class AssessSettings(DomainModel):
    """The ``[assess]`` table of a scenario."""

    missing: Literal["exclude", "impute"] = "exclude"
    impute_with: Literal["median", "worst", "best"] = "median"
    sensitivity_step: float = Field(default=0.2, gt=0, lt=1)
    posts: tuple[UnitKind, ...] = (UnitKind.POLSEK,)
    capital: tuple[float, float] | None = None
    weights: dict[str, float] = Field(default_factory=dict)
    dimension_weights: dict[str, float] = Field(default_factory=dict)
    top: int = Field(default=5, ge=1)  # contributions shown per village in tables


def read_settings(scenario: Scenario) -> AssessSettings:
    try:
        return AssessSettings.model_validate(scenario.stage_settings("assess"))
    except ValidationError as exc:
        raise AssessError(validation_issues(exc, SCENARIO_FILE, "assess")) from None


def apply_weights(iset: IndicatorSet, settings: AssessSettings) -> IndicatorSet:
    """The set with the scenario's weight overrides; unknown ids and negative weights refused."""
    issues: list[AssessIssue] = []
    ind_ids = [i.id for i in iset.indicators]
    dim_ids = [d.id for d in iset.dimensions]
    for table, given, known, msg in (
        ("assess.weights", settings.weights, ind_ids, "assess.settings.unknown_indicator"),
        (
            "assess.dimension_weights",
            settings.dimension_weights,
            dim_ids,
            "assess.settings.unknown_dimension",
        ),
    ):
        for key, w in given.items():
            if key not in known:
                issues.append(
                    AssessIssue(
                        file=SCENARIO_FILE,
                        key=table,
                        field=key,
                        message=t(msg, id=key, set=iset.id, known=", ".join(known)),
                    )
                )
            elif not w >= 0:
                issues.append(
                    AssessIssue(
                        file=SCENARIO_FILE,
                        key=table,
                        field=key,
                        message=t("assess.settings.negative_weight", value=w),
                    )
                )
    if issues:
        raise AssessError(issues)
    if not settings.weights and not settings.dimension_weights:
        return iset
    return iset.with_weights(settings.weights, settings.dimension_weights)


__all__ = ["AssessSettings", "apply_weights", "read_settings"]
