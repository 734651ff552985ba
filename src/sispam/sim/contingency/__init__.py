"""Simulasi kontinjensi pemilihan (the election contingency model, issue 6).

Per village a crowd may form after a trigger (close contest, disputed count, rejected candidate,
rumour, partiality of officials), escalate hijau → kuning → merah, and meet the response the plan
provides; a Monte Carlo over whole elections gives each village's odds and containment times.
Everything about the model: ``docs/contingency-model.md``.

Public entry point: :func:`simulate`.
"""

from sispam.sim.contingency.engine import simulate
from sispam.sim.contingency.params import (
    ContingencyParams,
    SimInputError,
    SimParamError,
    build_params,
    params_from,
)
from sispam.sim.contingency.sensitivity import RANGES, SensitivityOptions

__all__ = [
    "RANGES",
    "ContingencyParams",
    "SensitivityOptions",
    "SimInputError",
    "SimParamError",
    "build_params",
    "params_from",
    "simulate",
]
