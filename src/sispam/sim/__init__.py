"""Simulasi (the simulation stage): the election contingency model and Epstein's reference model.

``sispam.sim.simulate`` runs the contingency Monte Carlo of a plan; ``sispam.sim.forecast`` runs
it forward from the present state of election day (the Posko's live forecast);
``sispam.sim.calibration`` turns a drill's measured times into parameters. Importing this package
loads nothing heavy: the compiled engine (Numba) is imported when one of them is first called
(PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sispam.sim.contingency.engine import simulate
    from sispam.sim.contingency.live import forecast

_LAZY = {
    "simulate": "sispam.sim.contingency.engine",
    "forecast": "sispam.sim.contingency.live",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["forecast", "simulate"]
