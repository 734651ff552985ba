"""Pengaturan hari-H (election-day settings): the scenario's ``[ops]`` and ``[posko.authority]``.

``[posko.authority]`` overrides the doctrine's defaults (:mod:`sispam.domain.doctrine`) for who may
declare each level, who holds control at each level, who is informed and who may lower a level::

    [posko.authority]
    raise = { kuning = ["kapolsek", "kapolres"], merah = ["kapolres"] }
    control = { hijau = "kapolsek", kuning = "kapolres", merah = "kapolres" }
    informed = { kuning = ["kapolres"], merah = ["kapolda"] }
    own_area = ["kapolsek"]          # these levels act only in their own area
    lower = "control"                # or "control_or_above"
    pemkab_from = "merah"            # the Pemkab is notified from this level up

``[ops]`` holds the election-day working figures::

    [ops]
    sitrep_times = ["12:00", "16:00", "20:00"]   # fixed cut-off times of the laporan situasi
    stale_min = 15                               # a unit position older than this is shown old
    platoon_size = 30                            # a reserve group smaller than this is flagged

Keys given replace the defaults key by key (a table given for ``raise`` replaces only the levels
it names).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sispam.domain import CommandLevel, Scenario, SituationLevel
from sispam.domain.doctrine import DEFAULT_CONTROL, INFORMED_AT, RAISE_AUTHORITY
from sispam.i18n import t

_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class _Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class AuthoritySettings(_Settings):
    """Matriks kewenangan: who may declare each level, who holds control at each, who is told."""

    raise_: dict[SituationLevel, tuple[CommandLevel, ...]] = Field(
        default_factory=lambda: {k: tuple(sorted(v)) for k, v in RAISE_AUTHORITY.items()},
        alias="raise",
    )
    control: dict[SituationLevel, CommandLevel] = Field(
        default_factory=lambda: dict(DEFAULT_CONTROL)
    )
    informed: dict[SituationLevel, tuple[CommandLevel, ...]] = Field(
        default_factory=lambda: dict(INFORMED_AT)
    )
    own_area: tuple[CommandLevel, ...] = (CommandLevel.KAPOLSEK,)
    lower: Literal["control", "control_or_above"] = "control"
    pemkab_from: SituationLevel = SituationLevel.MERAH

    @model_validator(mode="before")
    @classmethod
    def _per_level(cls, raw: Any) -> Any:
        """A table given for ``raise``, ``control`` or ``informed`` replaces the defaults only
        for the levels it names."""
        if not isinstance(raw, dict):
            return raw
        out = dict(raw)
        defaults = {
            "raise": {k.value: tuple(sorted(v)) for k, v in RAISE_AUTHORITY.items()},
            "control": {k.value: v for k, v in DEFAULT_CONTROL.items()},
            "informed": {k.value: v for k, v in INFORMED_AT.items()},
        }
        for key, base in defaults.items():
            name = "raise_" if key == "raise" and key not in raw else key
            given = raw.get(name)
            if isinstance(given, dict):
                out[name] = {**base, **{str(getattr(k, "value", k)): v for k, v in given.items()}}
        return out

    @model_validator(mode="after")
    def _consistent(self) -> AuthoritySettings:
        if SituationLevel.HIJAU in self.raise_:
            raise ValueError(t("ops.settings.raise_hijau"))
        for level, who in self.raise_.items():
            if not who:
                raise ValueError(t("ops.settings.raise_empty", level=level.value))
        ranks = [self.control[lv].rank for lv in SituationLevel]
        if ranks != sorted(ranks):
            raise ValueError(t("ops.settings.control_order"))
        return self

    def may_raise(self, command: CommandLevel | None, to: SituationLevel) -> bool:
        """Whether ``command`` may declare ``to`` (hijau needs no declaration, only a command)."""
        if command is None:
            return False
        if to is SituationLevel.HIJAU:
            return True
        return command in self.raise_.get(to, ())


class OpsSettings(_Settings):
    """``[ops]``: cut-off times, how old a position may be, and the tolerances of merging."""

    sitrep_times: tuple[str, ...] = ("12:00", "16:00", "20:00")
    stale_min: float = Field(default=15.0, gt=0, description="Minutes a position stays fresh")
    platoon_size: int = Field(default=30, ge=1)
    merge_window_min: float = Field(default=60.0, gt=0)
    time_tolerance_min: float = Field(default=10.0, ge=0)
    crowd_tolerance: float = Field(default=0.3, ge=0, le=1)
    future_tolerance_min: float = Field(default=10.0, ge=0)
    fuzzy_score: float = Field(default=80.0, ge=50, le=100)
    default_response_min: float = Field(default=30.0, gt=0)

    @field_validator("sitrep_times")
    @classmethod
    def _clock(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for item in value:
            if not _CLOCK.match(item.strip()):
                raise ValueError(t("ops.settings.clock", value=item))
        return tuple(sorted(value, key=lambda s: parse_clock(s)))

    def cutoffs(self, day: date) -> tuple[datetime, ...]:
        """The day's fixed cut-off times for the laporan situasi, in order."""
        return tuple(datetime.combine(day, parse_clock(s)) for s in self.sitrep_times)


def parse_clock(text: str) -> time:
    m = _CLOCK.match(text.strip())
    if not m:
        raise ValueError(text)
    return time(int(m.group(1)), int(m.group(2)))


def read_settings(scenario: Scenario) -> tuple[OpsSettings, AuthoritySettings]:
    """Validate ``[ops]`` and ``[posko.authority]``; every problem is reported at once, naming
    ``scenario.toml`` and the key (as :func:`sispam.plan.read_settings` does)."""
    from sispam.scenario.errors import ScenarioError, ScenarioIssue, issues_from_validation

    issues: list[ScenarioIssue] = []
    ops = OpsSettings()
    authority = AuthoritySettings()
    try:
        ops = OpsSettings.model_validate(scenario.stage_settings("ops"))
    except ValidationError as exc:
        for i in issues_from_validation(exc, "scenario.toml"):
            issues.append(ScenarioIssue(file=i.file, message=i.message, column=f"ops.{i.column}"))
    posko = scenario.stage_settings("posko")
    raw = posko.get("authority", {})
    if not isinstance(raw, dict):
        issues.append(
            ScenarioIssue(
                file="scenario.toml", column="posko.authority", message=t("ops.settings.table")
            )
        )
    else:
        try:
            authority = AuthoritySettings.model_validate(raw)
        except ValidationError as exc:
            for i in issues_from_validation(exc, "scenario.toml"):
                column = "posko.authority" + (f".{i.column}" if i.column else "")
                issues.append(ScenarioIssue(file=i.file, message=i.message, column=column))
    if issues:
        raise ScenarioError(issues)
    return ops, authority
