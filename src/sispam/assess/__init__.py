"""Penilaian kerawanan (vulnerability assessment): scenario → scores and zones per village.

Public: :func:`assess` (the stage), :func:`load_indicator_set` / :func:`builtin_names` (the
shipped sets ``pilkades``, ``ikp``, ``tps`` or a custom file), :class:`IndicatorSet`, and the
errors :class:`AssessError` (bad settings), :class:`IndicatorSetError` (bad set file),
:class:`IndicatorValueError` (bad value in villages.csv) — all :class:`sispam.domain.SispamError`.
"""

from sispam.assess.errors import AssessError, AssessIssue, IndicatorSetError, IndicatorValueError
from sispam.assess.given import given_zones
from sispam.assess.indicators import Dimension, Indicator, IndicatorSet
from sispam.assess.sets import builtin_names, load_indicator_set, parse_indicator_set
from sispam.assess.stage import assess

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
