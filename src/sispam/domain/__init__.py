"""Kosakata bersama (the shared vocabulary): immutable domain objects every stage speaks."""

# Names are imported on first use (PEP 562): a command that needs only a few domain objects does
# not build every model at start-up; ``from sispam.domain import X`` works as before.
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.domain.assessment import Assessment, Contribution, VillageRisk
    from sispam.domain.base import SCHEMA_VERSION, DomainModel
    from sispam.domain.enums import (
        AGENCY_COLOR,
        FORCE_AGENCY,
        KIND_AGENCY,
        KIND_FORCE,
        Agency,
        CommandLevel,
        ElectionType,
        Force,
        PhaseKind,
        PoskoRole,
        ReserveRole,
        SituationLevel,
        UnitKind,
    )
    from sispam.domain.errors import SispamError
    from sispam.domain.plan import (
        Assignment,
        Escort,
        ForceTotals,
        MarginalValue,
        OutreachEvent,
        Plan,
        ReinforcementRequest,
        Requirement,
        ReserveAssignment,
        ReserveRequirement,
        ReserveSite,
        ResponsePromise,
        ScheduleItem,
        Shortfall,
        SolverReport,
        UnitPlan,
        VillagePlan,
    )
    from sispam.domain.scenario import Phase, Scenario, StaffingRule, Zone, ZoneSet
    from sispam.domain.simulation import Estimate, SimResult, TimelineEvent, VillageSim
    from sispam.domain.unit import Unit
    from sispam.domain.village import IndicatorValue, Village

_EXPORTS: dict[str, str] = {
    "Assessment": "sispam.domain.assessment",
    "Contribution": "sispam.domain.assessment",
    "VillageRisk": "sispam.domain.assessment",
    "SCHEMA_VERSION": "sispam.domain.base",
    "DomainModel": "sispam.domain.base",
    "AGENCY_COLOR": "sispam.domain.enums",
    "FORCE_AGENCY": "sispam.domain.enums",
    "KIND_AGENCY": "sispam.domain.enums",
    "KIND_FORCE": "sispam.domain.enums",
    "Agency": "sispam.domain.enums",
    "CommandLevel": "sispam.domain.enums",
    "ElectionType": "sispam.domain.enums",
    "Force": "sispam.domain.enums",
    "PhaseKind": "sispam.domain.enums",
    "PoskoRole": "sispam.domain.enums",
    "ReserveRole": "sispam.domain.enums",
    "SituationLevel": "sispam.domain.enums",
    "UnitKind": "sispam.domain.enums",
    "SispamError": "sispam.domain.errors",
    "Assignment": "sispam.domain.plan",
    "Escort": "sispam.domain.plan",
    "ForceTotals": "sispam.domain.plan",
    "MarginalValue": "sispam.domain.plan",
    "OutreachEvent": "sispam.domain.plan",
    "Plan": "sispam.domain.plan",
    "ReinforcementRequest": "sispam.domain.plan",
    "Requirement": "sispam.domain.plan",
    "ReserveAssignment": "sispam.domain.plan",
    "ReserveRequirement": "sispam.domain.plan",
    "ReserveSite": "sispam.domain.plan",
    "ResponsePromise": "sispam.domain.plan",
    "ScheduleItem": "sispam.domain.plan",
    "Shortfall": "sispam.domain.plan",
    "SolverReport": "sispam.domain.plan",
    "UnitPlan": "sispam.domain.plan",
    "VillagePlan": "sispam.domain.plan",
    "Phase": "sispam.domain.scenario",
    "Scenario": "sispam.domain.scenario",
    "StaffingRule": "sispam.domain.scenario",
    "Zone": "sispam.domain.scenario",
    "ZoneSet": "sispam.domain.scenario",
    "Estimate": "sispam.domain.simulation",
    "SimResult": "sispam.domain.simulation",
    "TimelineEvent": "sispam.domain.simulation",
    "VillageSim": "sispam.domain.simulation",
    "Unit": "sispam.domain.unit",
    "IndicatorValue": "sispam.domain.village",
    "Village": "sispam.domain.village",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "AGENCY_COLOR",
    "FORCE_AGENCY",
    "KIND_AGENCY",
    "KIND_FORCE",
    "SCHEMA_VERSION",
    "Agency",
    "Assessment",
    "Assignment",
    "CommandLevel",
    "Contribution",
    "DomainModel",
    "ElectionType",
    "Escort",
    "Estimate",
    "Force",
    "ForceTotals",
    "IndicatorValue",
    "MarginalValue",
    "OutreachEvent",
    "Phase",
    "PhaseKind",
    "PoskoRole",
    "Plan",
    "ReinforcementRequest",
    "Requirement",
    "ReserveAssignment",
    "ReserveRequirement",
    "ReserveRole",
    "ReserveSite",
    "ResponsePromise",
    "Scenario",
    "ScheduleItem",
    "Shortfall",
    "SimResult",
    "SituationLevel",
    "SispamError",
    "SolverReport",
    "StaffingRule",
    "TimelineEvent",
    "Unit",
    "UnitKind",
    "UnitPlan",
    "Village",
    "VillagePlan",
    "VillageRisk",
    "VillageSim",
    "Zone",
    "ZoneSet",
]
