"""Rencana pengamanan (deployment plan): zones → requirement, allocation, reserves, request,
outreach.

Public function: :func:`plan` (``plan(scenario, assessment) -> Plan``). The optimisation models
are usable on their own, spopt-style: :class:`AllocationModel` (units to posts, MILP with HiGHS)
and :class:`CoverageModel` (reserve staging posts, maximal covering).
"""

# Names are imported on first use (PEP 562), so importing this package, or one light module of
# it, does not load its heavy libraries; ``from sispam.X import name`` works as before.
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.plan.allocation import AllocationModel, AllocationSolution
    from sispam.plan.coverage import CoverageModel, CoverageSolution
    from sispam.plan.errors import PlanError
    from sispam.plan.planner import plan
    from sispam.plan.requirement import tps_requirement
    from sispam.plan.settings import OutreachSettings, PlanSettings, read_settings

_EXPORTS: dict[str, str] = {
    "AllocationModel": "sispam.plan.allocation",
    "AllocationSolution": "sispam.plan.allocation",
    "CoverageModel": "sispam.plan.coverage",
    "CoverageSolution": "sispam.plan.coverage",
    "PlanError": "sispam.plan.errors",
    "plan": "sispam.plan.planner",
    "tps_requirement": "sispam.plan.requirement",
    "OutreachSettings": "sispam.plan.settings",
    "PlanSettings": "sispam.plan.settings",
    "read_settings": "sispam.plan.settings",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

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
