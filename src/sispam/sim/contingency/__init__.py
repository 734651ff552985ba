"""Simulasi kontinjensi pemilihan (the election contingency model, issue 6).

Per village a crowd may form after a trigger (close contest, disputed count, rejected candidate,
rumour, partiality of officials), escalate hijau → kuning → merah, and meet the response the plan
provides; a Monte Carlo over whole elections gives each village's odds and containment times.
Everything about the model: ``docs/contingency-model.md``.

Public entry point: :func:`simulate`. The parameters are importable without the compiled engine;
``simulate``, the sensitivity options and the forecast load Numba only when first used (PEP 562),
so a command that merely validates settings starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sispam.sim.contingency.params import (
    ContingencyParams,
    SimInputError,
    SimParamError,
    build_params,
    params_from,
)

if TYPE_CHECKING:
    from sispam.sim.contingency.engine import simulate
    from sispam.sim.contingency.live import forecast
    from sispam.sim.contingency.sensitivity import RANGES, SensitivityOptions

_LAZY = {
    "simulate": "sispam.sim.contingency.engine",
    "forecast": "sispam.sim.contingency.live",
    "RANGES": "sispam.sim.contingency.sensitivity",
    "SensitivityOptions": "sispam.sim.contingency.sensitivity",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RANGES",
    "ContingencyParams",
    "SensitivityOptions",
    "SimInputError",
    "SimParamError",
    "build_params",
    "forecast",
    "params_from",
    "simulate",
]
