"""Rencana pengamanan (deployment plan): zones → requirement, allocation, reserves, request,
outreach.

Public function: :func:`plan` (``plan(scenario, assessment) -> Plan``). The optimisation models
are usable on their own, spopt-style: :class:`AllocationModel` (units to posts, MILP with HiGHS)
and :class:`CoverageModel` (reserve staging posts, maximal covering).
"""

from sispam.plan.allocation import AllocationModel, AllocationSolution
from sispam.plan.coverage import CoverageModel, CoverageSolution
from sispam.plan.errors import PlanError
from sispam.plan.planner import plan
from sispam.plan.requirement import tps_requirement
from sispam.plan.settings import OutreachSettings, PlanSettings, read_settings

__all__ = [
    "AllocationModel",
    "AllocationSolution",
    "CoverageModel",
    "CoverageSolution",
    "OutreachSettings",
    "PlanError",
    "PlanSettings",
    "plan",
    "read_settings",
    "tps_requirement",
]
