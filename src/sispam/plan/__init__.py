"""Rencana pengamanan (deployment plan): zones → requirement, allocation, reserves, request.

Public function: :func:`plan`.
"""

from sispam.plan.requirement import plan, tps_requirement

__all__ = ["plan", "tps_requirement"]
