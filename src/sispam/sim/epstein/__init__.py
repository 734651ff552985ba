"""Model kekerasan sipil Epstein (Epstein 2002, *Modeling civil violence*, model I).

The field's reference model, reproduced with every variant that separates Mesa's example from
NetLogo's *Rebellion*, compiled with Numba. Public API::

    from sispam.sim.epstein import simulate, preset
    run = simulate(preset("mesa"), steps=500, seed=1)
    run.counts  # (steps, 3): quiet, active, jailed

The mechanics the contingency engine reuses are plain functions in :mod:`.rules`:
:func:`neighbourhood_offsets`, :func:`arrest_probability`, :func:`is_active` (and their compiled
twins).
"""

# Names are imported on first use (PEP 562), so importing this package, or one light module of
# it, does not load its heavy libraries; ``from sispam.X import name`` works as before.
from __future__ import annotations

from typing import TYPE_CHECKING

from sispam._lazy import lazy_exports

if TYPE_CHECKING:
    from sispam.sim.epstein.analysis import Outburst, RunStats, outbursts, run_stats
    from sispam.sim.epstein.model import EpsteinModel, EpsteinRun, simulate
    from sispam.sim.epstein.params import (
        MESA,
        NETLOGO,
        PRESETS,
        EpsteinParamError,
        EpsteinParams,
        cop_ramp,
        legitimacy_drop,
        legitimacy_ramp,
        preset,
    )
    from sispam.sim.epstein.rules import (
        arrest_probability,
        arrest_probability_nb,
        grievance,
        is_active,
        is_active_nb,
        neighbourhood_offsets,
        rounded_ratio,
    )

_EXPORTS: dict[str, str] = {
    "Outburst": "sispam.sim.epstein.analysis",
    "RunStats": "sispam.sim.epstein.analysis",
    "outbursts": "sispam.sim.epstein.analysis",
    "run_stats": "sispam.sim.epstein.analysis",
    "EpsteinModel": "sispam.sim.epstein.model",
    "EpsteinRun": "sispam.sim.epstein.model",
    "simulate": "sispam.sim.epstein.model",
    "MESA": "sispam.sim.epstein.params",
    "NETLOGO": "sispam.sim.epstein.params",
    "PRESETS": "sispam.sim.epstein.params",
    "EpsteinParamError": "sispam.sim.epstein.params",
    "EpsteinParams": "sispam.sim.epstein.params",
    "cop_ramp": "sispam.sim.epstein.params",
    "legitimacy_drop": "sispam.sim.epstein.params",
    "legitimacy_ramp": "sispam.sim.epstein.params",
    "preset": "sispam.sim.epstein.params",
    "arrest_probability": "sispam.sim.epstein.rules",
    "arrest_probability_nb": "sispam.sim.epstein.rules",
    "grievance": "sispam.sim.epstein.rules",
    "is_active": "sispam.sim.epstein.rules",
    "is_active_nb": "sispam.sim.epstein.rules",
    "neighbourhood_offsets": "sispam.sim.epstein.rules",
    "rounded_ratio": "sispam.sim.epstein.rules",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "MESA",
    "NETLOGO",
    "PRESETS",
    "EpsteinModel",
    "EpsteinParamError",
    "EpsteinParams",
    "EpsteinRun",
    "Outburst",
    "RunStats",
    "arrest_probability",
    "arrest_probability_nb",
    "cop_ramp",
    "grievance",
    "is_active",
    "is_active_nb",
    "legitimacy_drop",
    "legitimacy_ramp",
    "neighbourhood_offsets",
    "outbursts",
    "preset",
    "rounded_ratio",
    "run_stats",
    "simulate",
]
