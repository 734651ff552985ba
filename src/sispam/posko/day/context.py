"""Das Werkzeug of an operation's election day: the stored scenario, assessment and plan as domain
objects, with the ``[ops]`` and ``[posko.authority]`` settings, the promised response per village
and the gazetteer of the text intake — parsed once per operation (the stored JSON is immutable)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ValidationError

from sispam.domain import Assessment, Plan, Scenario
from sispam.ops import AuthoritySettings, Gazetteer, OpsSettings, promised_response, read_settings
from sispam.posko.day.clock import WIB_MIN

log = logging.getLogger("sispam.posko.day")


def lenient(model: type[BaseModel], data: dict[str, Any]) -> Any:
    """Validate stored JSON; a plan written by a newer Sispam may carry fields this one does not
    know — they are dropped (top level) rather than making the operation unreadable."""
    try:
        return model.model_validate(data)
    except ValidationError:
        known = set(model.model_fields)
        return model.model_validate({k: v for k, v in data.items() if k in known})


@dataclass
class DayContext:
    scenario: Scenario
    plan: Plan
    assessment_json: dict[str, Any] = field(repr=False)
    settings: OpsSettings = field(default_factory=OpsSettings)
    authority: AuthoritySettings = field(default_factory=AuthoritySettings)
    utc_offset_min: int = WIB_MIN

    @classmethod
    def of(cls, payload: dict[str, Any]) -> DayContext:
        scenario = lenient(Scenario, payload["scenario"])
        plan = lenient(Plan, payload["plan"])
        try:
            settings, authority = read_settings(scenario)
        except Exception:  # checked when the scenario was loaded; never block the log
            log.exception("ops settings of %s", payload.get("id"))
            settings, authority = OpsSettings(), AuthoritySettings()
        posko = scenario.stage_settings("posko")
        offset = posko.get("utc_offset_min", WIB_MIN) if isinstance(posko, dict) else WIB_MIN
        return cls(scenario, plan, payload.get("assessment", {}), settings, authority, int(offset))

    @cached_property
    def assessment(self) -> Assessment:
        return lenient(Assessment, self.assessment_json)

    @cached_property
    def promised(self) -> dict[str, float]:
        return promised_response(self.plan, self.settings.default_response_min)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.of(self.scenario, self.settings.fuzzy_score)

    @cached_property
    def villages(self) -> dict[str, Any]:
        return {v.code: v for v in self.scenario.villages}
