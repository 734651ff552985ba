"""Galat rencana (plan errors): input the planner cannot work with, explained to the user."""

from __future__ import annotations

from sispam.domain import SispamError


class PlanError(SispamError):
    """A plan cannot be made from this input (the message says why, in the user's language)."""
