"""Simulasi kontinjensi pemilihan (the election contingency model, issue 6).

Per village a crowd may form after a trigger (close contest, disputed count, rejected candidate,
rumour, partiality of officials), escalate hijau → kuning → merah, and meet the response the plan
provides; a Monte Carlo over whole elections gives each village's odds and containment times.
Everything about the model: ``docs/contingency-model.md``.

Public entry point: :func:`simulate`.
"""

# Names are imported on first use (PEP 562), so importing this package, or one light module of
# it, does not load its heavy libraries; ``from sispam.X import name`` works as before.
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.sim.contingency.engine import simulate
    from sispam.sim.contingency.params import (
        ContingencyParams,
        SimInputError,
        SimParamError,
        build_params,
        params_from,
    )
    from sispam.sim.contingency.sensitivity import RANGES, SensitivityOptions

_EXPORTS: dict[str, str] = {
    "simulate": "sispam.sim.contingency.engine",
    "ContingencyParams": "sispam.sim.contingency.params",
    "SimInputError": "sispam.sim.contingency.params",
    "SimParamError": "sispam.sim.contingency.params",
    "build_params": "sispam.sim.contingency.params",
    "params_from": "sispam.sim.contingency.params",
    "RANGES": "sispam.sim.contingency.sensitivity",
    "SensitivityOptions": "sispam.sim.contingency.sensitivity",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

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
