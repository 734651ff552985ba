"""Kosakata bersama (the shared vocabulary): immutable domain objects every stage speaks."""

from sispam.domain.assessment import Assessment, Contribution, VillageRisk
from sispam.domain.base import SCHEMA_VERSION, DomainModel
from sispam.domain.enums import (
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
    ForceTotals,
    MarginalValue,
    OutreachEvent,
    Plan,
    ReinforcementRequest,
    Requirement,
    ReserveAssignment,
    ReserveRequirement,
    ReserveSite,
    Shortfall,
    SolverReport,
    UnitPlan,
    VillagePlan,
)
from sispam.domain.scenario import Phase, Scenario, StaffingRule, Zone, ZoneSet
from sispam.domain.simulation import Estimate, SimResult, TimelineEvent, VillageSim
from sispam.domain.unit import Unit
from sispam.domain.village import IndicatorValue, Village

__all__ = [
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
    "Scenario",
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
