"""Penilaian kerawanan (vulnerability assessment): scenario → scores and zones per village.

Public: :func:`assess` (the stage), :func:`load_indicator_set` / :func:`builtin_names` (the
shipped sets ``pilkades``, ``ikp``, ``tps`` or a custom file), :class:`IndicatorSet`, and the
errors :class:`AssessError` (bad settings), :class:`IndicatorSetError` (bad set file),
:class:`IndicatorValueError` (bad value in villages.csv) — all :class:`sispam.domain.SispamError`.
"""

# Names are imported on first use (PEP 562), so importing this package, or one light module of
# it, does not load its heavy libraries; ``from sispam.X import name`` works as before.
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.assess.errors import (
        AssessError,
        AssessIssue,
        IndicatorSetError,
        IndicatorValueError,
    )
    from sispam.assess.given import given_zones
    from sispam.assess.indicators import Dimension, Indicator, IndicatorSet
    from sispam.assess.sets import builtin_names, load_indicator_set, parse_indicator_set
    from sispam.assess.stage import assess

_EXPORTS: dict[str, str] = {
    "AssessError": "sispam.assess.errors",
    "AssessIssue": "sispam.assess.errors",
    "IndicatorSetError": "sispam.assess.errors",
    "IndicatorValueError": "sispam.assess.errors",
    "given_zones": "sispam.assess.given",
    "Dimension": "sispam.assess.indicators",
    "Indicator": "sispam.assess.indicators",
    "IndicatorSet": "sispam.assess.indicators",
    "builtin_names": "sispam.assess.sets",
    "load_indicator_set": "sispam.assess.sets",
    "parse_indicator_set": "sispam.assess.sets",
    "assess": "sispam.assess.stage",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "AssessError",
    "AssessIssue",
    "Dimension",
    "Indicator",
    "IndicatorSet",
    "IndicatorSetError",
    "IndicatorValueError",
    "assess",
    "builtin_names",
    "given_zones",
    "load_indicator_set",
    "parse_indicator_set",
]
