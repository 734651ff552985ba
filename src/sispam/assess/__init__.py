"""Penilaian kerawanan (vulnerability assessment): scenario → scores and zones per village.

Public function: :func:`assess`.
"""

from sispam.assess.given import assess

__all__ = ["assess"]
